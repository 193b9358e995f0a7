package civitai

import (
	"bytes"
	"io"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/origin"
	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// BenchmarkEchoScan measures what looking for the run's tokens in a page
// (fetch does it on every 2xx body, the HTTP cache again on what it stores)
// adds to decoding it: "decode" alone, "decode+scan" with the body teed
// through a redact.Scanner, as fetch reads it, and "scan" alone in 32 KiB
// writes. Compare them in one run.
func BenchmarkEchoScan(b *testing.B) {
	body := renderedPage(b, "https://civitai.test/api/v1/models?limit=100&sort=Most+Downloaded&nsfw=true")
	set := redact.New("civ0SECRET0key0c0ffee42", "hf_HOSTILEsecretTOKEN0123456789")
	const u = "https://civitai.test/api/v1/models"
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			sc := set.Scanner()
			for i := 0; i < len(body); i += 32 << 10 {
				_, _ = sc.Write(body[i:min(i+32<<10, len(body))])
			}
			if sc.Found() {
				b.Fatal("found a token in a clean page")
			}
		}
	})
	for _, scan := range []bool{false, true} {
		name := "decode"
		if scan {
			name = "decode+scan"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var r io.Reader = bytes.NewReader(body)
				sc := set.Scanner()
				if scan {
					r = io.TeeReader(r, sc)
				}
				p, err := decodePage(u, r, origin.Rule{})
				if err != nil || len(p.Models) == 0 || sc.Found() {
					b.Fatalf("%d models, %v, found %v", len(p.Models), err, sc.Found())
				}
			}
		})
	}
}
