package exporter

import (
	"strconv"

	"github.com/anslag/anslag/internal/money"
)

// Kronor is an amount in öre written as a JSON number of kronor, exactly:
// 1341000000 öre is 13410000, 123450 öre 1234.5 and 1 öre 0.01. The
// decimal is written from the integer, never through a float, which could
// not hold every öre of a large amount.
type Kronor money.Amount

// String is the amount in kronor as a decimal number.
func (k Kronor) String() string {
	ore := int64(k)
	sign := ""
	// Split off the sign on the magnitude as uint64, so that the smallest
	// int64 has a magnitude too.
	mag := uint64(ore)
	if ore < 0 {
		sign, mag = "-", uint64(-(ore+1))+1
	}
	whole, frac := mag/100, mag%100
	s := sign + strconv.FormatUint(whole, 10)
	switch {
	case frac == 0:
		return s
	case frac%10 == 0:
		return s + "." + strconv.FormatUint(frac/10, 10)
	case frac < 10:
		return s + ".0" + strconv.FormatUint(frac, 10)
	}
	return s + "." + strconv.FormatUint(frac, 10)
}

// MarshalJSON writes the amount as a JSON number.
func (k Kronor) MarshalJSON() ([]byte, error) { return []byte(k.String()), nil }
