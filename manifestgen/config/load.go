package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

//go:embed default.yaml
var defaultYAML []byte

// Default returns the embedded default configuration, default.yaml: the
// classic workload of 16 CivitAI and 9 Hugging Face filters.
func Default() []byte { return slices.Clone(defaultYAML) }

// Load resolves, parses, overrides and validates the configuration.
//
// The file is the one named by MANIFESTGEN_CONFIG (which must exist; a
// relative path is relative to the working directory), else
// <dir>/manifestgen.yaml if it exists, else the embedded default. The
// environment then overrides it: MANIFESTGEN_OUT, MANIFESTGEN_ALLOW_STALE,
// CIVITAI_ENDPOINT, HF_ENDPOINT, MANIFESTGEN_CIVITAI_ALLOW_ORIGINS,
// MANIFESTGEN_HF_ALLOW_ORIGINS, and the tokens CIVITAI_API_KEY and
// HF_TOKEN, which are never read from a file. Variables set to "" count as
// unset. getenv is usually os.Getenv; nil means an empty environment.
//
// The error, when not nil, joins one *Error per problem found, each naming
// a file line or an environment variable.
func Load(getenv func(string) string, dir string) (*Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	name, data, err := resolveFile(getenv, dir)
	if err != nil {
		return nil, err
	}
	c, pl, probs, ok := parse(name, data)
	applyEnv(c, getenv, pl, probs)
	if ok {
		validate(c, pl, probs)
	}
	var secrets []string // whatever a value leaked into, it is not shown
	for _, h := range hubs {
		secrets = append(secrets, strings.TrimSpace(getenv(h.tokenEnv)))
	}
	if err := probs.err(secrets...); err != nil {
		return nil, err
	}
	return c, nil
}

// resolveFile returns the name and contents of the config to use.
func resolveFile(getenv func(string) string, dir string) (name string, data []byte, err error) {
	if path := getenv(EnvConfig); path != "" {
		data, err := readFile(path)
		if err != nil {
			return "", nil, fmt.Errorf("config: %s=%s: %w", EnvConfig, path, err)
		}
		return path, data, nil
	}
	path := filepath.Join(dir, FileName)
	data, err = readFile(path)
	switch {
	case err == nil:
		return path, data, nil
	case errors.Is(err, fs.ErrNotExist):
		return EmbeddedName, Default(), nil
	default:
		return "", nil, fmt.Errorf("config: %w", err)
	}
}

// readFile reads a config file of at most maxFileSize bytes.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxFileSize)
	}
	return data, nil
}

// applyEnv applies the environment overrides to c and records which
// variable set which value.
func applyEnv(c *Config, getenv func(string) string, pl *places, probs *problems) {
	if v := getenv(EnvOut); v != "" {
		c.Output = v
		pl.env["output"] = EnvOut
	}
	if v := getenv(EnvMaxAge); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d >= 0 {
			c.MaxAge = d
			pl.env["maxAge"] = EnvMaxAge
		} else {
			probs.add("", EnvMaxAge, 0, "want a duration such as 6h or 0, got %q", v)
		}
	}
	if v := getenv(EnvCacheDir); v != "" {
		c.CacheDir = v
		if v == "off" {
			c.CacheDir = ""
		}
		pl.env["cache"] = EnvCacheDir
	}
	if v := getenv(EnvLock); v != "" {
		c.Lock = v
		pl.env["lock"] = EnvLock
	}
	if v := getenv(EnvCacheAge); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d >= 0 {
			c.CacheMaxAge = d
			pl.env["cacheMaxAge"] = EnvCacheAge
		} else {
			probs.add("", EnvCacheAge, 0, "want a duration such as 720h or 0, got %q", v)
		}
	}
	if v := getenv(EnvCacheSize); v != "" {
		if n, err := parseSize(v); err == nil {
			c.CacheMaxSize = n
			pl.env["cacheMaxSize"] = EnvCacheSize
		} else {
			probs.add("", EnvCacheSize, 0, "%v", err)
		}
	}
	if v := getenv(EnvRedisURL); v != "" {
		c.Redis.URL = v
		pl.env["redis.url"] = EnvRedisURL
	}
	if v := getenv(EnvRedisFail); v != "" {
		c.Redis.Fail = v
		pl.env["redis.fail"] = EnvRedisFail
	}
	if v := getenv(EnvMismatches); v != "" {
		c.Mismatches = v
		pl.env["mismatches"] = EnvMismatches
	}
	if v := getenv(EnvAllowStale); v != "" {
		switch strings.ToLower(v) {
		case "1", "true":
			c.AllowStale = true
		case "0", "false":
			c.AllowStale = false
		default:
			probs.add("", EnvAllowStale, 0, "want 1, 0, true or false, got %q", v)
		}
	}
	for _, s := range c.Sources {
		h := hubs[s.Name]
		path := "sources." + s.Name
		if v := getenv(h.endpointEnv); v != "" {
			s.Endpoint = trimEndpoint(v)
			pl.env[path+".endpoint"] = h.endpointEnv
		}
		if v := strings.TrimSpace(getenv(h.allowEnv)); v != "" {
			s.Mirrors = nil
			if v != "none" {
				for _, o := range strings.Split(v, ",") {
					s.Mirrors = append(s.Mirrors, strings.TrimSpace(o))
				}
			}
			pl.env[path+".allowOrigins"] = h.allowEnv
		}
		s.Token = strings.TrimSpace(getenv(h.tokenEnv))
		pl.env[path+".token"] = h.tokenEnv
		if v := getenv(EnvCivitAIPreviewNSFW); v != "" && s.Name == CivitAI {
			if !validPreviewNSFW(v) {
				probs.add("", EnvCivitAIPreviewNSFW, 0, "want PG, PG13, R, X or XXX, got %q", v)
				continue
			}
			s.PreviewNSFW = v
			for i := range s.Filters {
				s.Filters[i].PreviewNSFW = v
			}
			pl.env[path+".previewNSFW"] = EnvCivitAIPreviewNSFW
		}
	}
}
