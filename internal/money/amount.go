// Package money holds Amount, an exact sum of Swedish kronor counted in öre,
// and the parsing and formatting of amounts as Swedish people write them.
// It has no dependencies outside the standard library.
package money

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// Amount is a sum of money in öre (1 krona = 100 öre). It is never a float:
// every figure anslag stores, allocates or shows is an exact integer.
type Amount int64

// Common units, in öre, and the range of Amount.
const (
	Ore       Amount = 1
	Krona     Amount = 100
	Tkr       Amount = 1_000 * Krona
	Mkr       Amount = 1_000_000 * Krona
	Miljard   Amount = 1_000_000_000 * Krona
	MaxAmount Amount = math.MaxInt64
	MinAmount Amount = math.MinInt64
)

// ErrOverflow reports a result outside the range of Amount. The arithmetic
// helpers, FromKronor, UnmarshalJSON and the parse functions (through
// *ParseError) all wrap it, so callers can test with errors.Is.
var ErrOverflow = errors.New("money: amount out of range")

// FromKronor returns kr whole kronor as an Amount.
func FromKronor(kr int64) (Amount, error) {
	a, ok := mul(kr, int64(Krona))
	if !ok {
		return 0, fmt.Errorf("%w: %d kronor", ErrOverflow, kr)
	}
	return a, nil
}

// Kronor returns the whole kronor in a, truncated toward zero:
// 12,50 kr and -12,50 kr give 12 and -12.
func (a Amount) Kronor() int64 { return int64(a) / int64(Krona) }

// Ore returns a in öre, which is exact.
func (a Amount) Ore() int64 { return int64(a) }

// Add returns a + b, or an error wrapping ErrOverflow instead of wrapping around.
func (a Amount) Add(b Amount) (Amount, error) {
	c := a + b
	// Adding a positive number must increase a; anything else wrapped.
	if (c > a) != (b > 0) {
		return 0, fmt.Errorf("%w: %s + %s", ErrOverflow, a, b)
	}
	return c, nil
}

// Sub returns a - b, or an error wrapping ErrOverflow instead of wrapping around.
func (a Amount) Sub(b Amount) (Amount, error) {
	c := a - b
	// Subtracting a positive number must decrease a; anything else wrapped.
	if (c < a) != (b > 0) {
		return 0, fmt.Errorf("%w: %s - %s", ErrOverflow, a, b)
	}
	return c, nil
}

// MulInt returns a × n, or an error wrapping ErrOverflow instead of wrapping around.
func (a Amount) MulInt(n int64) (Amount, error) {
	c, ok := mul(int64(a), n)
	if !ok {
		return 0, fmt.Errorf("%w: %s × %d", ErrOverflow, a, n)
	}
	return c, nil
}

// mul multiplies on magnitudes so that the one product whose magnitude does
// not fit int64, MinInt64 itself, is still accepted.
func mul(x, y int64) (Amount, bool) {
	nx, ux := abs(x)
	ny, uy := abs(y)
	hi, lo := bits.Mul64(ux, uy)
	if hi != 0 {
		return 0, false
	}
	return signed(nx != ny, lo)
}

// abs splits x into its sign and magnitude; the magnitude of MinInt64 fits
// uint64, so nothing overflows.
func abs(x int64) (neg bool, u uint64) {
	if x < 0 {
		return true, -uint64(x)
	}
	return false, uint64(x)
}

// signed is the inverse of abs; it reports false if the result does not fit.
func signed(neg bool, u uint64) (Amount, bool) {
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return Amount(-u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return Amount(u), true
}
