// Package httpcache is an http.RoundTripper that keeps the last 200 response
// of each GET on disk and revalidates it with If-None-Match /
// If-Modified-Since, so that a listing that did not change between two
// manifest builds comes back as 304 Not Modified and is not downloaded again.
//
// It is a validation cache only: a stored entry is never served without the
// origin confirming it with a 304, so freshness (max-age, s-maxage) is
// ignored and every request still reaches the origin.
//
// # What is cached
//
// Only GET requests with no body, no Range header, no caller-set conditional
// header (If-None-Match, If-Modified-Since, If-Match, If-Unmodified-Since,
// If-Range) and no request "Cache-Control: no-store" are eligible; the rest
// pass through untouched and are counted as bypassed. A 200 response is
// stored when it carries an ETag or Last-Modified, is not
// "Cache-Control: no-store", has no Content-Encoding (the transport decoded it)
// and no "Vary: *". A 200 that is not storable removes the entry it
// supersedes. Other statuses pass through and leave the entry alone.
//
// # Credentials
//
// Authenticated responses are cached, because this cache is private to the
// user running the build and every reuse is authorised again by the origin's
// 304. They are kept apart from anonymous ones and from other credentials:
// the cache key is sha256 over the method, the full URL (its scheme and
// host replaced by Transport.Origin when set) and, when present, a sha256 of
// the Authorization and Cookie header values. No request header is
// ever written to disk, and of the response only Content-Type, ETag,
// Last-Modified, Link, Cache-Control and Vary are kept (see storedHeaders).
// RateLimit headers are deliberately not kept: on a 304 the live ones are
// used, and a stale quota must never reach the limiter.
//
// # Revalidation
//
// A 304 answer becomes a 200 response whose body is the stored body and
// whose headers are the stored ones overwritten by the 304's (so the 304's
// RateLimit, Date and any new Link win; a Link missing from the 304 comes
// from the entry), plus "X-Manifestgen-Cache: revalidated". A 304 whose ETag
// does not match the stored one cannot be answered from the entry; the
// request is then sent again without conditions.
//
// # Entry files
//
// One file per key, Dir/<64 hex key>, written to a temporary file in Dir and
// renamed into place, so readers in this or another process see either the
// old or the new entry, never a mix. The layout is
//
//	body bytes | metadata JSON | 8-byte magic "MGHCv001" | uint64 big-endian length of the JSON
//
// The metadata holds the format version, the key, the stored headers, the
// body length and the body's sha256. An entry whose layout, metadata, key or
// checksum is wrong is counted as corrupt, removed and refetched; it is never
// an error for the caller. Entries are not fsynced: a crash leaves at worst a
// corrupt entry, which the checksum detects. The body is streamed to disk
// while the caller reads it and committed only when the caller read it to
// EOF and closed it without error; nothing is held in memory. Only a
// regular file is read as an entry: a FIFO, device, socket, symlink or dir at
// an entry's path is never opened for reading (so it cannot block a run),
// only counted as a failure and replaced by the next stored 200.
// Transport.Check tells, before any request, whether Dir is usable at all.
//
// Entries are never evicted by use: an entry's modification time is set
// when it is stored or revalidated, and Transport.Prune removes the ones
// not used since a given time (pages whose cursor URLs no longer occur),
// then the least recently used beyond a total size.
package httpcache
