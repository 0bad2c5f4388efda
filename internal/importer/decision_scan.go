package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anslag/anslag/internal/money"
)

// Span is a piece of the source text: byte offsets [Start, End) and the
// 1-based line it starts on.
type Span struct {
	Start, End int
	Line       int
	Text       string
}

// found is one amount the scanner recognised, before context is added.
type found struct {
	span   Span
	parsed money.Parsed
}

// scanAmounts finds every number followed by a money unit ("13 410 000 kr",
// "20,3 miljoner", "1,5 miljarder kronor", "drygt 4 Mkr"). A bare number
// is not an amount here: in prose it is a year, a phone number or a count.
// Each candidate is checked with money.ParseDetail, so the span's text is
// always something money.Parse reads.
func scanAmounts(text string) []found {
	var out []found
	line, counted := 1, 0 // line number at byte counted, advanced as the scan goes
	for i := 0; i < len(text); {
		if !isASCIIDigit(text[i]) || !amountStart(text, i) {
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			continue
		}
		numEnd := scanNumber(text, i)
		end, ok := scanUnit(text, i, numEnd)
		if !ok {
			i = skipDigits(text, i)
			continue
		}
		start := withQualifier(text, i, end)
		p, err := money.ParseDetail(text[start:end])
		if err != nil || p.Amount <= 0 {
			i = skipDigits(text, i)
			continue
		}
		line += strings.Count(text[counted:start], "\n")
		counted = start
		out = append(out, found{
			span:   Span{Start: start, End: end, Line: line, Text: text[start:end]},
			parsed: p,
		})
		i = end
	}
	return out
}

func isASCIIDigit(b byte) bool { return '0' <= b && b <= '9' }

func skipDigits(text string, i int) int {
	for i < len(text) && isASCIIDigit(text[i]) {
		i++
	}
	return i
}

// amountStart reports whether a number may begin at i: not in the middle of
// a word, a number or a phone number ("0470-58 85 83").
func amountStart(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(",.-\u2212:/", r))
}

// isGroupSpace reports the spaces people and word processors put between
// digit groups.
func isGroupSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// scanNumber returns the end of the number starting at i: digits, groups
// of exactly three after a space or period, and an optional decimal comma.
func scanNumber(text string, i int) int {
	i = skipDigits(text, i)
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isGroupSpace(r) && r != '.' {
			break
		}
		j := skipDigits(text, i+n)
		if j-(i+n) != 3 {
			break
		}
		i = j
	}
	if i+1 < len(text) && text[i] == ',' && isASCIIDigit(text[i+1]) {
		i = skipDigits(text, i+1)
	}
	return i
}

// scanUnit extends the number [start, numEnd) with a unit of one or two
// words ("kr", "miljoner kronor", "milj.") or ":-", and reports false if
// no unit follows.
func scanUnit(text string, start, numEnd int) (int, bool) {
	if strings.HasPrefix(text[numEnd:], ":-") || strings.HasPrefix(text[numEnd:], ",-") {
		return numEnd + 2, true
	}
	end, ok := numEnd, false
	at := numEnd
	for range 2 {
		w := nextWord(text, at)
		if w == at {
			break
		}
		if _, err := money.ParseDetail(text[start:w]); err != nil {
			break
		}
		end, ok, at = w, true, w
	}
	return end, ok
}

// nextWord returns the end of the word after horizontal space at i ("milj."
// keeps its period), or i if there is none.
func nextWord(text string, i int) int {
	j := i
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if !isGroupSpace(r) && r != '\t' {
			break
		}
		j += n
	}
	w := j
	for w < len(text) {
		r, n := utf8.DecodeRuneInString(text[w:])
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			break
		}
		w += n
	}
	if w == j {
		return i
	}
	if strings.EqualFold(text[j:w], "milj") && w < len(text) && text[w] == '.' {
		w++
	}
	return w
}

// withQualifier moves start back over a qualifier such as "drygt" or
// "c:a" when money.ParseDetail accepts it in front of the amount.
func withQualifier(text string, start, end int) int {
	j := start
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:j])
		if !isGroupSpace(r) {
			break
		}
		j -= n
	}
	if j == start {
		return start
	}
	k := j
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:k])
		if unicode.IsSpace(r) || (!unicode.IsLetter(r) && !strings.ContainsRune(".:", r)) {
			break
		}
		k -= n
	}
	if k == j || j-k > 12 {
		return start
	}
	if p, err := money.ParseDetail(text[k:end]); err == nil && p.Approximate {
		return k
	}
	return start
}
