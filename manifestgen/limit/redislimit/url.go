package redislimit

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/redis/go-redis/v9"
)

// EnvURL is the environment variable that names the shared Redis, as
// redis://[user:password@]host:port[/db] or rediss:// for TLS.
const EnvURL = "MANIFESTGEN_REDIS_URL"

// ParseURL reads EnvURL through getenv (os.Getenv in production) and returns
// client options for it; nil, nil when it is unset or blank. Timeouts the
// URL does not set (dial_timeout, read_timeout, write_timeout) default to
// DefaultTimeout, retries to one, a failed dial is not retried, and the
// client honours context deadlines, so that an unreachable Redis fails
// within a Limiter's Timeout. Errors never contain the password.
func ParseURL(getenv func(string) string) (*redis.Options, error) {
	raw := strings.TrimSpace(getenv(EnvURL))
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse's messages quote parts of the URL, the password among
		// them: show none of it.
		return nil, fmt.Errorf("%s is not a valid URL (not shown: it may hold a password)", EnvURL)
	}
	opts, err := redis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%s=%s: %w", EnvURL, Redact(raw), redacted{err})
	}
	q := u.Query()
	if !q.Has("dial_timeout") {
		opts.DialTimeout = DefaultTimeout
	}
	if !q.Has("read_timeout") {
		opts.ReadTimeout = DefaultTimeout
	}
	if !q.Has("write_timeout") {
		opts.WriteTimeout = DefaultTimeout
	}
	if !q.Has("max_retries") {
		opts.MaxRetries = 1
	}
	opts.DialerRetries = 1 // a refused connection fails at once, as itself
	opts.ContextTimeoutEnabled = true
	return opts, nil
}

// Redact returns rawURL for logs, keeping what names the server (scheme,
// user, host, a database number, option names) and replacing by "xxxxx"
// whatever may hold a password: the password, option values and other
// names, any other path, an opaque part ("redis:pw@host" has no user info). The fragment is
// dropped. A string that does not parse as a URL is replaced whole.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	out := url.URL{Scheme: u.Scheme, Host: u.Host}
	if u.Opaque != "" {
		out.Opaque = hidden
	}
	if u.User != nil {
		out.User = url.User(u.User.Username())
		if _, ok := u.User.Password(); ok {
			out.User = url.UserPassword(u.User.Username(), hidden)
		}
	}
	if dbPath.MatchString(u.Path) {
		out.Path = u.Path
	} else {
		out.Path = "/" + hidden
	}
	if u.RawQuery != "" {
		q := url.Values{}
		for k := range u.Query() {
			if !optionName.MatchString(k) {
				k = hidden
			}
			q[k] = []string{hidden}
		}
		out.RawQuery = q.Encode()
	}
	return out.String()
}

// hidden replaces secrets.
const hidden = "xxxxx"

// optionName is the shape of go-redis's URL options (dial_timeout, db).
var optionName = regexp.MustCompile(`^[a-z_]+$`)

// dbPath is a path that only selects a database.
var dbPath = regexp.MustCompile(`^/?[0-9]*$`)

// redacted is an error from redis.ParseURL shown as its fixed part only
// ("redis: invalid database number"): the details quote the URL, password
// included, in several forms. Redact(url) beside it shows what is safe. It
// unwraps to the original error.
type redacted struct{ err error }

func (r redacted) Error() string {
	parts := strings.SplitN(r.err.Error(), ": ", 3)
	return strings.Join(parts[:min(len(parts), 2)], ": ")
}

func (r redacted) Unwrap() error { return r.err }
