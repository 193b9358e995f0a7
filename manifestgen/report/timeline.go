package report

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// MaxBars is the most requests drawn as one bar each. A report with more
// draws, per host, a column per few pixels of time instead: its height is
// the number of requests started in that time, stacked by outcome, with the
// retries among them shaded in black at the bottom.
const MaxBars = 20000

// Geometry of the timeline SVG, in CSS pixels.
const (
	svgWidth   = 1360.0
	plotLeft   = 190.0 // room for host names and rate labels
	plotRight  = 24.0
	plotWidth  = svgWidth - plotLeft - plotRight
	axisHeight = 22.0  // tick labels above and below
	maxRows    = 40    // sub-rows of a lane; more overlap wraps
	laneBudget = 160.0 // height shared by a lane's rows
	maxRowH    = 12.0
	minRowH    = 2.0
	aggHeight  = 110.0 // lane height in aggregated mode
	aggColumn  = 4.0   // column width in aggregated mode
	rateGap    = 6.0   // between a lane and its rate chart
	rateHeight = 64.0
	hostGap    = 28.0 // between hosts
)

// timeline is the drawing of the timeline: lanes, axes and rate charts.
type timeline struct {
	Width, Height          float64
	Left, Right, PlotWidth float64 // plot area x range
	AxisTop, AxisBottom    float64 // y range of the grid lines
	LabelBottom            float64 // baseline of the bottom tick labels
	Ticks                  []xTick
	Lanes                  []lane
	Aggregated             bool
}

// xTick is a time tick of the x axis.
type xTick struct {
	X     float64
	Label string
}

// lane is one host: its request bars (or columns) and its rate chart.
type lane struct {
	Host          string   // full host name
	Lines         []string // the host name over a few lines, in full
	Y, H          float64  // request area
	Bars          []bar    // requests, or columns when aggregated
	Pauses        []bar    // the limiter's pauses, shaded over the lane, with their reason
	PauseLabels   []label  // the reason written in pauses wide enough
	Marks         []bar    // 429s and retries, marked across the lane
	RateY, RateH  float64  // rate chart area
	RatePath      string   // limiter rate step line; "" without samples
	Observed      []bar    // observed request starts per second
	YTicks        []yTick
	ObservedLabel string
}

// bar is a rectangle with a CSS class and a tooltip.
type bar struct {
	X, Y, W, H float64
	Class      string
	Title      string
}

// label is a text at a point.
type label struct {
	X, Y float64
	Text string
}

// yTick is a tick of a rate chart's y axis.
type yTick struct {
	Y     float64
	Label string
}

// layout computes the timeline of rep.
func layout(rep *Report) timeline {
	spanMs := max(rep.Meta.DurationMs, 1)
	tl := timeline{
		Width:      svgWidth,
		Left:       plotLeft,
		Right:      plotLeft + plotWidth,
		PlotWidth:  plotWidth,
		AxisTop:    axisHeight - 2,
		Aggregated: len(rep.Requests) > MaxBars,
	}
	x := func(offsetMs float64) float64 {
		return plotLeft + min(max(offsetMs, 0), spanMs)/spanMs*plotWidth
	}
	byHost := map[string][]Request{}
	for _, r := range rep.Requests {
		if r.Start != "" {
			byHost[r.Host] = append(byHost[r.Host], r)
		}
	}
	y := axisHeight + 8
	for _, h := range rep.Hosts {
		ln := lane{Host: h.Host, Lines: hostLines(h.Host), Y: y}
		if tl.Aggregated {
			ln.H = aggHeight
			ln.Bars = columns(byHost[h.Host], spanMs, ln.Y, ln.H)
		} else {
			ln.Bars, ln.H = bars(byHost[h.Host], x, ln.Y)
			ln.Marks = marks(byHost[h.Host], x, ln.Y, ln.H)
		}
		ln.H = max(ln.H, 14*float64(len(ln.Lines))+18) // room for the name
		ln.Pauses, ln.PauseLabels = pauses(h.Pauses, x, ln.Y, ln.H)
		ln.RateY = ln.Y + ln.H + rateGap
		ln.RateH = rateHeight
		rateChart(&ln, h, byHost[h.Host], spanMs, x)
		tl.Lanes = append(tl.Lanes, ln)
		y = ln.RateY + ln.RateH + hostGap
	}
	tl.Height = y - hostGap + 8 + axisHeight
	tl.AxisBottom = tl.Height - axisHeight + 2
	tl.LabelBottom = tl.Height - 6
	spanS := spanMs / 1e3
	step := niceStep(spanS / 10)
	dec := decimals(step)
	for i := 0; float64(i)*step <= spanS*(1+1e-9); i++ {
		t := float64(i) * step
		label := fmt.Sprintf("%.*f s", dec, t)
		if step < 1 { // a short run: milliseconds read better than 0.05 s
			label = fmt.Sprintf("%.0f ms", t*1e3)
		}
		tl.Ticks = append(tl.Ticks, xTick{X: x(t * 1e3), Label: label})
	}
	return tl
}

