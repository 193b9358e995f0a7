package hub

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// hfMaxLimit is the largest page the Hub returns; larger limits are clamped.
const hfMaxLimit = 1000

// hfDefaultFields is the field set of a list item without full or expand.
var hfDefaultFields = []string{"_id", "id", "likes", "trendingScore", "private", "downloads", "tags", "pipeline_tag", "library_name", "createdAt", "modelId"}

// hfFullFields is the field set with full=true.
var hfFullFields = []string{"_id", "id", "author", "gated", "lastModified", "likes", "trendingScore", "private", "sha", "downloads", "tags", "pipeline_tag", "library_name", "createdAt", "modelId", "siblings"}

// hfExpandable are the expand values rendered, in output order.
var hfExpandable = []string{
	"author", "createdAt", "disabled", "downloads", "downloadsAllTime", "gated", "gguf", "lastModified",
	"library_name", "likes", "pipeline_tag", "private", "safetensors", "sha", "siblings", "tags", "trendingScore", "usedStorage",
}

// hfExpandIgnored are valid expand values the snapshot has no data for;
// they are accepted and produce no field.
var hfExpandIgnored = []string{
	"baseModels", "cardData", "childrenModelCount", "config", "evalResults", "inference", "inferenceProviderMapping",
	"mask_token", "model-index", "resourceGroup", "spaces", "transformersInfo", "widgetData",
}

// hfRequest is a validated /api/models query.
type hfRequest struct {
	search, author, pipeline, library string
	filters                           []string
	sort                              string
	limit                             int
	fields                            []string
	cursor                            *hfCursor
}

// hfCursor is the position after which a page starts.
type hfCursor struct {
	value int64
	oid   string
}

// listHF answers GET /api/models from snap, misbehaving as mb says.
func listHF(snap *hfSnapshot, r *http.Request, mb Misbehaviour) response {
	q := r.URL.Query()
	req, err := parseHFRequest(q)
	if err != nil {
		return jsonError(http.StatusBadRequest, err.Error())
	}
	req.ignore(mb)
	order := snap.sorted[req.sort]
	start := 0
	if c := req.cursor; c != nil {
		start = sort.Search(len(order), func(i int) bool {
			v := hfSortValue(req.sort, order[i])
			return v < c.value || v == c.value && order[i].oid > c.oid
		})
		if mb.DupPages { // start at the previous page's last model
			for i := start - 1; i >= 0; i-- {
				if req.match(order[i]) {
					start = i
					break
				}
			}
		}
	}
	var page []*hfModel
	more := false
	for _, m := range order[start:] {
		if !req.match(m) {
			continue
		}
		if len(page) == req.limit {
			more = true
			break
		}
		page = append(page, m)
	}

	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, m := range page {
		if i > 0 {
			buf.WriteByte(',')
		}
		m.render(&buf, req.fields)
	}
	buf.WriteByte(']')
	resp := response{status: http.StatusOK, header: http.Header{"Content-Type": {jsonContentType}}, body: buf.Bytes()}
	cursor := ""
	switch {
	case (more || mb.EmptyCursor) && len(page) > 0: // empty-cursor: the last page announces one more
		cursor = encodeHFCursor(req.sort, page[len(page)-1])
	case mb.EmptyCursor && req.cursor != nil: // and that empty page announces itself
		cursor = q.Get("cursor")
	}
	if cursor != "" {
		var add [][2]string
		if !q.Has("sort") {
			add = append(add, [2]string{"sort", hfSorts[0]})
		}
		add = append(add, [2]string{"cursor", cursor})
		next := requestOrigin(r) + r.URL.Path + "?" + nextQuery(r.URL.RawQuery, add, url.QueryEscape)
		resp.header.Set("Link", "<"+next+`>; rel="next"`)
	}
	return resp
}

