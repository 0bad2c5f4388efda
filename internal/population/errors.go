package population

import (
	"fmt"
	"strings"
)

// Error is a fault in a population file or in a filter, worded in English
// (Error) and Swedish (Swedish). Use errors.As to get at the fields.
type Error struct {
	File   string // the name given to ReadCSV; "" when no file is at fault (ParseFilter)
	Line   int    // 1-based physical line in File; 0 when no line is at fault
	Field  string // "code", "population", "age" or "sex"; "" for a row or the header as a whole
	Value  string // the offending text, trimmed; a whole row is rejoined with its delimiter
	Reason string // what is wrong, in English

	SwedishReason string // Reason in Swedish
	Err           error  // the underlying error of a failed read or bad CSV quoting, if any
}

// Error returns the message in English:
//
//	pop.csv: line 17: population "-5": expected a non-negative whole number
func (e *Error) Error() string {
	return e.format("line", e.Field, e.Reason)
}

// Swedish returns the message in Swedish:
//
//	pop.csv: rad 17: befolkning "-5": förväntade ett heltal, noll eller större
func (e *Error) Swedish() string {
	reason := e.SwedishReason
	if reason == "" {
		reason = e.Reason
	}
	return e.format("rad", swedishField(e.Field), reason)
}

// Unwrap returns Err, so that errors.Is sees a failed read.
func (e *Error) Unwrap() error { return e.Err }

func (e *Error) format(line, field, reason string) string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%s %d: ", line, e.Line)
	}
	switch {
	case field != "" && e.Value != "":
		fmt.Fprintf(&b, "%s %q: ", field, e.Value)
	case field != "":
		b.WriteString(field + ": ")
	case e.Value != "":
		fmt.Fprintf(&b, "%q: ", e.Value)
	}
	b.WriteString(reason)
	return b.String()
}

func swedishField(field string) string {
	switch field {
	case colCode:
		return "kod"
	case colPopulation:
		return "befolkning"
	case colAge:
		return "ålder"
	case colSex:
		return "kön"
	}
	return field
}

// problem is an Error without its place; the reader fills in file, line,
// field and value, which the small parsers below it do not know.
func problem(en, sv string, args ...any) *Error {
	return &Error{Reason: fmt.Sprintf(en, args...), SwedishReason: fmt.Sprintf(sv, args...)}
}

// MissingError reports that a table has no rows for a code, so its
// population is unknown. It is distinct from zero.
type MissingError struct {
	Code string
}

// Error returns "no population rows for 0780".
func (e *MissingError) Error() string { return "no population rows for " + e.Code }

// Swedish returns "befolkningstal saknas för 0780".
func (e *MissingError) Swedish() string { return "befolkningstal saknas för " + e.Code }
