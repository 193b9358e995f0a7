// Package resultcheck checks a listed model against what its filter asked
// the hub for, as far as the listing shows it. Hubs are known to return
// results that do not match the request (CivitAI ignoring a filter, or
// listing models marked nsfw under nsfw=false); the pipeline drops or flags
// what these checks find.
package resultcheck

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Func returns the query parameters of q that m visibly does not satisfy,
// in a fixed order; nil when m matches as far as can be seen. now is the
// hub's present (the Date of the page m came on), which periods end at.
type Func func(q url.Values, m manifest.Model, now time.Time) []string

// For returns the checks of the named source; an unknown source gets none.
func For(source string) Func {
	switch source {
	case config.CivitAI:
		return CivitAI
	case config.HuggingFace:
		return func(q url.Values, m manifest.Model, _ time.Time) []string { return HuggingFace(q, m) }
	}
	return func(url.Values, manifest.Model, time.Time) []string { return nil }
}

// PeriodSlack is how much older than its period a CivitAI model's newest
// version may be and still pass: the hub's clock, its edge cache (5
// minutes) and dates written without a time zone differ by up to a day.
const PeriodSlack = 24 * time.Hour

// CivitAI checks m against a CivitAI /api/v1/models query:
//
//   - types: m's type is one of them;
//   - baseModels: one of m's versions has one of them (m.BaseModels; not
//     checked when the listing gave none);
//   - nsfw=false: m is not flagged nsfw;
//   - username: m's creator is that user, any case;
//   - period (Year, Month, Week, Day): m's newest version (m.UpdatedAt) was
//     published within the period before now, give or take PeriodSlack;
//     not checked when the date is missing or unreadable.
func CivitAI(q url.Values, m manifest.Model, now time.Time) []string {
	var out []string
	if ts := q["types"]; len(ts) > 0 && m.Type != "" && !containsFold(ts, m.Type) {
		out = append(out, "types")
	}
	if bs := q["baseModels"]; len(bs) > 0 && len(m.BaseModels) > 0 &&
		!slices.ContainsFunc(m.BaseModels, func(b string) bool { return containsFold(bs, b) }) {
		out = append(out, "baseModels")
	}
	if strings.EqualFold(q.Get("nsfw"), "false") && m.NSFW {
		out = append(out, "nsfw")
	}
	if u := q.Get("username"); u != "" && m.Author != "" && !strings.EqualFold(u, m.Author) {
		out = append(out, "username")
	}
	if since, ok := periodStart(q.Get("period"), now); ok {
		if t, ok := parseTime(m.UpdatedAt); ok && t.Before(since.Add(-PeriodSlack)) {
			out = append(out, "period")
		}
	}
	return out
}

// periodStart is when a CivitAI period that ends at now began; false for
// AllTime, no period or an unknown one.
func periodStart(period string, now time.Time) (time.Time, bool) {
	switch period {
	case "Year":
		return now.AddDate(-1, 0, 0), true
	case "Month":
		return now.AddDate(0, -1, 0), true
	case "Week":
		return now.AddDate(0, 0, -7), true
	case "Day":
		return now.AddDate(0, 0, -1), true
	}
	return time.Time{}, false
}

// timeLayouts are the forms CivitAI dates come in: RFC 3339, or without a
// time zone (read as UTC; PeriodSlack covers the difference).
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"}

func parseTime(s string) (time.Time, bool) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// HuggingFace checks m against a Hugging Face /api/models query; the
// client asks for the fields these read, so a missing one is a mismatch:
//
//   - pipeline_tag: m's pipeline tag (m.Type) is it;
//   - library: m's library is it;
//   - author: m's author (else the owner in its id) is it, any case;
//   - search: m's id contains it, any case;
//   - filter (each value, comma lists too): m's tags hold it.
func HuggingFace(q url.Values, m manifest.Model) []string {
	var out []string
	if p := q.Get("pipeline_tag"); p != "" && m.Type != p {
		out = append(out, "pipeline_tag")
	}
	if l := q.Get("library"); l != "" && m.Library != l {
		out = append(out, "library")
	}
	if a := q.Get("author"); a != "" {
		author := m.Author
		if author == "" {
			author, _, _ = strings.Cut(m.ID, "/")
		}
		if !strings.EqualFold(a, author) {
			out = append(out, "author")
		}
	}
	if s := q.Get("search"); s != "" && !strings.Contains(strings.ToLower(m.ID), strings.ToLower(s)) {
		out = append(out, "search")
	}
	for _, f := range q["filter"] {
		if !allTags(f, m.Tags) {
			out = append(out, "filter")
			break
		}
	}
	return out
}

// allTags reports whether tags hold every tag of the comma list f.
func allTags(f string, tags []string) bool {
	for t := range strings.SplitSeq(f, ",") {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(tags, t) {
			return false
		}
	}
	return true
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}
