// Package api is the framework of anslag's JSON API under /api/v1: routes
// declared once with their documentation (Router, Route), the OpenAPI 3.1
// document generated from them, and the conventions every handler follows.
//
// Conventions, which the OpenAPI document states to clients too:
//
//   - Errors are RFC 9457 problem documents (application/problem+json) with
//     the extension members "code" (a grant error code such as "not_found")
//     and "field" (the input at fault). The type URI is ProblemTypeBase
//     followed by the code. Status maps codes to HTTP statuses in one place.
//   - The detail is in Swedish when the request prefers Swedish
//     (Accept-Language), otherwise in English: API clients are programs, and
//     English is the default that their developers expect. Internal errors
//     never show their text; they are logged with a reference that the
//     detail quotes.
//   - Field paths join object members with "." and put array indexes in
//     brackets, as package grant does: "lines[2].amount".
//   - Amounts are integer öre: requests carry plain integers (money.Amount or
//     int64 fields), responses carry Money, öre plus "13 410 000 kr".
//   - A record's ETag is its version number, strong and quoted: "v7". Writes
//     to a versioned record require If-Match (428 without it, 412 when stale).
//   - POST requests may carry an Idempotency-Key; a retry replays the first
//     answer (see Idempotency).
//   - Lists are paged with limit and offset and answered as List.
//
// A domain route is one Router.Handle call (see the Router example): the
// Route names its request and response types, whose json and jsonschema
// tags make the schemas, and flags the headers that apply. Its handler
// reads input with PathInt, the Query helpers, ParsePage and Decode,
// checks versions with IfMatch or NotModified, and answers with Write (and
// SetETag) or WriteError; the Router has already checked the query
// parameters, If-Match's presence, the body size and the Idempotency-Key.
// Its tests serve requests through apitest.Spec, which fails them when an
// exchange departs from the document.
//
// The JSON codec is github.com/go-json-experiment/json, the mirror of
// encoding/json/v2 (standard from Go 1.27): unlike encoding/json it reports
// the exact JSON Pointer of every decoding error, including unknown members
// and errors from a type's own UnmarshalJSON, rejects duplicate members and
// invalid UTF-8, matches member names case-sensitively (as the schemas do)
// and encodes nil slices as [] (as the schemas require).
package api
