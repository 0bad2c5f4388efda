package allocate

import (
	"errors"
	"fmt"
)

// Kinds of failure, for errors.Is. Every error from this package wraps one.
var (
	// ErrInvalid: the request itself is malformed (a bad unit, a duplicate code, ...).
	ErrInvalid = errors.New("invalid allocation request")
	// ErrInfeasible: the request is well formed but no split can satisfy it.
	ErrInfeasible = errors.New("infeasible allocation request")
)

// Error is a failure to allocate, worded in English (Error) and Swedish
// (Swedish), naming the recipient or field at fault where there is one.
type Error struct {
	Kind  error  // ErrInvalid or ErrInfeasible
	Field string // the request field at fault, e.g. "unit", "recipients[0780].floor"
	En    string
	Sv    string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return "allocate: " + e.En
	}
	return "allocate: " + e.Field + ": " + e.En
}

// Swedish returns the message in Swedish.
func (e *Error) Swedish() string {
	if e.Field == "" {
		return "fördelning: " + e.Sv
	}
	return "fördelning: " + e.Field + ": " + e.Sv
}

func (e *Error) Unwrap() error { return e.Kind }

func invalid(field, en, sv string, args ...any) error {
	return &Error{Kind: ErrInvalid, Field: field, En: fmt.Sprintf(en, args...), Sv: fmt.Sprintf(sv, args...)}
}

func infeasible(field, en, sv string, args ...any) error {
	return &Error{Kind: ErrInfeasible, Field: field, En: fmt.Sprintf(en, args...), Sv: fmt.Sprintf(sv, args...)}
}
