package money

import "strconv"

// String returns a exactly, as Swedish people write amounts: "13 410 000 kr",
// "12,50 kr", "0 kr", "-1 000 kr". Digit groups are separated by an ASCII
// space and öre are shown, always as two digits, only when non-zero. Parse
// reads the result back to a.
func (a Amount) String() string { return a.format(" ", "-", " ") }

// Format is String with sep between groups of three digits, for example
// "\u00a0" for a no-break space. Parse reads the result back only if sep is
// one of the separators it accepts.
func (a Amount) Format(sep string) string { return a.format(sep, "-", " ") }

// HTML is String for web pages: digit groups are separated by U+202F narrow
// no-break spaces, the minus sign is U+2212 and a U+00A0 no-break space comes
// before "kr", so a line never breaks inside an amount. The result contains no
// characters that need HTML escaping, and Parse reads it back to a.
func (a Amount) HTML() string { return a.format("\u202f", "\u2212", "\u00a0") }

func (a Amount) format(sep, minus, space string) string {
	neg, u := abs(int64(a))
	b := make([]byte, 0, 40)
	if neg {
		b = append(b, minus...)
	}
	b = appendGrouped(b, u/100, sep)
	if ore := u % 100; ore != 0 {
		b = append(b, ',', byte('0'+ore/10), byte('0'+ore%10))
	}
	b = append(b, space...)
	b = append(b, "kr"...)
	return string(b)
}

// Short returns a compact form for people, rounded half away from zero to at
// most one decimal: "1,7 mdkr" from 1 mdkr upwards, "20,3 Mkr" or "250 Mkr"
// from 1 Mkr upwards, and the exact String form below 1 Mkr.
//
// Short is lossy: show it, but never parse it back to get the amount; use
// String, Decimal or the JSON form for that. Near MaxAmount the rounded
// figure does not even fit an Amount.
func (a Amount) Short() string {
	neg, u := abs(int64(a))
	if u < uint64(Mkr) {
		return a.String()
	}
	tenths, unit := roundTenths(u, uint64(Mkr)), "Mkr"
	// 999,96 Mkr rounds to 1 000,0 Mkr, which reads better as 1 mdkr.
	if tenths >= 10_000 {
		tenths, unit = roundTenths(u, uint64(Miljard)), "mdkr"
	}
	b := make([]byte, 0, 24)
	if neg {
		b = append(b, '-')
	}
	b = appendGrouped(b, tenths/10, " ")
	if t := tenths % 10; t != 0 {
		b = append(b, ',', byte('0'+t))
	}
	b = append(b, ' ')
	b = append(b, unit...)
	return string(b)
}

// roundTenths returns u/unit in tenths, rounded half away from zero; u is a
// magnitude, so half up is away from zero. unit is a multiple of 10.
func roundTenths(u, unit uint64) uint64 {
	step := unit / 10
	q, r := u/step, u%step
	if r >= step-r { // r*2 >= step without overflow
		q++
	}
	return q
}

// appendGrouped appends u in decimal with sep between groups of three digits.
func appendGrouped(b []byte, u uint64, sep string) []byte {
	var buf [20]byte
	d := strconv.AppendUint(buf[:0], u, 10)
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b = append(b, sep...)
		}
		b = append(b, c)
	}
	return b
}

// Group writes a count the Swedish way, in groups of three digits separated
// by spaces: 10120242 → "10 120 242". It is for figures that are not money,
// such as populations and weights, shown beside amounts.
func Group(u uint64) string { return string(appendGrouped(nil, u, " ")) }
