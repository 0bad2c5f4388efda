package population

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/refdata"
)

// The parsers below take a trimmed cell and return a problem without its
// place; the caller adds file, line, field and value.

func missingValue() *Error { return problem("missing value", "värde saknas") }

// parseCode returns the register's own copy of the code, so that the table
// does not keep the csv reader's line buffers alive through its map keys.
func parseCode(s string, reg *refdata.Register) (string, *Error) {
	if s == "" {
		return "", missingValue()
	}
	if !digits(s) || (len(s) != 2 && len(s) != 4) {
		e := problem("expected a 4-digit municipality or 2-digit region code",
			"förväntade en fyrsiffrig kommunkod eller tvåsiffrig regionkod")
		// Spreadsheets turn "0780" into 780; say so when that fits.
		if _, ok := reg.Lookup("0" + s); ok {
			e.Reason += fmt.Sprintf(" (%q? a spreadsheet may have dropped the leading zero)", "0"+s)
			e.SwedishReason += fmt.Sprintf(" (%q? ett kalkylprogram kan ha tagit bort den inledande nollan)", "0"+s)
		}
		return "", e
	}
	o, ok := reg.Lookup(s)
	switch {
	case ok:
		return o.Code, nil
	case len(s) == 2:
		return "", problem("unknown region code", "okänd regionkod")
	}
	return "", problem("unknown municipality code", "okänd kommunkod")
}

func parsePopulation(s string) (int32, *Error) {
	switch {
	case s == "":
		return 0, missingValue()
	case !digits(s):
		return 0, problem("expected a non-negative whole number", "förväntade ett heltal, noll eller större")
	}
	// s is all digits, so ParseInt fails only when s is out of range.
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n <= maxPopulation {
		return int32(n), nil
	}
	return 0, problem("implausible: more than 100 000 000 people", "orimligt: fler än 100 000 000 personer")
}

// parseAge reads "17", or an open group "100+" (also "100-").
func parseAge(s string) (age uint8, open bool, e *Error) {
	if s == "" {
		return 0, false, missingValue()
	}
	num := s
	if t, ok := strings.CutSuffix(s, "+"); ok {
		num, open = t, true
	} else if t, ok := strings.CutSuffix(s, "-"); ok {
		num, open = t, true
	}
	n, ok := smallInt(strings.TrimSpace(num))
	if !ok || n > MaxAge {
		return 0, false, problem(`expected a whole number from 0 to 130, or an open group such as "100+"`,
			`förväntade ett heltal från 0 till 130 eller en öppen grupp som "100+"`)
	}
	return uint8(n), open, nil
}

func parseSexField(s string) (Sex, *Error) {
	if s == "" {
		return SexAll, missingValue()
	}
	if sex, ok := parseSex(s); ok {
		return sex, nil
	}
	return SexAll, problem(`expected 1 or "män" for men, 2 or "kvinnor" for women`,
		`förväntade 1 eller "män" för män, 2 eller "kvinnor" för kvinnor`)
}

// parseSex knows SCB's codes and the Swedish and English words.
func parseSex(s string) (Sex, bool) {
	switch strings.ToLower(s) {
	case "1", "män", "man", "men", "male", "m":
		return Male, true
	case "2", "kvinnor", "kvinna", "women", "female", "k", "f":
		return Female, true
	}
	return SexAll, false
}
