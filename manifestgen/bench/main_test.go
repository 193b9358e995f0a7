package bench

import (
	"net/http"
	"testing"

	"go.uber.org/goleak"

	"github.com/manifestgen/manifestgen/manifestgen/hub"
)

func TestMain(m *testing.M) {
	// Build the shared snapshot outside any synctest bubble.
	h := hub.New(hub.Options{})
	for _, u := range []string{"https://hub.test/api/v1/models?limit=1", "https://hub.test/api/models?limit=1"} {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			panic(err)
		}
		resp, err := h.Transport().RoundTrip(req)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
	}
	goleak.VerifyTestMain(m)
}
