package report

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

// sampleAttempts returns the attempts and rate samples of sampleRun.
func sampleAttempts() ([]fetch.Attempt, Meta, *Recorder) {
	var log attemptLog
	meta := sampleRun(&log.Recorder)
	return log.attempts(), meta, &log.Recorder
}

// attemptLog is a Recorder whose recorded attempts can be read back as
// fetch.Attempts, to replay them in another order.
type attemptLog struct{ Recorder }

func (l *attemptLog) attempts() []fetch.Attempt {
	var out []fetch.Attempt
	for _, a := range l.Recorder.attempts {
		fa := fetch.Attempt{Host: a.host, Label: a.label, URL: a.url, Start: a.start, Duration: a.duration, Status: a.status, Attempt: a.n}
		if a.failed {
			fa.Err = fmt.Errorf("%s", a.err)
		}
		out = append(out, fa)
	}
	return out
}

func TestDeterministicOutput(t *testing.T) {
	attempts, meta, orig := sampleAttempts()
	want := orig.Report(meta)
	wantJSON, wantHTML := render(t, want)

	orders := map[string]func() *Recorder{
		"reversed": func() *Recorder {
			var rec Recorder
			for _, a := range slices.Backward(attempts) {
				rec.Attempt(a)
			}
			return &rec
		},
		"concurrent": func() *Recorder {
			var rec Recorder
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Go(func() {
					for j := i; j < len(attempts); j += 8 {
						rec.Attempt(attempts[j])
					}
				})
			}
			wg.Wait()
			return &rec
		},
	}
	for name, record := range orders {
		t.Run(name, func(t *testing.T) {
			rec := record()
			rec.rates = orig.rates // rate samples keep their recording order
			gotJSON, gotHTML := render(t, rec.Report(meta))
			if !bytes.Equal(gotJSON, wantJSON) {
				t.Error("report.json differs")
			}
			if !bytes.Equal(gotHTML, wantHTML) {
				t.Error("report.html differs")
			}
		})
	}
	// And twice from the same report.
	againJSON, againHTML := render(t, want)
	if !bytes.Equal(againJSON, wantJSON) || !bytes.Equal(againHTML, wantHTML) {
		t.Error("rendering the same report twice differs")
	}
}

func TestConcurrentRecording(t *testing.T) {
	const workers, each = 8, 300
	var rec Recorder
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			host := fmt.Sprintf("h%d", w%2)
			for i := range each {
				rec.Attempt(fetch.Attempt{Host: host, URL: "https://h/x?token=SECRET", Start: at(float64(i)), Duration: time.Millisecond, Status: 429, Attempt: 1 + i%2})
				if i%50 == 0 {
					rec.Rate(host, at(float64(i)), float64(i))
				}
			}
		})
	}
	for range 2 { // snapshots while recording
		wg.Go(func() {
			for range 5 {
				rep := rec.Report(Meta{})
				if _, _, err := writeBoth(rep); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	rep := rec.Report(Meta{})
	if len(rep.Requests) != workers*each {
		t.Fatalf("requests = %d, want %d", len(rep.Requests), workers*each)
	}
	for _, h := range rep.Hosts {
		want := workers / 2 * each
		if h.Totals.Requests != want || h.Totals.Throttled != want || h.Totals.Retries != want/2 {
			t.Errorf("%s totals = %+v, want %d requests, all 429, half retries", h.Host, h.Totals, want)
		}
		if len(h.Rate) != workers/2*(each/50) {
			t.Errorf("%s has %d rate samples, want %d", h.Host, len(h.Rate), workers/2*(each/50))
		}
	}
}

// writeBoth renders rep to memory.
func writeBoth(rep *Report) (j, h []byte, err error) {
	var jb, hb bytes.Buffer
	if err := rep.WriteJSON(&jb); err != nil {
		return nil, nil, err
	}
	if err := rep.WriteHTML(&hb); err != nil {
		return nil, nil, err
	}
	return jb.Bytes(), hb.Bytes(), nil
}

func TestRateIgnoresUnwritableValues(t *testing.T) {
	var rec Recorder
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -1, 0, 2.5} {
		rec.Rate("h", at(0), v)
	}
	rep := rec.Report(Meta{})
	if len(rep.Hosts) != 1 || len(rep.Hosts[0].Rate) != 2 {
		t.Fatalf("hosts = %+v, want one with the samples 0 and 2.5", rep.Hosts)
	}
	if _, _, err := writeBoth(rep); err != nil {
		t.Fatal(err)
	}
}
