package money

import (
	"strings"
	"unicode"
)

// Parsed is an amount read by ParseDetail, together with the qualifier, if
// any, written before it.
type Parsed struct {
	Amount      Amount
	Approximate bool   // a qualifier such as "drygt" or "cirka" preceded the amount
	Qualifier   string // that qualifier, lower-cased ("drygt", "ca.", "c:a"); empty if none
}

// Parse reads an amount as Swedish people write it, such as "13 410 000 kr",
// "20,3 Mkr", "1,7 miljarder" or "4 528 193". A leading qualifier such as
// "cirka" is accepted and dropped; ParseDetail describes the accepted forms
// and reports the qualifier. Errors are *ParseError.
func Parse(s string) (Amount, error) {
	p, err := ParseDetail(s)
	return p.Amount, err
}

// ParseDetail reads an amount as Swedish people write it. The input is, in
// order and with surrounding space ignored:
//
//   - an optional qualifier: drygt, cirka, ca, ca., c:a, ungefär, omkring,
//     runt, nästan, knappt, över, närmare or uppemot; it makes the result
//     Approximate but does not change the amount;
//   - an optional sign, "-" or U+2212 "−";
//   - a number: digits, optionally in groups of three separated by a space,
//     U+00A0, U+202F or U+2009 ("13 410 000"), or by periods ("1.000.000"),
//     and optionally a decimal comma and decimals ("20,3");
//   - an optional unit; without one the number is in kronor. Units are
//     kr, kronor, krona, SEK, ":-" and ",-"; öre; the thousands tkr, tSEK and
//     tusen; the millions Mkr, MSEK, mnkr, milj, milj., miljon and miljoner;
//     the billions mdkr, mdr, mrd, mdSEK, miljard and miljarder. Case does not
//     matter. A multiplier may be followed by a redundant kr, kronor, krona or
//     SEK ("250 Mkr kronor", "tusen kronor").
//
// The amount must be a whole number of öre once the unit is applied, and
// must fit Amount; "12,505 kr" and "92 233 720 368 547 759 kr" are errors.
// Errors are *ParseError.
func ParseDetail(s string) (Parsed, error) {
	p := parser{input: s, r: []rune(s)}
	return p.parse()
}

// parser reads one amount. It works on runes so that error positions count
// characters, not bytes.
type parser struct {
	input string
	r     []rune
	i     int // index in r of the next rune to read
}

// number is the digits of a parsed number before its unit is known.
type number struct {
	start     int    // rune index of the first digit
	digits    []byte // ASCII digits, integer part then decimals, without separators
	decimals  int    // how many of digits follow the decimal comma
	fracStart int    // rune index of the first decimal
}

func (p *parser) parse() (Parsed, error) {
	var out Parsed
	p.skipSpace()
	if p.eof() {
		return Parsed{}, p.fail(p.i, wantAmount)
	}
	if q := p.qualifier(); q != "" {
		out.Qualifier, out.Approximate = q, true
		p.skipSpace()
	}
	neg := false
	if r := p.peek(0); r == '-' || r == '\u2212' {
		neg = true
		p.i++
	}
	n, err := p.number()
	if err != nil {
		return Parsed{}, err
	}
	exp, err := p.unit()
	if err != nil {
		return Parsed{}, err
	}
	if out.Amount, err = p.value(n, exp, neg); err != nil {
		return Parsed{}, err
	}
	return out, nil
}

// qualifier consumes and returns a leading qualifier, or returns "" and
// consumes nothing.
func (p *parser) qualifier() string {
	start := p.i
	q := p.word()
	switch {
	case q == "c" && p.peek(0) == ':' && unicode.ToLower(p.peek(1)) == 'a' && !isWordRune(p.peek(2)):
		p.i += 2
		return "c:a"
	case q == "ca" && p.peek(0) == '.':
		p.i++
		return "ca."
	case isQualifier(q):
		return q
	}
	p.i = start
	return ""
}

func isQualifier(w string) bool {
	switch w {
	case "drygt", "cirka", "ca", "ungefär", "omkring", "runt", "nästan",
		"knappt", "över", "närmare", "uppemot":
		return true
	}
	return false
}

// number reads digits with optional thousands separators and decimals.
func (p *parser) number() (number, error) {
	n := number{start: p.i}
	n.digits = p.digits(n.digits)
	if len(n.digits) == 0 {
		return n, p.fail(p.i, wantDigit)
	}
	var sep rune // ' ' for any space separator, '.' for periods; 0 before the first
	for {
		r := p.peek(0)
		kind := separatorKind(r)
		if kind == 0 || !isDigit(p.peek(1)) {
			break
		}
		at := p.i
		switch {
		case sep != 0 && kind != sep:
			return n, p.fail(at, wantSameSeparator)
		case sep == 0 && len(n.digits) > 3 && kind == '.':
			return n, p.fail(at, wantDecimalComma) // "1234.5" is an English decimal
		case sep == 0 && len(n.digits) > 3:
			return n, p.fail(n.start, wantShortLead)
		}
		sep = kind
		p.i++
		before := len(n.digits)
		n.digits = p.digits(n.digits)
		if len(n.digits)-before != 3 {
			if kind == '.' {
				return n, p.fail(at, wantDecimalComma) // "12.50 kr"
			}
			return n, p.fail(at+1, wantGroup)
		}
	}
	// ",-" means whole kronor, like ":-"; leave it for unit.
	if p.peek(0) == ',' && p.peek(1) != '-' {
		p.i++
		n.fracStart = p.i
		before := len(n.digits)
		n.digits = p.digits(n.digits)
		n.decimals = len(n.digits) - before
		if n.decimals == 0 {
			return n, p.fail(p.i, wantFraction)
		}
	}
	return n, nil
}

