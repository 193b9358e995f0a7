package changes

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func sampleFeed() *Feed {
	evil := "a\x1b[2J|*b*\n<img src=x>`"
	return Assemble(Ref{Generation: "g2", GeneratedAt: time.Unix(2, 0)}, &Ref{Generation: "g1", GeneratedAt: time.Unix(1, 0)}, "",
		map[string]SourceChanges{"civitai": {
			Added: []ModelRef{{"1", evil}, {"2", "two"}, {"3", "three"}, {"4", "four"}, {"5", "five"}, {"6", "six"}},
			Updated: []Update{{ID: "7", Name: "seven", Fields: map[string]FieldChange{"likes": {From: []byte("1"), To: []byte("20")},
				"preview": {From: []byte("null"), To: []byte("{\n  \"url\": \"u\",\n  \"nsfw\": false\n}")}}}},
		}},
		[]FilterChange{{Source: "civitai", Name: "top", Status: &StatusChange{From: "fresh", To: "stale", Error: "503 " + evil}, Entered: []Ranked{{"1", 1}}}})
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	WriteText(&b, sampleFeed(), false)
	got := b.String()
	for _, want := range []string{"models: 6 added, 0 removed, 1 updated; filters: 1 changed, 1 turned stale", "… 1 more (-v lists all)",
		"~ 7  seven: likes 1 -> 20, preview null -> {\"url\":\"u\",\"nsfw\":false}", `civitai/top: fresh -> stale (503 a\x1b[2J|*b*\x0a<img src=x>` + "`), 1 entered"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b") || strings.Contains(got, "six") {
		t.Errorf("escape reached the output, or more than the top entries:\n%s", got)
	}
	b.Reset()
	WriteText(&b, sampleFeed(), true)
	if got := b.String(); !strings.Contains(got, "six") || !strings.Contains(got, "+ 1 at 1") {
		t.Errorf("all:\n%s", got)
	}
	b.Reset()
	WriteText(&b, &Feed{Generation: "g", Reason: "first generation"}, false)
	if got := b.String(); !strings.Contains(got, "nothing to compare with: first generation") {
		t.Errorf("first: %s", got)
	}
}

func TestWriteMarkdown(t *testing.T) {
	var b bytes.Buffer
	WriteMarkdown(&b, sampleFeed(), false)
	got := b.String()
	for _, want := range []string{"| civitai | 6 | 0 | 1 | 1 |", "- `1` a" + `\\x1b\[2J\|\*b\*\\x0a&lt;img src=x&gt;\` + "`", "- … and 1 more"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<img") || strings.Contains(got, "\x1b") {
		t.Errorf("markup reached the output:\n%s", got)
	}
	for line := range strings.Lines(got) {
		if strings.HasPrefix(line, "| ") && strings.Count(line, "|")-strings.Count(line, `\|`) != 6 {
			t.Errorf("table row with a stray cell separator: %q", line)
		}
	}
}
