package httpcache

import (
	"net/http"
	"reflect"
	"testing"
)

func TestMergeHeaders(t *testing.T) {
	stored := http.Header{
		"Content-Type":  {"application/json"},
		"Etag":          {`"v1"`},
		"Link":          {`<https://h/next>; rel="next"`},
		"Cache-Control": {"public, s-maxage=300"},
	}
	tests := []struct {
		name  string
		fresh http.Header
		want  http.Header
	}{
		{
			name:  "rate limit and date from the 304, link kept",
			fresh: http.Header{"Ratelimit": {`"api";r=1;t=5`}, "Date": {"d"}, "Content-Length": {"0"}},
			want: http.Header{
				"Content-Type": {"application/json"}, "Etag": {`"v1"`}, "Link": {`<https://h/next>; rel="next"`},
				"Cache-Control": {"public, s-maxage=300"}, "Ratelimit": {`"api";r=1;t=5`}, "Date": {"d"},
			},
		},
		{
			name:  "304 replaces link, etag and cache-control",
			fresh: http.Header{"Link": {"<x>; rel=\"next\""}, "Etag": {`W/"v1"`}, "Cache-Control": {"no-cache"}, "Content-Encoding": {"gzip"}},
			want: http.Header{
				"Content-Type": {"application/json"}, "Etag": {`W/"v1"`}, "Link": {"<x>; rel=\"next\""},
				"Cache-Control": {"no-cache"},
			},
		},
		{name: "empty 304", fresh: http.Header{}, want: stored},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := stored.Clone()
			if got := mergeHeaders(stored, tc.fresh); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v\nwant %v", got, tc.want)
			}
			if !reflect.DeepEqual(stored, before) {
				t.Errorf("stored headers modified")
			}
		})
	}
}

func TestHasDirective(t *testing.T) {
	tests := []struct {
		cc   []string
		want bool
	}{
		{[]string{"no-store"}, true},
		{[]string{"public, No-Store"}, true},
		{[]string{"max-age=0", " no-store "}, true},
		{[]string{"no-storex, private"}, false},
		{[]string{`private="no-store"`}, false},
		{nil, false},
	}
	for _, tc := range tests {
		if got := hasDirective(http.Header{"Cache-Control": tc.cc}, "no-store"); got != tc.want {
			t.Errorf("%q: got %v", tc.cc, got)
		}
	}
}

func TestSameETag(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{`"x"`, `"x"`, true},
		{`W/"x"`, `"x"`, true},
		{`W/"x"`, `W/"x"`, true},
		{`"x"`, `"y"`, false},
		{`"x-gzip"`, `"x"`, false},
	}
	for _, tc := range tests {
		if got := sameETag(tc.a, tc.b); got != tc.want {
			t.Errorf("sameETag(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
}

func TestVaryNames(t *testing.T) {
	tests := []struct {
		vary  []string
		names []string
		star  bool
	}{
		{nil, nil, false},
		{[]string{"accept, accept-encoding"}, []string{"Accept", "Accept-Encoding"}, false},
		{[]string{"Origin", "Accept"}, []string{"Origin", "Accept"}, false},
		{[]string{"Accept, *"}, nil, true},
	}
	for _, tc := range tests {
		names, star := varyNames(http.Header{"Vary": tc.vary})
		if !reflect.DeepEqual(names, tc.names) || star != tc.star {
			t.Errorf("%q: got %v %v", tc.vary, names, star)
		}
	}
}
