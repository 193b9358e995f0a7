package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fakeHub serves listings named by the "q" query value: each listing has
// size models "q-0", "q-1", ... in pages of pageSize. Parameters of model i
// are i billion, so size predicates select predictable subsets.
type fakeHub struct {
	pageSize int
	size     int
	fail     map[string]error // listing -> error for every page
	loop     map[string]bool  // listing whose next page is itself
	dupe     bool             // repeat the last model of a page at the start of the next

	mu       sync.Mutex
	calls    map[string]int
	inFlight atomic.Int32
	maxIn    atomic.Int32
	block    chan struct{} // when non-nil, Page waits on it (or ctx)
}

func (h *fakeHub) firstURL(q url.Values) string {
	return "fake://list?q=" + q.Get("q") + "&p=0"
}

func (h *fakeHub) page(ctx context.Context, raw string) (Page, error) {
	n := h.inFlight.Add(1)
	defer h.inFlight.Add(-1)
	for {
		m := h.maxIn.Load()
		if n <= m || h.maxIn.CompareAndSwap(m, n) {
			break
		}
	}
	h.mu.Lock()
	if h.calls == nil {
		h.calls = map[string]int{}
	}
	h.calls[raw]++
	h.mu.Unlock()
	if h.block != nil {
		select {
		case <-h.block:
		case <-ctx.Done():
			return Page{}, ctx.Err()
		}
	}
	u, _ := url.Parse(raw)
	q := u.Query().Get("q")
	if err := h.fail[q]; err != nil {
		return Page{}, err
	}
	p, _ := strconv.Atoi(u.Query().Get("p"))
	var pg Page
	from := p * h.pageSize
	if h.dupe && p > 0 {
		from--
	}
	for i := from; i < (p+1)*h.pageSize && i < h.size; i++ {
		pg.Models = append(pg.Models, manifest.Model{ID: fmt.Sprintf("%s-%d", q, i), Parameters: int64(i) * 1e9})
	}
	if h.loop[q] {
		pg.Next = raw
	} else if (p+1)*h.pageSize < h.size {
		pg.Next = fmt.Sprintf("fake://list?q=%s&p=%d", q, p+1)
	}
	return pg, nil
}

func (h *fakeHub) source(filters ...config.Filter) Source {
	return Source{Name: "fake", FirstURL: h.firstURL, Page: h.page, Concurrency: 3, Filters: filters}
}

func filter(name, listing string, limit int) config.Filter {
	return config.Filter{Name: name, Query: url.Values{"q": {listing}}, Limit: limit}
}

func ids(prefix string, from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("%s-%d", prefix, i))
	}
	return out
}

