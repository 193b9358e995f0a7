package config

import (
	"net/url"
	"strings"

	urlorigin "github.com/manifestgen/manifestgen/manifestgen/origin"
)

// hub holds the fixed facts of one source.
type hub struct {
	endpoint    string            // default endpoint
	endpointEnv string            // variable overriding the endpoint
	tokenEnv    string            // variable holding the token
	allowEnv    string            // variable overriding allowOrigins
	maxPageSize int               // largest page the API serves
	reserved    map[string]string // query keys the file may not set -> why
	match       bool              // client-side predicates supported
	previews    bool              // preview allowances (previewNSFW) apply
}

// hubs are the known sources, by name.
var hubs = map[string]hub{
	CivitAI: {
		endpoint:    CivitAIEndpoint,
		endpointEnv: EnvCivitAIURL,
		tokenEnv:    EnvCivitAIKey,
		allowEnv:    EnvCivitAIAllow,
		maxPageSize: 100,
		previews:    true,
		reserved: map[string]string{
			"limit":  "the client sets it from pageSize",
			"cursor": "the client sets it while paging",
			"page":   "the client pages with cursors",
			"token":  "tokens are read only from the environment; set " + EnvCivitAIKey,
		},
	},
	HuggingFace: {
		endpoint:    HuggingFaceEndpoint,
		endpointEnv: EnvHFURL,
		tokenEnv:    EnvHFToken,
		allowEnv:    EnvHFAllow,
		maxPageSize: 1000,
		reserved: map[string]string{
			"limit":    "the client sets it from pageSize",
			"cursor":   "the client follows the Link header",
			"page":     "the client follows the Link header",
			"expand":   "the client selects the fields it needs",
			"expand[]": "the client selects the fields it needs",
			"full":     "the client selects the fields it needs",
			"cardData": "the API does not combine it with the expand the client sends",
			"config":   "the API does not combine it with the expand the client sends",
		},
		match: true,
	},
}

// sourceOrder is the order of Config.Sources.
var sourceOrder = []string{CivitAI, HuggingFace}

// Defaults of a source's keys that no profile covers.
const (
	defaultPageSize = 100
	defaultMaxBody  = 16 << 20
	defaultMaxPages = 50
)

// newSource returns the named source with every default applied.
func newSource(name string) *Source {
	s := &Source{
		Name:     name,
		Profile:  DefaultProfile,
		Endpoint: hubs[name].endpoint,
		PageSize: defaultPageSize,
		MaxBody:  defaultMaxBody,
		MaxPages: defaultMaxPages,
	}
	profiles[DefaultProfile].apply(s)
	return s
}

// trimEndpoint removes trailing slashes from an endpoint.
func trimEndpoint(s string) string { return strings.TrimRight(s, "/") }

// Origin returns the origin of s.Endpoint as scheme://host[:port] (host in
// lower case, default port left out): the only origin that receives the
// token, and where the source's data is said to come from (its Mirrors
// aside). "" when the endpoint has no origin (Validate reports it).
func (s *Source) Origin() string {
	u, err := url.Parse(s.Endpoint)
	if err != nil {
		return ""
	}
	o, err := urlorigin.Of(u)
	if err != nil {
		return ""
	}
	return o.String()
}
