package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/grant"
)

// ETag returns the entity tag of a record at version: the strong tag "v7".
// An HTTP entity tag belongs to one URL, so the version alone identifies
// the representation; ids are never reused, so a recreated record cannot
// repeat an old tag. Use it only for representations that change exactly
// when the record's version does.
func ETag(version int64) string { return `"v` + strconv.FormatInt(version, 10) + `"` }

// SetETag sets the response's ETag to the record's version.
func SetETag(w http.ResponseWriter, version int64) { w.Header().Set("ETag", ETag(version)) }

// parseETag reads one entity tag; weak reports a W/ prefix; ours reports
// whether it is one of ours ("v" and a version number).
func parseETag(s string) (version int64, weak, ours, ok bool) {
	s = strings.TrimSpace(s)
	if rest, found := strings.CutPrefix(s, "W/"); found {
		weak, s = true, rest
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' || strings.ContainsAny(s[1:len(s)-1], "\" ") {
		return 0, weak, false, false
	}
	n, found := strings.CutPrefix(s[1:len(s)-1], "v")
	v, err := strconv.ParseInt(n, 10, 64)
	if !found || err != nil || v < 0 || strconv.FormatInt(v, 10) != n { // only the form ETag writes
		return 0, weak, false, true
	}
	return v, weak, true, true
}

// IfMatch returns the version the client read, from the If-Match header of
// a write, for the app to compare with the record's (it answers
// EPRECONDITION, 412, when they differ). The header must hold exactly one
// strong entity tag:
//
//   - missing, or "*": EPRECONDITIONREQUIRED (428). "*" would overwrite
//     whatever is there, which is what the header exists to prevent.
//   - not an entity tag, or a list: EINVALID (400) naming If-Match.
//   - a weak tag or one that is not ours: EPRECONDITION (412). Such a tag
//     can never match (If-Match compares strongly), so the answer is the
//     same as for a stale one.
func IfMatch(r *http.Request) (int64, error) {
	values := r.Header.Values("If-Match")
	h := strings.TrimSpace(strings.Join(values, ","))
	switch {
	case h == "" || h == "*":
		return 0, PreconditionRequired()
	case len(values) > 1 || strings.Contains(h, `",`):
		return 0, grant.Errorf(grant.EINVALID, "If-Match", "If-Match must hold exactly one ETag, got %s",
			"If-Match måste innehålla exakt en ETag, fick %s", excerpt(h))
	}
	v, weak, ours, ok := parseETag(h)
	switch {
	case !ok:
		return 0, grant.Errorf(grant.EINVALID, "If-Match", `If-Match must be an ETag in quotes as the server sent it (for example "v7"), got %s`,
			`If-Match måste vara en ETag inom citattecken som servern skickade den (till exempel "v7"), fick %s`, excerpt(h))
	case weak || !ours:
		return 0, grant.Errorf(grant.EPRECONDITION, "If-Match", "the ETag %s does not match the record; read it again",
			"ETag %s stämmer inte med posten; läs den igen", excerpt(h))
	}
	return v, nil
}

// NotModified sets the ETag of a record at version and, when the request's
// If-None-Match names it (or is "*"), answers 304 Not Modified and returns
// true: the handler is then done. If-None-Match compares weakly, so W/"v7"
// matches too.
func NotModified(w http.ResponseWriter, r *http.Request, version int64) bool {
	SetETag(w, version)
	for _, h := range r.Header.Values("If-None-Match") {
		for tag := range strings.SplitSeq(h, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" {
				w.WriteHeader(http.StatusNotModified)
				return true
			}
			if v, _, ours, ok := parseETag(tag); ok && ours && v == version {
				w.WriteHeader(http.StatusNotModified)
				return true
			}
		}
	}
	return false
}