func TestRunFilters(t *testing.T) {
	small := filter("small", "a", 5)
	small.Match = config.Match{Size: "small"}
	large := filter("large", "a", 3)
	large.Match = config.Match{Size: "large"}
	tests := []struct {
		name    string
		hub     *fakeHub
		filters []config.Filter
		want    map[string][]string // filter -> ids; nil entry means the filter must fail
		wantErr map[string]string
	}{
		{
			name:    "paginates to limit",
			hub:     &fakeHub{pageSize: 10, size: 100},
			filters: []config.Filter{filter("x", "a", 25)},
			want:    map[string][]string{"x": ids("a", 0, 25)},
		},
		{
			name:    "listing ends before limit",
			hub:     &fakeHub{pageSize: 10, size: 12},
			filters: []config.Filter{filter("x", "a", 50)},
			want:    map[string][]string{"x": ids("a", 0, 12)},
		},
		{
			name:    "size predicates select by parameter count",
			hub:     &fakeHub{pageSize: 10, size: 100},
			filters: []config.Filter{small, large},
			want:    map[string][]string{"small": ids("a", 1, 6), "large": ids("a", 14, 17)}, // a-0 has no known size
		},
		{
			name:    "duplicates across pages are dropped",
			hub:     &fakeHub{pageSize: 10, size: 30, dupe: true},
			filters: []config.Filter{filter("x", "a", 30)},
			want:    map[string][]string{"x": ids("a", 0, 30)},
		},
		{
			name:    "a failing filter fails alone",
			hub:     &fakeHub{pageSize: 10, size: 30, fail: map[string]error{"bad": errors.New("503 Service Unavailable")}},
			filters: []config.Filter{filter("ok", "a", 5), filter("broken", "bad", 5)},
			want:    map[string][]string{"ok": ids("a", 0, 5)},
			wantErr: map[string]string{"broken": `fake filter "broken": 503 Service Unavailable`},
		},
		{
			name:    "pagination loop is detected",
			hub:     &fakeHub{pageSize: 10, size: 30, loop: map[string]bool{"a": true}},
			filters: []config.Filter{filter("x", "a", 20)},
			wantErr: map[string]string{"x": "pagination loops"},
		},
		{
			name:    "page cap",
			hub:     &fakeHub{pageSize: 1, size: 1000},
			filters: []config.Filter{filter("x", "a", 500)},
			wantErr: map[string]string{"x": "did not end within 100 pages"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(context.Background(), []Source{tt.hub.source(tt.filters...)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := res[0]
			if len(got.Filters) != len(tt.filters) {
				t.Fatalf("%d results for %d filters", len(got.Filters), len(tt.filters))
			}
			for _, f := range got.Filters {
				if want, ok := tt.wantErr[f.Name]; ok {
					if f.Err == nil || !strings.Contains(f.Err.Error(), want) {
						t.Errorf("%s: err = %v, want containing %q", f.Name, f.Err, want)
					}
					if f.ModelIDs != nil {
						t.Errorf("%s: failed filter has ids %v", f.Name, f.ModelIDs)
					}
					continue
				}
				if f.Err != nil {
					t.Errorf("%s: unexpected error %v", f.Name, f.Err)
					continue
				}
				if strings.Join(f.ModelIDs, ",") != strings.Join(tt.want[f.Name], ",") {
					t.Errorf("%s: ids %v, want %v", f.Name, f.ModelIDs, tt.want[f.Name])
				}
				for _, id := range f.ModelIDs {
					if _, ok := got.Models[id]; !ok {
						t.Errorf("%s: id %s missing from models", f.Name, id)
					}
				}
				if f.FetchedAt.IsZero() {
					t.Errorf("%s: FetchedAt not set", f.Name)
				}
			}
		})
	}
}

func TestRunCoalescesSharedPages(t *testing.T) {
	h := &fakeHub{pageSize: 10, size: 100}
	var fs []config.Filter
	for i := range 6 {
		fs = append(fs, filter(fmt.Sprintf("f%d", i), "shared", 10*(i+1))) // needs 1..6 pages
	}
	res, err := Run(context.Background(), []Source{h.source(fs...)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := res[0].Stats
	if st.Pages != 6 || st.PageNeeds != 1+2+3+4+5+6 {
		t.Fatalf("pages fetched %d, needed %d; want 6 and 21", st.Pages, st.PageNeeds)
	}
	for u, n := range h.calls {
		if n != 1 {
			t.Errorf("%s fetched %d times", u, n)
		}
	}
}

func TestRunBoundsConcurrency(t *testing.T) {
	h := &fakeHub{pageSize: 1, size: 5}
	var fs []config.Filter
	for i := range 20 {
		fs = append(fs, filter(fmt.Sprintf("f%02d", i), fmt.Sprintf("l%02d", i), 5))
	}
	src := h.source(fs...)
	src.Concurrency = 2
	if _, err := Run(context.Background(), []Source{src}, Options{}); err != nil {
		t.Fatal(err)
	}
	if m := h.maxIn.Load(); m > 2 || m < 1 {
		t.Fatalf("max concurrent page fetches %d, want 1..2", m)
	}
}

func TestRunCancelled(t *testing.T) {
	h := &fakeHub{pageSize: 10, size: 100, block: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := Run(ctx, []Source{h.source(filter("a", "a", 5), filter("b", "b", 5))}, Options{})
		done <- err
	}()
	for h.inFlight.Load() == 0 {
		// wait until a page fetch is blocked
		select {
		case err := <-done:
			t.Fatalf("Run returned early: %v", err)
		default:
		}
		runtime.Gosched()
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

type recorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *recorder) Start(source string, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, fmt.Sprintf("start %s %d", source, n))
}

func (r *recorder) FilterDone(source, filter string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, fmt.Sprintf("done %s", source))
}

func TestRunReportsProgress(t *testing.T) {
	h := &fakeHub{pageSize: 10, size: 20}
	rec := &recorder{}
	if _, err := Run(context.Background(), []Source{h.source(filter("a", "a", 5), filter("b", "b", 5))}, Options{Progress: rec}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.lines, ";"); got != "start fake 2;done fake;done fake" {
		t.Fatalf("progress %q", got)
	}
}
