package api

import (
	"errors"
	"net/http"

	"github.com/anslag/anslag/internal/grant"
)

// Error codes of the HTTP layer itself. They travel in grant.Error.Code like
// the domain's codes, so that one error type and one mapping (Status) cover
// every failure a client can see.
const (
	EPRECONDITIONREQUIRED = "precondition_required"  // a write without If-Match
	ETOOLARGE             = "too_large"              // the body is over MaxBodyBytes
	EUNSUPPORTEDMEDIA     = "unsupported_media_type" // the body is not application/json
	EUNPROCESSABLE        = "unprocessable"          // well-formed but cannot be processed (an Idempotency-Key reused)
	EMETHOD               = "method_not_allowed"     // the path exists, the method does not
	EBUSY                 = "busy"                   // a read waited too long for its turn (Admission)
)

// Codes lists every error code a client can see, in the order of their
// statuses; the OpenAPI document gives it as the enum of Problem.code.
func Codes() []string {
	return []string{grant.EINVALID, grant.EUNAUTHORIZED, grant.EFORBIDDEN, grant.ENOTFOUND, EMETHOD, grant.ECONFLICT,
		grant.EPRECONDITION, ETOOLARGE, EUNSUPPORTEDMEDIA, EUNPROCESSABLE, EPRECONDITIONREQUIRED, grant.ETHROTTLED, grant.EINTERNAL, EBUSY}
}

// Status returns the HTTP status for err: the status of its grant code,
// 413 for an *http.MaxBytesError from a body read past its limit, 500 for
// anything else (including a grant.Error with an unknown code), and 200 for
// nil.
func Status(err error) int {
	if err == nil {
		return http.StatusOK
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return http.StatusRequestEntityTooLarge
	}
	return codeStatus(grant.ErrorCode(err))
}

// codeStatus maps a code to its status. EINVALID is 400 whether the body is
// malformed or breaks a domain rule: the two cannot be told apart reliably by
// the time an error gets here, and clients act on code and field, not on 400
// versus 422.
func codeStatus(code string) int {
	switch code {
	case grant.EINVALID:
		return http.StatusBadRequest
	case grant.ENOTFOUND:
		return http.StatusNotFound
	case grant.ECONFLICT:
		return http.StatusConflict
	case grant.EPRECONDITION:
		return http.StatusPreconditionFailed
	case grant.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case grant.EFORBIDDEN:
		return http.StatusForbidden
	case grant.ETHROTTLED:
		return http.StatusTooManyRequests
	case EPRECONDITIONREQUIRED:
		return http.StatusPreconditionRequired
	case ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case EUNSUPPORTEDMEDIA:
		return http.StatusUnsupportedMediaType
	case EUNPROCESSABLE:
		return http.StatusUnprocessableEntity
	case EMETHOD:
		return http.StatusMethodNotAllowed
	case EBUSY:
		return http.StatusServiceUnavailable
	default: // EINTERNAL, and any code this table does not know
		return http.StatusInternalServerError
	}
}

// PreconditionRequired is the error for a write that needs If-Match and came
// without one (428). It is a constructor, not a variable, so that no caller
// can change a shared error.
func PreconditionRequired() *grant.Error {
	return grant.Errorf(EPRECONDITIONREQUIRED, "If-Match",
		`this request changes a versioned record and needs an If-Match header with the ETag you read (for example If-Match: "v7")`,
		`begäran ändrar en versionerad post och kräver ett If-Match-huvud med den ETag du läste (till exempel If-Match: "v7")`)
}

// tooLarge is the error for a body over limit bytes (413).
func tooLarge(limit int64) *grant.Error {
	return grant.Errorf(ETOOLARGE, "", "the request body is larger than %d bytes",
		"begärans innehåll är större än %d byte", limit)
}
