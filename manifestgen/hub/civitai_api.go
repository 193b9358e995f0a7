package hub

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// civitaiMaxDepth is the page-mode cap: page*limit beyond it is refused.
const civitaiMaxDepth = 1000

type civListJSON struct {
	Items    []civItemJSON `json:"items"`
	Metadata civMetaJSON   `json:"metadata"`
}

type civMetaJSON struct {
	NextCursor  any    `json:"nextCursor,omitempty"` // string, or a number in search mode
	NextPage    string `json:"nextPage,omitempty"`
	CurrentPage int    `json:"currentPage,omitempty"`
	PageSize    int    `json:"pageSize,omitempty"`
}

// civRequest is a validated /api/v1/models query.
type civRequest struct {
	limit   int
	page    int // 0: cursor mode
	sort    string
	cursor  *civKey
	types   []string
	bases   []string
	since   time.Time // zero: AllTime
	allNSFW bool
	user    string
	tag     string
	query   string
	ids     []int64
	none    bool // favorites=true for a user with no favorites
	primary bool
}

// listCivitAI answers GET /api/v1/models from snap, misbehaving as mb says.
func listCivitAI(snap *civitaiSnapshot, r *http.Request, mb Misbehaviour) response {
	q := r.URL.Query()
	authed := strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") || q.Has("token")
	if (q.Has("favorites") || q.Has("hidden")) && !authed {
		return civResponse(jsonError(http.StatusUnauthorized, "Unauthorized"), authed)
	}
	req, issues := parseCivRequest(q)
	if len(issues) > 0 {
		return civResponse(zodError(issues), authed)
	}
	if q.Has("page") && req.query != "" {
		return civResponse(jsonError(http.StatusBadRequest, "Cannot use page param with query search. Use cursor-based pagination."), authed)
	}
	req.ignore(mb)
	if raw := q.Get("cursor"); raw != "" && !mb.RepeatPage {
		k, err := parseCivCursor(req.sort, raw)
		if err != nil {
			return civResponse(zodError([]zodIssue{{Code: "custom", Message: "Invalid cursor", Path: []any{"cursor"}}}), authed)
		}
		req.cursor, req.page = &k, 0
	}
	if req.page > 0 && req.page*req.limit > civitaiMaxDepth {
		return civResponse(jsonError(http.StatusTooManyRequests, "You've requested too many pages, please use cursors instead"), authed)
	}
	req.none = authed && q.Get("favorites") == "true"

	order := snap.sorted[req.sort]
	start := 0
	if req.cursor != nil {
		start = sort.Search(len(order), func(i int) bool { return compareKeys(civSortKey(req.sort, order[i]), *req.cursor) > 0 })
		if mb.DupPages { // start at the previous page's last model
			for i := start - 1; i >= 0; i-- {
				if req.match(order[i]) {
					start = i
					break
				}
			}
		}
	}
	skip := 0
	if req.page > 0 {
		skip = (req.page - 1) * req.limit
	}
	var page []*civModel
	more := false
	for _, m := range order[start:] {
		if req.none || !req.match(m) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if len(page) == req.limit {
			more = true
			break
		}
		page = append(page, m)
	}

	opts := civRenderOptions{origin: requestOrigin(r), primaryFileOnly: q.Get("primaryFileOnly") == "true"}
	body := civListJSON{Items: make([]civItemJSON, 0, len(page))}
	for _, m := range page {
		body.Items = append(body.Items, m.render(opts))
	}
	var next any
	switch {
	case more && len(page) > 0:
		next = civCursor(req.sort, page[len(page)-1])
	case mb.EmptyCursor && len(page) > 0: // the last page announces one more
		next = civCursor(req.sort, page[len(page)-1])
	case mb.EmptyCursor && q.Get("cursor") != "": // and that empty page announces itself
		next = q.Get("cursor")
	}
	if next != nil {
		body.Metadata.NextCursor = next
		body.Metadata.NextPage = opts.origin + r.URL.Path + "?" + nextQuery(r.URL.RawQuery, [][2]string{{"cursor", cursorText(next)}}, encodeURIComponent)
	}
	if req.page > 0 {
		body.Metadata.CurrentPage, body.Metadata.PageSize = req.page, req.limit
	}
	return civResponse(jsonResponse(http.StatusOK, body), authed)
}

