package money

import "strconv"

// Decimal returns a in kronor in the machine form used in files and APIs: no
// digit grouping, a point and always two decimals, as in "13410000.00" and
// "-0.50". ParseDecimal reads it back.
func (a Amount) Decimal() string {
	neg, u := abs(int64(a))
	b := make([]byte, 0, 24)
	if neg {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, u/100, 10)
	ore := u % 100
	return string(append(b, '.', byte('0'+ore/10), byte('0'+ore%10)))
}

// ParseDecimal strictly reads an amount in kronor in the machine form written
// by Decimal: an optional "-", digits, and optionally a point followed by one
// or two decimals ("13410000.00", "-0.5", "7"). Nothing else is accepted, not
// even surrounding space. Errors are *ParseError.
func ParseDecimal(s string) (Amount, error) {
	// Every byte accepted is ASCII, so byte indexes are rune indexes for
	// error positions until the first rejected byte.
	i := 0
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		i++
	}
	start := i
	for i < len(s) && isDigit(rune(s[i])) {
		i++
	}
	if i == start {
		if len(s) == 0 {
			return 0, newParseError(s, 0, wantAmount, 0)
		}
		return 0, newParseError(s, i, wantDigit, 0)
	}
	digits := []byte(s[start:i])
	decimals := 0
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(rune(s[i])) && decimals < 2 {
			digits = append(digits, s[i])
			i++
			decimals++
		}
		if decimals == 0 {
			return 0, newParseError(s, i, wantPointFraction, 0)
		}
	}
	if i < len(s) {
		if decimals == 2 && isDigit(rune(s[i])) {
			return 0, newParseError(s, i, wantTwoDecimals, 0)
		}
		return 0, newParseError(s, i, wantEnd, 0)
	}
	a, ok := scale(digits, 2-decimals, neg)
	if !ok {
		return 0, newParseError(s, start, wantInRange, 0)
	}
	return a, nil
}
