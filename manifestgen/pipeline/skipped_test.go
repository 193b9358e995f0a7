package pipeline

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// TestRunSkippedItemNamed: a malformed item a client left out of a page is
// counted and named in a warning (source, filter, page, position, id), and
// the filter succeeds with the rest, recording the version it selected of
// each model it kept.
func TestRunSkippedItemNamed(t *testing.T) {
	page := func(ctx context.Context, u string) (Page, error) {
		return Page{
			Models:  []manifest.Model{{ID: "1", VersionID: 11, BaseModel: "Pony"}, {ID: "3"}},
			Skipped: []manifest.SkippedItem{{Position: 1, ID: "2", Reason: "tags: want a string, got a number"}},
		}, nil
	}
	var log bytes.Buffer
	src := Source{Name: "civitai", FirstURL: func(url.Values) string { return "https://hub.test/list?limit=3" }, Page: page, Concurrency: 1, Versions: true,
		Filters: []config.Filter{{Name: "lora/week", Limit: 10}}}
	res, err := Run(t.Context(), []Source{src}, Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f := res[0].Filters[0]
	if f.Err != nil || !slices.Equal(f.ModelIDs, []string{"1", "3"}) || res[0].Stats.Skipped != 1 {
		t.Fatalf("filter %+v, skipped %d; want ids 1 and 3, one skipped", f, res[0].Stats.Skipped)
	}
	if want := []manifest.SelectedVersion{{ID: 11, BaseModel: "Pony"}, {}}; !reflect.DeepEqual(f.Versions, want) {
		t.Errorf("versions %+v, want %+v", f.Versions, want)
	}
	for _, want := range []string{"malformed item skipped", "source=civitai", "filter=lora/week", "page=\"https://hub.test/list?limit=3\"", "item=1", "id=2", "tags: want a string"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("warning lacks %q:\n%s", want, log.String())
		}
	}
}
