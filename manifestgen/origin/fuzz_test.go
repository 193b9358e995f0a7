package origin

import (
	"net/url"
	"testing"
)

// FuzzCheck checks the rule's promises on any pair of URLs: it never
// panics; an accepted next URL has no user info, keeps from's scheme and is
// on an allowed origin; the token's origin (IsHome) is only ever Home; and
// an origin's String parses back to the same origin.
func FuzzCheck(f *testing.F) {
	for _, s := range [][2]string{
		{"https://hub.test/a", "http://hub.test/b"},
		{"https://hub.test/a", "https://HUB.test:443/b"},
		{"https://hub.test/a", "https://cdn.test/b"},
		{"https://hub.test/a", "//evil.test/b"},
		{"https://hub.test/a", "https://u@hub.test/b"},
		{"https://hub.test/a", "https://[::1]:443/b"},
		{"https://hub.test/a", "https://hub.test./b"},
		{"https://hub.test/a", "/relative?c=1"},
	} {
		f.Add(s[0], s[1])
	}
	rule, err := NewRule("https://hub.test", "https://cdn.test")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, from, next string) {
		fu, err := url.Parse(from)
		if err != nil {
			return
		}
		ref, err := url.Parse(next)
		if err != nil {
			return
		}
		nu := fu.ResolveReference(ref)
		if o, err := Of(nu); err == nil {
			back, err := Parse(o.String())
			if err != nil || back != o {
				t.Fatalf("%s: String %q parses to %v, %v", next, o, back, err)
			}
		}
		if rule.IsHome(nu) {
			if o, _ := Of(nu); o != rule.Home || nu.User != nil {
				t.Fatalf("IsHome(%s) but its origin is %v", nu, o)
			}
		}
		for _, r := range []Rule{rule, {}} {
			if r.Check(fu, nu) != nil {
				continue
			}
			fo, _ := Of(fu)
			no, err := Of(nu)
			switch {
			case err != nil || nu.User != nil:
				t.Fatalf("accepted %s after %s (%v)", nu, fu, err)
			case no.scheme != fo.scheme:
				t.Fatalf("accepted a scheme change %s after %s", nu, fu)
			case !r.Allows(no) && !(r.Home.IsZero() && no == fo):
				t.Fatalf("accepted %s (origin %s) after %s", nu, no, fu)
			}
		}
	})
}
