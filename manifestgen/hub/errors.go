package hub

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// jsonContentType is the Content-Type of every JSON answer of both hubs.
const jsonContentType = "application/json; charset=utf-8"

// jsonResponse encodes v as a response with the given status.
func jsonResponse(status int, v any) response {
	return response{status: status, header: http.Header{"Content-Type": {jsonContentType}}, body: marshalJSON(v)}
}

// marshalJSON encodes v as JavaScript's JSON.stringify does: no HTML
// escaping of <, > and &. Only the package's own types are encoded, so an
// error is a bug.
func marshalJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("hub: encode JSON: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// jsonError is the {"error": msg} body both hubs use.
func jsonError(status int, msg string) response {
	return jsonResponse(status, map[string]string{"error": msg})
}

// limitedResponse is the 429 of a limit, with the hints the limit gives.
func limitedResponse(api string, v verdict) response {
	var resp response
	switch {
	case v.reason == "concurrency":
		resp = jsonError(http.StatusTooManyRequests, "Too many concurrent requests")
	case api == APIHuggingFace:
		resp = jsonError(http.StatusTooManyRequests,
			"You have been rate-limited; you can retry this action in about "+strconv.Itoa(cmp.Or(v.retryAfter, v.rl.reset, 1))+" seconds.")
	default:
		resp = jsonError(http.StatusTooManyRequests, "Too Many Requests")
	}
	if v.retryAfter > 0 {
		resp.header.Set("Retry-After", strconv.Itoa(v.retryAfter))
	}
	return resp
}

// failureResponse is an injected 5xx with the error body the API is known
// to send.
func failureResponse(api string, status int) response {
	if api == APIHuggingFace {
		return jsonError(status, "Internal Error - We're working hard to fix this as soon as possible!")
	}
	switch status {
	case http.StatusInternalServerError:
		return jsonResponse(status, map[string]string{
			"error": "canceling statement due to statement timeout", "code": "57014",
		})
	case http.StatusBadGateway:
		return jsonResponse(status, map[string]string{"message": "An unexpected error occurred", "error": "Bad Gateway"})
	default:
		return jsonError(status, "Service Unavailable")
	}
}

// challengePage is a Cloudflare-style "Just a moment..." interstitial, as
// clients receive it instead of JSON.
func challengePage(r *http.Request) response {
	host := r.Host
	if host == "" {
		host = "civitai.com"
	}
	body := strings.ReplaceAll(challengeHTML, "{{host}}", host)
	return response{
		status: http.StatusForbidden,
		header: http.Header{
			"Content-Type":  {"text/html; charset=UTF-8"},
			"Cache-Control": {"private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0"},
			"Cf-Mitigated":  {"challenge"},
			"Server":        {"cloudflare"},
		},
		body: []byte(body),
	}
}

const challengeHTML = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>` +
	`<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta http-equiv="X-UA-Compatible" content="IE=Edge">` +
	`<meta name="robots" content="noindex,nofollow"><meta name="viewport" content="width=device-width,initial-scale=1">` +
	`</head><body><div class="main-wrapper" role="main"><div class="main-content"><h1 class="zone-name-title h1">{{host}}</h1>` +
	`<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>` +
	`<noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript>` +
	`</div></div><script>(function(){window._cf_chl_opt={cvId: '3',cZone: "{{host}}",cType: 'managed',cRay: '8c1f2e3d4a5b6c7d',` +
	`cH: 'embedded-hub',cUPMDTk: "\/api\/v1\/models?__cf_chl_tk=embedded"};var cpo = document.createElement('script');` +
	`cpo.src = '/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=8c1f2e3d4a5b6c7d';` +
	`document.getElementsByTagName('head')[0].appendChild(cpo);}());</script></body></html>`
