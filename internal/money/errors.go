package money

import (
	"fmt"
	"unicode/utf8"
)

// ParseError describes why Parse, ParseDetail or ParseDecimal rejected its
// input. Use errors.As to get at it; amounts out of range also match
// errors.Is(err, ErrOverflow).
type ParseError struct {
	Input    string // the text that was parsed
	Pos      int    // 1-based rune position of the problem; one past the last rune means the end of the input
	Expected string // what was expected at Pos, in English

	sv  string // Expected in Swedish
	err error  // ErrOverflow or nil
}

// Error returns the problem in English for logs and developers, for example
//
//	money: "13 41 000 kr": at character 4: expected a group of three digits after a thousands separator
func (e *ParseError) Error() string {
	if e.atEnd() {
		return fmt.Sprintf("money: %q: at end of input: expected %s", e.Input, e.Expected)
	}
	return fmt.Sprintf("money: %q: at character %d: expected %s", e.Input, e.Pos, e.Expected)
}

// Swedish returns the problem in Swedish, suitable to show the person who
// typed the amount, for example
//
//	ogiltigt belopp "13 41 000 kr": vid tecken 4 förväntades en grupp om tre siffror efter tusentalsavgränsaren
func (e *ParseError) Swedish() string {
	sv := e.sv
	if sv == "" {
		sv = e.Expected
	}
	if e.atEnd() {
		return fmt.Sprintf("ogiltigt belopp %q: i slutet förväntades %s", e.Input, sv)
	}
	return fmt.Sprintf("ogiltigt belopp %q: vid tecken %d förväntades %s", e.Input, e.Pos, sv)
}

// Unwrap returns ErrOverflow if the amount was well formed but out of range.
func (e *ParseError) Unwrap() error { return e.err }

func (e *ParseError) atEnd() bool { return e.Pos > utf8.RuneCountInString(e.Input) }

// problem is what a parser expected but did not find.
type problem uint8

const (
	wantAmount        problem = iota + 1 // nothing but space
	wantDigit                            // where a number must start
	wantGroup                            // after a thousands separator
	wantShortLead                        // before the first thousands separator
	wantSameSeparator                    // spaces and periods mixed
	wantDecimalComma                     // a period that cannot be a thousands separator
	wantFraction                         // after the decimal comma
	wantWholeOre                         // too many decimals for the unit
	wantUnit                             // after the number
	wantCurrency                         // after a multiplier such as "miljoner"
	wantEnd                              // after a complete amount
	wantInRange                          // amount too large
	wantPointFraction                    // ParseDecimal: after the decimal point
	wantTwoDecimals                      // ParseDecimal: a third decimal
)

// texts returns what was expected in English and Swedish; decimals is the
// number of decimals the unit allows and is used only by wantWholeOre.
func (p problem) texts(decimals int) (en, sv string) {
	switch p {
	case wantAmount:
		return "an amount", "ett belopp"
	case wantDigit:
		return "a digit", "en siffra"
	case wantGroup:
		return "a group of three digits after a thousands separator",
			"en grupp om tre siffror efter tusentalsavgränsaren"
	case wantShortLead:
		return "at most three digits before a thousands separator",
			"högst tre siffror före tusentalsavgränsaren"
	case wantSameSeparator:
		return "the same thousands separator throughout",
			"samma tusentalsavgränsare i hela talet"
	case wantDecimalComma:
		return "a comma as decimal mark (a period may only separate groups of three digits)",
			"decimalkomma (punkt får bara skilja grupper om tre siffror)"
	case wantFraction:
		return "a digit after the decimal comma", "en siffra efter decimalkommat"
	case wantWholeOre:
		if decimals == 0 {
			return "no decimals (more decimals than whole öre)",
				"inga decimaler (fler decimaler än hela ören)"
		}
		return fmt.Sprintf("at most %d decimals (more decimals than whole öre)", decimals),
			fmt.Sprintf("högst %d decimaler (fler decimaler än hela ören)", decimals)
	case wantUnit:
		return `a unit such as "kr", "tkr", "Mkr" or "mdkr"`,
			`en enhet som "kr", "tkr", "Mkr" eller "mdkr"`
	case wantCurrency:
		return `"kr", "kronor" or end of input`, `"kr", "kronor" eller slut på texten`
	case wantEnd:
		return "end of input", "slut på texten"
	case wantInRange:
		return fmt.Sprintf("an amount between %s and %s", MinAmount, MaxAmount),
			fmt.Sprintf("ett belopp mellan %s och %s", MinAmount, MaxAmount)
	case wantPointFraction:
		return "a digit after the decimal point", "en siffra efter decimalpunkten"
	case wantTwoDecimals:
		return "at most two decimals", "högst två decimaler"
	}
	return "a valid amount", "ett giltigt belopp"
}

// newParseError reports problem p at rune index i of input.
func newParseError(input string, i int, p problem, decimals int) *ParseError {
	en, sv := p.texts(decimals)
	e := &ParseError{Input: input, Pos: i + 1, Expected: en, sv: sv}
	if p == wantInRange {
		e.err = ErrOverflow
	}
	return e
}
