package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"time"
)

//go:embed report.html.tmpl
var pageText string

// pageTemplate renders report.html; every value from data is escaped.
var pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"n":       num,
	"short":   short,
	"add":     func(a, b float64) float64 { return a + b },
	"mul":     func(a float64, b int) float64 { return a * float64(b) },
	"suggest": SuggestRPS,
}).Parse(pageText))

// page is what report.html shows.
type page struct {
	Hub, Started, Duration       string
	Requests, Retries, Throttled int
	MaxBars                      int
	TL                           timeline
	Totals                       []totalRow
	Problems                     []FilterStatus
	Sources                      map[string]Source
}

// totalRow is a host's row in the totals table.
type totalRow struct {
	Host     string
	T        Totals
	Achieved string
	Rate     string
}

// WriteHTML writes rep as one self-contained HTML page (report.html): inline
// CSS and SVG, no scripts and no external resources. Requests are drawn one
// bar each up to MaxBars, aggregated beyond.
func (rep *Report) WriteHTML(w io.Writer) error {
	p := page{
		Hub:      rep.Meta.Hub,
		Started:  rep.Meta.Started,
		Duration: (time.Duration(rep.Meta.DurationMs*1e3) * time.Microsecond).Round(time.Millisecond).String(),
		Requests: len(rep.Requests),
		MaxBars:  MaxBars,
		TL:       layout(rep),
		Problems: []FilterStatus{},
		Sources:  rep.Meta.Sources,
	}
	for _, h := range rep.Hosts {
		p.Retries += h.Totals.Retries
		p.Throttled += h.Totals.Throttled
		p.Totals = append(p.Totals, totalRow{Host: h.Host, T: h.Totals, Achieved: short(h.Totals.AchievedRPS), Rate: rateSummary(h.Rate)})
	}
	for _, f := range rep.Meta.Filters {
		if f.Status != StatusOK || f.Checks != "" {
			p.Problems = append(p.Problems, f)
		}
	}
	if err := pageTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("report: write HTML: %w", err)
	}
	return nil
}

// rateSummary describes a host's limiter rate samples in a few numbers.
func rateSummary(rs []RateSample) string {
	if len(rs) == 0 {
		return "no samples"
	}
	lo, hi := rs[0].RPS, rs[0].RPS
	for _, s := range rs {
		lo, hi = min(lo, s.RPS), max(hi, s.RPS)
	}
	return fmt.Sprintf("%s → %s, %s–%s (%d samples)", short(rs[0].RPS), short(rs[len(rs)-1].RPS), short(lo), short(hi), len(rs))
}

// SuggestRPS is the rps to configure for a learned rate: rounded down to
// two significant digits (4.986 -> 4.9, 0.736 -> 0.73), so that a run
// starting at it stays at or below what the server accepted.
func SuggestRPS(learned float64) string {
	if learned <= 0 || math.IsNaN(learned) || math.IsInf(learned, 0) {
		return "0"
	}
	d := 1 - int(math.Floor(math.Log10(learned))) // decimals of the second significant digit
	p := math.Pow(10, float64(d))
	v := math.Floor(learned*p+1e-9) / p
	return strconv.FormatFloat(math.Round(v*p)/p, 'f', -1, 64)
}