// separatorKind classifies r as a thousands separator: ' ' for the spaces
// people and word processors use between digit groups, '.' for a period, 0
// for anything else.
func separatorKind(r rune) rune {
	switch r {
	case ' ', '\u00a0', '\u202f', '\u2009':
		return ' '
	case '.':
		return '.'
	}
	return 0
}

// unit reads the optional unit and the end of the input, and returns the
// power of ten that turns the number into öre.
func (p *parser) unit() (int, error) {
	p.skipSpace()
	if p.eof() {
		return 2, nil // a bare number is kronor
	}
	if (p.peek(0) == ':' || p.peek(0) == ',') && p.peek(1) == '-' {
		p.i += 2
		return 2, p.end(wantEnd)
	}
	if p.peek(0) == '.' && isDigit(p.peek(1)) {
		return 0, p.fail(p.i, wantDecimalComma) // "1,000.50"
	}
	start := p.i
	w := p.word()
	if w == "milj" && p.peek(0) == '.' {
		p.i++
		w = "milj."
	}
	exp, multiplier := unitWord(w)
	if exp < 0 {
		return 0, p.fail(start, wantUnit)
	}
	if !multiplier {
		return exp, p.end(wantEnd)
	}
	if !p.skipSpace() || p.eof() {
		return exp, p.end(wantCurrency)
	}
	start = p.i
	if e, m := unitWord(p.word()); e != 2 || m {
		return 0, p.fail(start, wantCurrency)
	}
	return exp, p.end(wantEnd)
}

// unitWord returns the power of ten that turns a number followed by the
// lower-cased word w into öre, and whether w is a multiplier that may be
// followed by "kronor"; exp is -1 for an unknown word.
func unitWord(w string) (exp int, multiplier bool) {
	switch w {
	case "öre":
		return 0, false
	case "kr", "kronor", "krona", "sek":
		return 2, false
	case "tkr", "tsek", "tusen":
		return 5, true
	case "mkr", "msek", "mnkr", "milj", "milj.", "miljon", "miljoner":
		return 8, true
	case "mdkr", "mdr", "mrd", "mdsek", "miljard", "miljarder":
		return 11, true
	}
	return -1, false
}

// end reports want unless only space remains.
func (p *parser) end(want problem) error {
	p.skipSpace()
	if !p.eof() {
		return p.fail(p.i, want)
	}
	return nil
}

// value applies the unit's power of ten exp to n and the sign.
func (p *parser) value(n number, exp int, neg bool) (Amount, error) {
	digits, decimals := n.digits, n.decimals
	// Trailing zero decimals do not change the value: "12,500 kr" is 12,50 kr.
	for decimals > 0 && digits[len(digits)-1] == '0' {
		digits, decimals = digits[:len(digits)-1], decimals-1
	}
	if decimals > exp {
		return 0, newParseError(p.input, n.fracStart+exp, wantWholeOre, exp)
	}
	a, ok := scale(digits, exp-decimals, neg)
	if !ok {
		return 0, p.fail(n.start, wantInRange)
	}
	return a, nil
}

// scale returns the ASCII digits times 10^exp with the given sign, reporting
// false if the result does not fit Amount.
func scale(digits []byte, exp int, neg bool) (Amount, bool) {
	const limit = 1 << 63 // magnitude of MinInt64; signed rejects it for positives
	var u uint64
	for _, d := range digits {
		if u > (limit-uint64(d-'0'))/10 {
			return 0, false
		}
		u = u*10 + uint64(d-'0')
	}
	for range exp {
		if u > limit/10 {
			return 0, false
		}
		u *= 10
	}
	return signed(neg, u)
}

// digits appends the ASCII digits at the current position to dst.
func (p *parser) digits(dst []byte) []byte {
	for ; p.i < len(p.r) && isDigit(p.r[p.i]); p.i++ {
		dst = append(dst, byte(p.r[p.i]))
	}
	return dst
}

// word consumes a run of letters and returns it lower-cased, with decomposed
// å, ä and ö composed: text pasted from some PDFs and from macOS has "o"
// followed by a combining diaeresis where people see "ö".
func (p *parser) word() string {
	start := p.i
	for p.i < len(p.r) && isWordRune(p.r[p.i]) {
		p.i++
	}
	w := strings.ToLower(string(p.r[start:p.i]))
	w = strings.ReplaceAll(w, "o\u0308", "ö")
	w = strings.ReplaceAll(w, "a\u0308", "ä")
	return strings.ReplaceAll(w, "a\u030a", "å")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// skipSpace consumes white space and reports whether there was any.
func (p *parser) skipSpace() bool {
	start := p.i
	for p.i < len(p.r) && unicode.IsSpace(p.r[p.i]) {
		p.i++
	}
	return p.i > start
}

// peek returns the rune k positions ahead, or -1 past the end.
func (p *parser) peek(k int) rune {
	if p.i+k < len(p.r) {
		return p.r[p.i+k]
	}
	return -1
}

func (p *parser) eof() bool { return p.i >= len(p.r) }

func (p *parser) fail(i int, want problem) *ParseError {
	return newParseError(p.input, i, want, 0)
}
