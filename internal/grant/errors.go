package grant

import (
	"errors"
	"fmt"
)

// Error codes, one per way a request can fail. The API and the web map each
// to an HTTP status in one place; nothing else inspects error strings.
const (
	EINVALID      = "invalid"             // the input breaks a rule; Field names it
	ENOTFOUND     = "not_found"           // no such record
	ECONFLICT     = "conflict"            // the record exists, or the state does not allow the change
	EPRECONDITION = "precondition_failed" // the record changed since it was read (stale ETag)
	EUNAUTHORIZED = "unauthorized"        // no valid login
	EFORBIDDEN    = "forbidden"           // logged in but not allowed
	EINTERNAL     = "internal"            // a fault of anslag's, not the user's
	ETHROTTLED    = "throttled"           // too many attempts; try again later
)

// Error is a failure a user can act on, worded in English and Swedish.
type Error struct {
	Code    string // one of the E* constants
	Field   string // the input field at fault, if any ("amount", "lines[2].amount")
	Message string // English
	Swedish string // Swedish
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Errorf makes an Error with messages in both languages; the same arguments
// fill both formats.
func Errorf(code, field, en, sv string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(en, args...), Swedish: fmt.Sprintf(sv, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for an error that is not an
// *Error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// NotFound reports that a record does not exist, naming its kind in
// English (what) and Swedish (sv).
func NotFound(what, sv string, id any) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s %v not found", what, id), Swedish: fmt.Sprintf("%s %v finns inte", sv, id)}
}