// civResponse adds the edge-cache header anonymous answers carry.
func civResponse(resp response, authed bool) response {
	if !authed && resp.status == http.StatusOK {
		resp.header.Set("Cache-Control", "public, s-maxage=300, stale-while-revalidate=150")
	}
	return resp
}

// parseCivRequest validates the query like the server's Zod schema does:
// every bad value is reported, unknown keys are ignored.
func parseCivRequest(q map[string][]string) (civRequest, []zodIssue) {
	req := civRequest{limit: 100, sort: civSorts[0]}
	var issues []zodIssue
	get := func(k string) (string, bool) {
		if vs := q[k]; len(vs) > 0 {
			return vs[0], true
		}
		return "", false
	}
	if v, ok := get("limit"); ok {
		n, err := strconv.Atoi(v)
		switch {
		case v == "":
			req.limit = 0
		case err != nil:
			issues = append(issues, zodNaN("limit"))
		case n > 100:
			issues = append(issues, zodBound("too_big", "limit", 100))
		case n < 0:
			issues = append(issues, zodBound("too_small", "limit", 0))
		default:
			req.limit = n
		}
	}
	if v, ok := get("page"); ok {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			issues = append(issues, zodNaN("page"))
		case n < 1:
			issues = append(issues, zodBound("too_small", "page", 1))
		default:
			req.page = n
		}
	}
	for i, t := range q["types"] {
		if !slices.Contains(civTypes, t) {
			issues = append(issues, zodEnum([]any{"types", i}, t, civTypes))
		}
	}
	req.types = q["types"]
	req.bases = q["baseModels"]
	if v, ok := get("sort"); ok {
		if slices.Contains(civSorts, v) {
			req.sort = v
		} else {
			issues = append(issues, zodEnum([]any{"sort"}, v, civSorts))
		}
	}
	if v, ok := get("period"); ok {
		switch v {
		case "AllTime":
		case "Year":
			req.since = ReferenceDate.AddDate(-1, 0, 0)
		case "Month":
			req.since = ReferenceDate.AddDate(0, -1, 0)
		case "Week":
			req.since = ReferenceDate.AddDate(0, 0, -7)
		case "Day":
			req.since = ReferenceDate.AddDate(0, 0, -1)
		default:
			issues = append(issues, zodEnum([]any{"period"}, v, civPeriods))
		}
	}
	if v, ok := get("ids"); ok {
		for s := range strings.SplitSeq(v, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				issues = append(issues, zodNaN("ids"))
				break
			}
			req.ids = append(req.ids, id)
		}
	}
	nsfw, _ := get("nsfw")
	req.allNSFW = nsfw == "true"
	req.user, _ = get("username")
	req.tag, _ = get("tag")
	req.query, _ = get("query")
	if req.query != "" {
		req.sort = civQuerySort
	}
	return req, issues
}

// ignore drops the filters the misbehaving API does not apply.
func (req *civRequest) ignore(mb Misbehaviour) {
	if mb.ignores("nsfw") {
		req.allNSFW = true
	}
	if mb.ignores("types") {
		req.types = nil
	}
	if mb.ignores("baseModels") {
		req.bases = nil
	}
	if mb.ignores("period") {
		req.since = time.Time{}
	}
	if mb.ignores("username") {
		req.user = ""
	}
}

// match reports whether m passes the request's filters.
func (req *civRequest) match(m *civModel) bool {
	if !req.allNSFW && m.nsfw {
		return false
	}
	if len(req.types) > 0 && !slices.Contains(req.types, m.typ) {
		return false
	}
	if len(req.bases) > 0 && !slices.ContainsFunc(m.versions, func(v civVersion) bool { return slices.Contains(req.bases, v.base) }) {
		return false
	}
	if !req.since.IsZero() && m.latest.Before(req.since) {
		return false
	}
	if req.user != "" && !strings.EqualFold(req.user, m.creator.username) {
		return false
	}
	if req.tag != "" && !slices.ContainsFunc(m.tags, func(t string) bool { return strings.EqualFold(t, req.tag) }) {
		return false
	}
	if req.query != "" && !strings.Contains(strings.ToLower(m.name), strings.ToLower(req.query)) {
		return false
	}
	if len(req.ids) > 0 && !slices.Contains(req.ids, m.id) {
		return false
	}
	return true
}

