package hints

import (
	"testing"
	"time"
)

var now = time.Date(2025, 11, 18, 12, 0, 0, 0, time.UTC)

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"55", 55 * time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"0", 0, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"Tue, 18 Nov 2025 12:01:30 GMT", 90 * time.Second, true},   // IMF-fixdate
		{"Tuesday, 18-Nov-25 12:00:10 GMT", 10 * time.Second, true}, // RFC 850
		{"Tue Nov 18 12:00:05 2025", 5 * time.Second, true},         // asctime
		{"Tue, 18 Nov 2025 11:00:00 GMT", 0, true},                  // past date
		{"99999999999999999999999", MaxDuration, true},              // huge, clamped
		{"Fri, 31 Dec 9999 23:59:59 GMT", MaxDuration, true},        // far date, clamped
		{"-1", 0, false},
		{"", 0, false},
		{"soon", 0, false},
		{"1e3", 0, false},
		{"NaN", 0, false},
		{"+5", 0, false},
		{"1.2.3", 0, false},
		{".", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}
