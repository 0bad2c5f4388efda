package grant

import (
	"fmt"
	"time"
)

// Date is a calendar date written YYYY-MM-DD, as anslag stores and shows
// every decision date and deadline. The empty Date means "not set".
type Date string

// ParseDate checks a YYYY-MM-DD date; field names the input for the error.
func ParseDate(field, s string) (Date, error) {
	if s == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", Errorf(EINVALID, field, "%q is not a date (expected YYYY-MM-DD, e.g. 2017-01-31)",
			"%q är inte ett datum (förväntade ÅÅÅÅ-MM-DD, t.ex. 2017-01-31)", s)
	}
	return Date(s), nil
}

// Before tells whether d is strictly before the day of t. An unset date is
// never before anything.
func (d Date) Before(t time.Time) bool {
	return d != "" && string(d) < t.Format(time.DateOnly)
}

// timestampLayout is how anslag writes instants in the database: UTC,
// fixed width, so that text order is time order on every engine.
const timestampLayout = "2006-01-02T15:04:05.000000Z"

// Timestamp writes an instant in the stored form.
func Timestamp(t time.Time) string { return t.UTC().Format(timestampLayout) }

// ParseTimestamp reads an instant written by Timestamp.
func ParseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(timestampLayout, s)
	if err != nil {
		return t, fmt.Errorf("stored instant %q: %w", s, err)
	}
	return t, nil
}