// parseHFRequest validates the query; unknown parameters are ignored.
func parseHFRequest(q url.Values) (hfRequest, error) {
	req := hfRequest{
		search:   strings.ToLower(q.Get("search")),
		author:   q.Get("author"),
		pipeline: q.Get("pipeline_tag"),
		library:  q.Get("library"),
		sort:     hfSorts[0],
		limit:    hfMaxLimit,
		fields:   hfDefaultFields,
	}
	for _, f := range q["filter"] {
		for t := range strings.SplitSeq(f, ",") {
			if t = strings.TrimSpace(t); t != "" {
				req.filters = append(req.filters, t)
			}
		}
	}
	if s := q.Get("sort"); s != "" {
		if !slices.Contains(hfSorts, s) {
			return req, fmt.Errorf("Invalid sort parameter %q: must be one of %s", s, strings.Join(hfSorts, ", ")) //nolint:staticcheck // the Hub's wording
		}
		req.sort = s
	}
	if s, ok := q["limit"]; ok {
		n, err := strconv.Atoi(s[0])
		if err != nil || n < 1 {
			return req, fmt.Errorf("Invalid limit parameter %q: must be a positive integer", s[0]) //nolint:staticcheck // the Hub's wording
		}
		req.limit = min(n, hfMaxLimit)
	}
	if full := q.Get("full"); full == "true" || full == "1" || full == "True" {
		req.fields = hfFullFields
	}
	expand := append(slices.Clone(q["expand"]), q["expand[]"]...)
	if len(expand) > 0 {
		want := map[string]bool{}
		for _, e := range expand {
			for v := range strings.SplitSeq(e, ",") {
				if !slices.Contains(hfExpandable, v) && !slices.Contains(hfExpandIgnored, v) {
					return req, fmt.Errorf("Invalid expand value %q", v) //nolint:staticcheck // the Hub's wording
				}
				want[v] = true
			}
		}
		req.fields = []string{"_id", "id"}
		for _, f := range hfExpandable {
			if want[f] {
				req.fields = append(req.fields, f)
			}
		}
	}
	if c := q.Get("cursor"); c != "" {
		cur, err := decodeHFCursor(req.sort, c)
		if err != nil {
			return req, errors.New("Invalid cursor") //nolint:staticcheck // the Hub's wording
		}
		req.cursor = &cur
	}
	return req, nil
}

// ignore drops the filters the misbehaving API does not apply; with
// RepeatPage it forgets the cursor.
func (req *hfRequest) ignore(mb Misbehaviour) {
	if mb.ignores("pipeline_tag") {
		req.pipeline = ""
	}
	if mb.ignores("library") {
		req.library = ""
	}
	if mb.ignores("author") {
		req.author = ""
	}
	if mb.ignores("search") {
		req.search = ""
	}
	if mb.ignores("filter") {
		req.filters = nil
	}
	if mb.RepeatPage {
		req.cursor = nil
	}
}

// match reports whether m passes the request's filters.
func (req *hfRequest) match(m *hfModel) bool {
	if req.search != "" && !strings.Contains(strings.ToLower(m.id), req.search) {
		return false
	}
	if req.author != "" && !strings.EqualFold(req.author, m.author) {
		return false
	}
	if req.pipeline != "" && req.pipeline != m.pipeline {
		return false
	}
	if req.library != "" && req.library != m.library {
		return false
	}
	for _, f := range req.filters {
		if !slices.Contains(m.tags, f) {
			return false
		}
	}
	return true
}

// The cursor is, like the Hub's, base64 of a MongoDB-style range predicate:
// {"$or":[{"<sort>":v,"_id":{"$gt":"<_id>"}},{"<sort>":{"$lt":v}}]}.

func encodeHFCursor(sortKey string, m *hfModel) string {
	var v any = hfSortValue(sortKey, m)
	if sortKey == "createdAt" || sortKey == "lastModified" {
		v = isoMillis(time.UnixMilli(v.(int64)))
	}
	k, val := string(marshalJSON(sortKey)), string(marshalJSON(v))
	pred := `{"$or":[{` + k + `:` + val + `,"_id":{"$gt":` + string(marshalJSON(m.oid)) + `}},{` + k + `:{"$lt":` + val + `}}]}`
	return base64.URLEncoding.EncodeToString([]byte(pred))
}

func decodeHFCursor(sortKey, s string) (hfCursor, error) {
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.URLEncoding, base64.StdEncoding, base64.RawURLEncoding, base64.RawStdEncoding} {
		if raw, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil {
		return hfCursor{}, err
	}
	var pred struct {
		Or []map[string]json.RawMessage `json:"$or"`
	}
	if err := json.Unmarshal(raw, &pred); err != nil {
		return hfCursor{}, err
	}
	if len(pred.Or) == 0 {
		return hfCursor{}, errors.New("empty predicate")
	}
	var id struct {
		Gt string `json:"$gt"`
	}
	if err := json.Unmarshal(pred.Or[0]["_id"], &id); err != nil || id.Gt == "" {
		return hfCursor{}, errors.New("no _id in cursor")
	}
	val, ok := pred.Or[0][sortKey]
	if !ok {
		return hfCursor{}, errors.New("cursor is for another sort")
	}
	c := hfCursor{oid: id.Gt}
	if sortKey == "createdAt" || sortKey == "lastModified" {
		var s string
		if err := json.Unmarshal(val, &s); err != nil {
			return hfCursor{}, err
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return hfCursor{}, err
		}
		c.value = t.UnixMilli()
	} else if err := json.Unmarshal(val, &c.value); err != nil {
		return hfCursor{}, err
	}
	return c, nil
}
