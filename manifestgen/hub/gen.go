package hub

import (
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// ReferenceDate is the snapshot's "now": every date in it lies before, and
// CivitAI's period filter counts back from it.
var ReferenceDate = time.Date(2026, time.November, 20, 0, 0, 0, 0, time.UTC)

// gen draws values from a PCG using only its raw 64-bit outputs and plain
// arithmetic, so the snapshot is the same on every Go version and machine.
type gen struct{ r *rand.Rand }

func newGen(seed, stream uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, stream))} }

// float returns a float in [0, 1).
func (g *gen) float() float64 { return unit(g.r) }

// intn returns an int in [0, n).
func (g *gen) intn(n int) int { return int(g.r.Uint64() % uint64(n)) }

// between returns an int in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.intn(hi-lo+1) }

// uniform returns a float in [lo, hi).
func (g *gen) uniform(lo, hi float64) float64 { return lo + (hi-lo)*g.float() }

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.float() < p }

// pick returns a random element of xs.
func pick[T any](g *gen, xs []T) T { return xs[g.intn(len(xs))] }

// normal returns an approximately standard normal value (Irwin-Hall sum of
// twelve uniforms, arithmetic only).
func (g *gen) normal() float64 {
	s := 0.0
	for range 12 {
		s += g.float()
	}
	return s - 6
}

// lognormal returns exp(sigma * normal()).
func (g *gen) lognormal(sigma float64) float64 { return math.Exp(sigma * g.normal()) }

// weighted is a value with a relative weight.
type weighted[T any] struct {
	v T
	w float64
}

// pickWeighted returns a value with probability proportional to its weight.
func pickWeighted[T any](g *gen, xs []weighted[T]) T {
	total := 0.0
	for _, x := range xs {
		total += x.w
	}
	u := g.float() * total
	for _, x := range xs {
		if u < x.w {
			return x.v
		}
		u -= x.w
	}
	return xs[len(xs)-1].v
}

const hexDigits = "0123456789abcdef"

// hex returns n random lower-case hex digits.
func (g *gen) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[g.intn(16)]
	}
	return string(b)
}

// upperHex returns n random upper-case hex digits.
func (g *gen) upperHex(n int) string { return strings.ToUpper(g.hex(n)) }

// uuid returns a random version-4 UUID string.
func (g *gen) uuid() string {
	h := g.hex(32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + string("89ab"[g.intn(4)]) + h[17:20] + "-" + h[20:]
}

// base83 is the blurhash alphabet.
const base83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"

// blurhash returns a plausible 36-character blurhash.
func (g *gen) blurhash() string {
	b := []byte("U")
	for range 35 {
		b = append(b, base83[g.intn(len(base83))])
	}
	return string(b)
}

// isoMillis formats t as the hubs do: "2006-01-02T15:04:05.000Z".
func isoMillis(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// daysBefore returns ReferenceDate minus a fractional number of days,
// truncated to the millisecond.
func daysBefore(days float64) time.Time {
	return ReferenceDate.Add(-time.Duration(days * float64(24*time.Hour))).Truncate(time.Millisecond)
}
