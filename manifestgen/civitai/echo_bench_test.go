package civitai

import (
	"bytes"
	"io"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// BenchmarkEchoScan measures what looking for the run's tokens in a page
// (fetch does it on every 2xx body, the HTTP cache again on what it stores)
// adds to decoding it: "decode" alone, "decode+scan" with the body teed
// through a redact.Scanner, as fetch reads it. Compare the two in one run.
func BenchmarkEchoScan(b *testing.B) {
	body := renderedPage(b, "https://civitai.test/api/v1/models?limit=100&sort=Most+Downloaded&nsfw=true")
	set := redact.New("civ0SECRET0key0c0ffee42", "hf_HOSTILEsecretTOKEN0123456789")
	const u = "https://civitai.test/api/v1/models"
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
				p, err := decodePage(u, r)
				if err != nil || len(p.Models) == 0 || sc.Found() {
					b.Fatalf("%d models, %v, found %v", len(p.Models), err, sc.Found())
				}
			}
		})
	}
}
