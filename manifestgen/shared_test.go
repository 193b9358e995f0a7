package manifestgen

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/internal/redistest"
)

// TestGenerateSharedLimiter: with a Redis URL every source paces through
// its shared key (per host and token identity); with fail: closed and Redis
// gone, the run stops with an error that names Redis without its password.
func TestGenerateSharedLimiter(t *testing.T) {
	rs := redistest.Start(t, "s3cret-pw")
	srv, err := hub.Start(hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	cfg, err := config.Parse("shared.yaml", []byte(`
cache: ""
output: `+filepath.Join(dir, "out")+`
redis: {fail: closed}
sources:
  huggingface:
    endpoint: `+srv.URL()+`
    rps: 50
    burst: 2
    filters:
      - {name: tti, query: {pipeline_tag: text-to-image, sort: likes}, limit: 5}
`))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Redis.URL = rs.URL()
	var log bytes.Buffer
	if _, err := Generate(context.Background(), cfg, GenerateOptions{Stderr: &log, Getenv: env()}); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	opts, _ := redis.ParseURL(rs.URL())
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	keys, err := rdb.Keys(context.Background(), "*manifestgen:limit:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) == 0 || !strings.Contains(strings.Join(keys, " "), ":anon:") {
		t.Errorf("no shared rate key for the anonymous identity: %v", keys)
	}

	rs.Kill()
	log.Reset()
	_, err = Generate(context.Background(), cfg, GenerateOptions{Stderr: &log, Getenv: env(), Fingerprint: "again"})
	if err == nil {
		t.Fatal("fail: closed with Redis down: the run succeeded")
	}
	all := err.Error() + log.String()
	if !strings.Contains(all, rs.Addr()) || !strings.Contains(all, "unavailable") {
		t.Errorf("error does not name the Redis address:\n%s", all)
	}
	if strings.Contains(all, "s3cret-pw") {
		t.Error("the Redis password leaked")
	}
}
