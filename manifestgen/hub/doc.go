// Package hub is an embedded, in-process imitation of the two hub list APIs
// manifestgen reads: CivitAI's GET /api/v1/models and Hugging Face's
// GET /api/models. It serves a deterministic snapshot (a few thousand models
// per hub, generated once from a fixed seed and word lists) with the real
// paths, parameters, pagination, response shapes and headers, and it can
// inject faults (rate limits, server errors, resets, truncated bodies,
// challenge pages, slow bodies) per API, and make its listings misbehave as
// live hubs are known to (Misbehaviour: filters ignored, pages repeating
// models or themselves, empty pages announcing more).
//
// It is both the offline data source of a quick-start run and the test bed
// of the rate limiting and retry code: New returns an http.Handler usable in
// memory (also inside a testing/synctest bubble, see Hub.Transport), Start
// serves it on 127.0.0.1.
//
// The snapshot's "now" is ReferenceDate; time-relative filters (CivitAI's
// period) are evaluated against it, never against the wall clock, and API
// responses carry it as their Date header. Faults use
// time.Now (so a synctest bubble's fake clock drives them) and a seeded PCG.
package hub