// bars draws one bar per request, in sub-rows so overlapping requests do
// not hide each other; it returns the bars and the lane height.
func bars(reqs []Request, x func(float64) float64, top float64) ([]bar, float64) {
	rowOf := make([]int, len(reqs))
	var ends []float64 // end offset of the last request in each row
	for i, r := range reqs {
		row := -1
		for j, e := range ends {
			if e <= r.OffsetMs {
				row = j
				break
			}
		}
		if row < 0 && len(ends) < maxRows {
			row = len(ends)
			ends = append(ends, 0)
		}
		if row < 0 { // all rows busy: overlap in the row that frees first
			row = 0
			for j, e := range ends {
				if e < ends[row] {
					row = j
				}
			}
		}
		ends[row] = max(ends[row], r.OffsetMs+max(r.DurationMs, 0))
		rowOf[i] = row
	}
	rows := max(len(ends), 1)
	rowH := min(max(laneBudget/float64(rows), minRowH), maxRowH)
	gap := 0.0
	if rowH > 4 {
		gap = 1
	}
	out := make([]bar, 0, len(reqs))
	for i, r := range reqs {
		x0 := x(r.OffsetMs)
		x1 := x(r.OffsetMs + max(r.DurationMs, 0))
		class := "o" + r.Outcome
		if r.Attempt > 1 {
			class += " retry"
		}
		out = append(out, bar{
			X: x0, Y: top + 2 + float64(rowOf[i])*rowH, W: max(x1-x0, 1), H: rowH - gap,
			Class: class, Title: requestTitle(r),
		})
	}
	return out, float64(rows)*rowH + 4
}

// marks draws a mark across the lane at each 429 (orange, a few pixels
// wide, so that a short refusal is not a 1-pixel tick) and a black tab at
// the top of the lane where each retry starts.
func marks(reqs []Request, x func(float64) float64, top, height float64) []bar {
	var out []bar
	for _, r := range reqs {
		x0 := x(r.OffsetMs)
		if r.Outcome == Outcome429 {
			out = append(out, bar{X: x0 - 1.5, Y: top, W: 3, H: height, Class: "m429", Title: requestTitle(r)})
		}
		if r.Attempt > 1 {
			out = append(out, bar{X: x0 - 1.5, Y: top - 5, W: 3, H: 6, Class: "mretry", Title: requestTitle(r)})
		}
	}
	return out
}

// pauses shades each pause over the lane, with its reason as the tooltip
// and, where the span is wide enough, as a label.
func pauses(ps []Pause, x func(float64) float64, top, height float64) ([]bar, []label) {
	var spans []bar
	var labels []label
	for _, p := range ps {
		x0, x1 := x(p.OffsetMs), x(p.OffsetMs+p.DurationMs)
		spans = append(spans, bar{X: x0, Y: top, W: max(x1-x0, 2), H: height, Class: "pause",
			Title: fmt.Sprintf("paused +%.3f s for %s ms: %s", p.OffsetMs/1e3, short(p.DurationMs), p.Why)})
		if chars := int((x1 - x0 - 8) / 6); chars >= 8 {
			labels = append(labels, label{X: x0 + 4, Y: top + height - 5, Text: ellipsis("paused: "+p.Why, chars)})
		}
	}
	return spans, labels
}

// hostLines splits a lane's host name ("source · host") over lines of at
// most 24 characters, without dropping any.
func hostLines(host string) []string {
	var lines []string
	for _, part := range strings.Split(host, " · ") {
		r := []rune(part)
		for len(r) > 24 {
			lines = append(lines, string(r[:24]))
			r = r[24:]
		}
		lines = append(lines, string(r))
	}
	return lines
}

// requestTitle is the tooltip of a request's bar.
func requestTitle(r Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s · %s\n%s\n", r.Host, r.Filter, r.URL)
	if r.Status != 0 {
		fmt.Fprintf(&b, "status %d", r.Status)
	} else {
		b.WriteString("no response")
	}
	fmt.Fprintf(&b, " · attempt %d · +%.3f s · %s ms", r.Attempt, r.OffsetMs/1e3, short(r.DurationMs))
	if r.Error != "" {
		b.WriteString("\n" + r.Error)
	}
	return b.String()
}