// civCursor is the cursor that continues after m: "k1|k2|id" for counter
// sorts, the newest version's time for date sorts, and the bare id (a JSON
// number) for search results.
func civCursor(sort string, m *civModel) any {
	switch sort {
	case civQuerySort:
		return m.id
	case "Newest", "Oldest":
		return isoMillis(m.latest)
	}
	k := civSortKey(sort, m)
	return strconv.FormatInt(-k[0], 10) + "|" + strconv.FormatInt(-k[1], 10) + "|" + strconv.FormatInt(-k[2], 10)
}

// cursorText is a cursor as it appears in a URL.
func cursorText(c any) string {
	if id, ok := c.(int64); ok {
		return strconv.FormatInt(id, 10)
	}
	return c.(string)
}

var errBadCursor = errors.New("bad cursor")

// parseCivCursor turns a cursor back into the key it continues after.
func parseCivCursor(sort, s string) (civKey, error) {
	switch sort {
	case civQuerySort:
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return civKey{}, errBadCursor
		}
		return civKey{-id, 0, 0}, nil
	case "Newest", "Oldest":
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return civKey{}, errBadCursor
		}
		ms := t.UnixMilli()
		if sort == "Newest" {
			ms = -ms
		}
		return civKey{ms, math.MaxInt64, math.MaxInt64}, nil
	}
	parts := strings.Split(s, "|")
	if len(parts) != 3 {
		return civKey{}, errBadCursor
	}
	var k civKey
	for i, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return civKey{}, errBadCursor
		}
		k[i] = -n
	}
	return k, nil
}

// requestOrigin is "scheme://host" of the request as the client addressed it.
func requestOrigin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// zodIssue is one issue of a Zod validation error.
type zodIssue struct {
	Received  any      `json:"received,omitempty"`
	Code      string   `json:"code"`
	Expected  string   `json:"expected,omitempty"`
	Options   []string `json:"options,omitempty"`
	Minimum   *int     `json:"minimum,omitempty"`
	Maximum   *int     `json:"maximum,omitempty"`
	Type      string   `json:"type,omitempty"`
	Inclusive *bool    `json:"inclusive,omitempty"`
	Exact     *bool    `json:"exact,omitempty"`
	Message   string   `json:"message"`
	Path      []any    `json:"path"`
}

func zodNaN(field string) zodIssue {
	return zodIssue{Code: "invalid_type", Expected: "number", Received: "nan", Message: "Expected number, received nan", Path: []any{field}}
}

func zodBound(code, field string, bound int) zodIssue {
	yes, no := true, false
	iss := zodIssue{Code: code, Type: "number", Inclusive: &yes, Exact: &no, Path: []any{field}}
	if code == "too_big" {
		iss.Maximum = &bound
		iss.Message = "Number must be less than or equal to " + strconv.Itoa(bound)
	} else {
		iss.Minimum = &bound
		iss.Message = "Number must be greater than or equal to " + strconv.Itoa(bound)
	}
	return iss
}

func zodEnum(path []any, got string, options []string) zodIssue {
	return zodIssue{
		Received: got, Code: "invalid_enum_value", Options: options, Path: path,
		Message: "Invalid enum value. Expected '" + strings.Join(options, "' | '") + "', received '" + got + "'",
	}
}

// zodError is the 400 body of a failed validation: the issues, JSON-encoded
// and indented, as the message of a ZodError.
func zodError(issues []zodIssue) response {
	msg, err := json.MarshalIndent(issues, "", "  ")
	if err != nil {
		panic("hub: encode zod issues: " + err.Error())
	}
	return jsonResponse(http.StatusBadRequest, map[string]any{"error": map[string]string{"name": "ZodError", "message": string(msg)}})
}
