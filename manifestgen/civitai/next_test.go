package civitai

import (
	"encoding/json"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

func TestNextURL(t *testing.T) {
	const page = "http://127.0.0.1:1/api/v1/models?limit=2&page=3&types=LORA&types=Checkpoint"
	tests := []struct {
		name    string
		md      *Metadata
		want    string
		wantErr bool
	}{
		{name: "no metadata", want: ""},
		{name: "no cursor", md: &Metadata{}, want: ""},
		{name: "null cursor", md: &Metadata{NextCursor: json.RawMessage(`null`)}, want: ""},
		{name: "empty cursor", md: &Metadata{NextCursor: json.RawMessage(`""`)}, want: ""},
		{name: "null cursor ignores nextPage", md: &Metadata{NextCursor: json.RawMessage(`null`), NextPage: "http://127.0.0.1:1/x"}, want: ""},
		{name: "empty page with a cursor", md: &Metadata{NextCursor: json.RawMessage(`"a"`)},
			want: "http://127.0.0.1:1/api/v1/models?cursor=a&limit=2&types=LORA&types=Checkpoint"},
		{
			name: "string cursor built, page dropped, lists kept",
			md:   &Metadata{NextCursor: json.RawMessage(`"22138|364671|25494"`)},
			want: "http://127.0.0.1:1/api/v1/models?cursor=22138%7C364671%7C25494&limit=2&types=LORA&types=Checkpoint",
		},
		{
			name: "date cursor",
			md:   &Metadata{NextCursor: json.RawMessage(`"2024-03-10T21:35:22.332Z"`)},
			want: "http://127.0.0.1:1/api/v1/models?cursor=2024-03-10T21%3A35%3A22.332Z&limit=2&types=LORA&types=Checkpoint",
		},
		{
			name: "numeric cursor verbatim",
			md:   &Metadata{NextCursor: json.RawMessage(`12345678901234567890`)},
			want: "http://127.0.0.1:1/api/v1/models?cursor=12345678901234567890&limit=2&types=LORA&types=Checkpoint",
		},
		{
			name: "nextPage on same host used verbatim",
			md:   &Metadata{NextCursor: json.RawMessage(`"c"`), NextPage: "http://127.0.0.1:1/api/v1/models?limit=2&page=3&cursor=c&x=1"},
			want: "http://127.0.0.1:1/api/v1/models?limit=2&page=3&cursor=c&x=1",
		},
		{
			name: "relative nextPage resolved",
			md:   &Metadata{NextCursor: json.RawMessage(`"c"`), NextPage: "/api/v1/models?cursor=c&y=2"},
			want: "http://127.0.0.1:1/api/v1/models?cursor=c&y=2",
		},
		{
			name: "nextPage on another host not followed: cursor on the page's origin",
			md:   &Metadata{NextCursor: json.RawMessage(`"c"`), NextPage: "http://api.civitai.com/api/v1/models?cursor=c"},
			want: "http://127.0.0.1:1/api/v1/models?cursor=c&limit=2&types=LORA&types=Checkpoint",
		},
		{
			name: "nextPage on another port not followed",
			md:   &Metadata{NextCursor: json.RawMessage(`"c"`), NextPage: "http://127.0.0.1:2/api/v1/models?cursor=c"},
			want: "http://127.0.0.1:1/api/v1/models?cursor=c&limit=2&types=LORA&types=Checkpoint",
		},
		{
			name: "nextPage with user info not followed",
			md:   &Metadata{NextCursor: json.RawMessage(`"c"`), NextPage: "http://u:p@127.0.0.1:1/api/v1/models?cursor=c"},
			want: "http://127.0.0.1:1/api/v1/models?cursor=c&limit=2&types=LORA&types=Checkpoint",
		},
		{
			name: "nextPage on an allowed mirror followed",
			md:   &Metadata{NextCursor: json.RawMessage(`"c"`), NextPage: "http://127.0.0.2:1/api/v1/models?cursor=c"},
			want: "http://127.0.0.2:1/api/v1/models?cursor=c",
		},
		{
			name: "nextPage on another scheme refused", md: &Metadata{NextCursor: json.RawMessage(`"c"`), NextPage: "https://127.0.0.1:1/api/v1/models?cursor=c"},
			wantErr: true,
		},
		{
			name: "nextPage on another scheme and host refused", md: &Metadata{NextCursor: json.RawMessage(`"c"`), NextPage: "https://api.civitai.com/api/v1/models?cursor=c"},
			wantErr: true,
		},
		{
			name: "malformed nextPage ignored",
			md:   &Metadata{NextCursor: json.RawMessage(`"c"`), NextPage: "http://[::1"},
			want: "http://127.0.0.1:1/api/v1/models?cursor=c&limit=2&types=LORA&types=Checkpoint",
		},
		{name: "object cursor", md: &Metadata{NextCursor: json.RawMessage(`{"a":1}`)}, wantErr: true},
		{name: "bool cursor", md: &Metadata{NextCursor: json.RawMessage(`true`)}, wantErr: true},
	}
	rule, err := origin.NewRule("http://127.0.0.1:1", "http://127.0.0.2:1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		got, err := nextURL(page, tt.md, rule)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, wantErr %v", tt.name, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