// columns draws requests aggregated: per column of aggColumn pixels, the
// requests started in it stacked by outcome, and its retries.
func columns(reqs []Request, spanMs float64, top, height float64) []bar {
	n := int(math.Ceil(plotWidth / aggColumn))
	width := spanMs / float64(n) // ms per column
	counts := make([]map[string]int, n)
	retries := make([]int, n)
	for _, r := range reqs {
		i := min(max(int(r.OffsetMs/width), 0), n-1)
		if counts[i] == nil {
			counts[i] = map[string]int{}
		}
		counts[i][r.Outcome]++
		if r.Attempt > 1 {
			retries[i]++
		}
	}
	peak := 1
	for _, c := range counts {
		total := 0
		for _, v := range c {
			total += v
		}
		peak = max(peak, total)
	}
	scale := (height - 4) / float64(peak)
	bottom := top + height - 2
	var out []bar
	for i, c := range counts {
		if c == nil {
			continue
		}
		x0 := plotLeft + float64(i)*aggColumn
		var title strings.Builder
		fmt.Fprintf(&title, "+%.3f–%.3f s:", float64(i)*width/1e3, float64(i+1)*width/1e3)
		y := bottom
		for _, o := range outcomes {
			if c[o] == 0 {
				continue
			}
			h := float64(c[o]) * scale
			y -= h
			out = append(out, bar{X: x0, Y: y, W: aggColumn, H: h, Class: "o" + o})
			fmt.Fprintf(&title, " %d %s", c[o], o)
		}
		fmt.Fprintf(&title, ", %d retries", retries[i])
		if retries[i] > 0 {
			h := float64(retries[i]) * scale
			out = append(out, bar{X: x0, Y: bottom - h, W: aggColumn, H: h, Class: "retries"})
		}
		// The tooltip goes on a transparent rect over the whole stack.
		out = append(out, bar{X: x0, Y: y, W: aggColumn, H: bottom - y, Class: "hit", Title: title.String()})
	}
	return out
}

// rateChart fills ln's rate chart: the limiter's rate as a step line and
// the observed request starts per second behind it.
func rateChart(ln *lane, h HostReport, reqs []Request, spanMs float64, x func(float64) float64) {
	bucketS := max(0.1, niceStep(spanMs/1e3/120)) // sub-second for short runs
	n := int(math.Ceil(spanMs / 1e3 / bucketS))
	starts := make([]int, max(n, 1))
	for _, r := range reqs {
		starts[min(max(int(r.OffsetMs/1e3/bucketS), 0), len(starts)-1)]++
	}
	peak := 0.0
	for _, c := range starts {
		peak = max(peak, float64(c)/bucketS)
	}
	for _, s := range h.Rate {
		peak = max(peak, s.RPS)
	}
	top := niceCeil(peak)
	bottom := ln.RateY + ln.RateH
	y := func(rps float64) float64 { return bottom - rps/top*ln.RateH }
	for _, v := range []float64{0, top / 2, top} {
		ln.YTicks = append(ln.YTicks, yTick{Y: y(v), Label: short(v)})
	}
	ln.ObservedLabel = fmt.Sprintf("grey: starts per %s s", short(bucketS))
	for i, c := range starts {
		if c == 0 {
			continue
		}
		x0, x1 := x(float64(i)*bucketS*1e3), x(float64(i+1)*bucketS*1e3)
		rps := float64(c) / bucketS
		ln.Observed = append(ln.Observed, bar{
			X: x0, Y: y(rps), W: max(x1-x0, 1), H: bottom - y(rps), Class: "obs",
			Title: fmt.Sprintf("+%s–%s s: %d starts (%s/s)", short(float64(i)*bucketS), short(float64(i+1)*bucketS), c, short(rps)),
		})
	}
	if len(h.Rate) == 0 {
		return
	}
	var p strings.Builder
	for i, s := range h.Rate {
		if i == 0 {
			fmt.Fprintf(&p, "M%s,%s", num(x(s.OffsetMs)), num(y(s.RPS)))
			continue
		}
		fmt.Fprintf(&p, "H%sV%s", num(x(s.OffsetMs)), num(y(s.RPS)))
	}
	fmt.Fprintf(&p, "H%s", num(plotLeft+plotWidth))
	ln.RatePath = p.String()
}

// ellipsis shortens s to at most n runes.
func ellipsis(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
