package redact

import (
	"strings"
	"testing"
)

// FuzzRemove checks the Set's promise for any text and any value: neither
// Remove nor String returns text that spells the value (in particular, never
// the raw value), and String returns no control character.
func FuzzRemove(f *testing.F) {
	f.Add("invalid key civ-SECRET-key-123", "civ-SECRET-key-123")
	f.Add(`{"error":"\u0063iv%2DSECRET"}`, "civ-SECRET")
	f.Add("aa[RE", "a[RE")
	f.Add("x[REDACTED]", "[REDACTED]")
	f.Add("%25%2525", "%25")
	f.Add(`\\\\u0041`, `\u0041`)
	f.Add("a+b a b", "a b")
	f.Add("\x1b[31m", "\x1b")
	f.Fuzz(func(t *testing.T, text, value string) {
		if value == "" {
			t.Skip()
		}
		s := New(value)
		for name, out := range map[string]string{"Remove": s.Remove(text), "String": s.String(text)} {
			if strings.Contains(out, value) || s.Contains(out) {
				t.Fatalf("%s(%q) with value %q = %q spells the value", name, text, value, out)
			}
		}
		if out := s.String(text); Escape(out) != out {
			t.Fatalf("String(%q) = %q keeps a control character", text, out)
		}
		if strings.Contains(text, value) && !s.Contains(text) {
			t.Fatalf("Contains(%q) misses the raw value %q", text, value)
		}
		sc := s.Scanner()
		for i := 0; i < len(text); i += 3 {
			_, _ = sc.Write([]byte(text[i:min(i+3, len(text))]))
		}
		if sc.Found() != s.Contains(text) {
			t.Fatalf("Scanner in pieces of 3 says %v for %q, Contains says %v", sc.Found(), text, s.Contains(text))
		}
	})
}

// FuzzPatternsSkips checks that Patterns, which runs each pattern only
// where its marker text is, gives what running all of them gives.
func FuzzPatternsSkips(f *testing.F) {
	for _, s := range []string{"civitai/sdxl-lora", "https://u:p@h/x?token=abc", "Authorization: Bearer abc.def", "hf_abcdefghijklmnopqrstu", "BAſIC  xyz", "key=1;sig=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		all := userinfoRE.ReplaceAllString(s, "${1}")
		all = paramRE.ReplaceAllString(all, "${1}${2}="+patternMarker)
		all = bearerRE.ReplaceAllString(all, "${1}${2}"+patternMarker)
		all = hfTokenRE.ReplaceAllString(all, "hf_"+patternMarker)
		if got := Patterns(s); got != all {
			t.Fatalf("Patterns(%q) = %q, all patterns give %q", s, got, all)
		}
	})
}
