package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// MarshalJSON encodes a as a JSON integer number of öre: 13 410 000 kr is
// 1341000000. Integers keep JSON exact, where a number of kronor with decimals
// would invite float rounding in other languages.
func (a Amount) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(a), 10), nil
}

// UnmarshalJSON decodes a JSON integer number of öre. It rejects strings,
// fractions and exponents ("1.5", "1e3") and, wrapping ErrOverflow, integers
// that do not fit Amount. Like encoding/json itself, it leaves a unchanged for
// null.
func (a *Amount) UnmarshalJSON(data []byte) error {
	s := string(data)
	if s == "null" {
		return nil
	}
	if !json.Valid(data) || (s[0] != '-' && !isDigit(rune(s[0]))) {
		return fmt.Errorf("money: JSON amount must be an integer number of öre, got %s", excerpt(s))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err == nil:
		*a = Amount(n)
		return nil
	case errors.Is(err, strconv.ErrRange):
		return fmt.Errorf("%w: JSON amount %s öre", ErrOverflow, excerpt(s))
	default: // a valid JSON number with a fraction or an exponent
		return fmt.Errorf("money: JSON amount must be an integer number of öre, got %s", excerpt(s))
	}
}

// excerpt shortens s for an error message, so that a huge input does not
// end up whole in a log.
func excerpt(s string) string {
	if len(s) <= 40 {
		return s
	}
	return fmt.Sprintf("%.40s…", s) // the precision counts runes, so UTF-8 stays whole
}
