package redislimit

import (
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/manifestgen/manifestgen/manifestgen/internal/redistest"
)

// startRedis starts a redis-server for the test (see redistest.Start).
func startRedis(t *testing.T, password string) *redistest.Server {
	t.Helper()
	return redistest.Start(t, password)
}

// client returns a client to s built as production builds it (ParseURL),
// closed when the test ends.
func client(t *testing.T, s *redistest.Server) *redis.Client {
	t.Helper()
	opts, err := ParseURL(envMap{EnvURL: s.URL()}.get)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { c.Close() })
	return c
}

// envMap is a getenv over a map.
type envMap map[string]string

func (m envMap) get(k string) string { return m[k] }
