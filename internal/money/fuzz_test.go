package money

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that every failure is a
// *ParseError pointing inside the input or just past it, and that every
// success survives a round trip through String.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"13 410 000 kr", "4 528 193", "20,3 miljoner kronor", "250 Mkr kronor",
		"1,7 miljarder", "1 546 443 tkr", "12,50 kr", "50 öre", "2 mdkr",
		"1,5 MSEK", "100 SEK", "1 000:-", "1 995,-", "1.000.000 kr",
		"c:a 5 kr", "drygt\u00a0\u221220,3\u202fMkr", "o\u0308ver 5 o\u0308re",
		"-92 233 720 368 547 758,08 kr", "92 233 720 368 547 758,08 kr",
		"13 41 000 kr", "12,505 kr", "1.5 kr", "", "\xff", "\uff11 kr",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseDetail(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseDetail(%q) error %v is not a *ParseError", s, err)
			}
			if n := utf8.RuneCountInString(s); pe.Pos < 1 || pe.Pos > n+1 || pe.Input != s || pe.Expected == "" {
				t.Fatalf("ParseDetail(%q): bad error %#v for an input of %d characters", s, pe, n)
			}
			return
		}
		if p.Approximate != (p.Qualifier != "") {
			t.Fatalf("ParseDetail(%q) = %+v: Approximate and Qualifier disagree", s, p)
		}
		back, err := Parse(p.Amount.String())
		if err != nil || back != p.Amount {
			t.Fatalf("ParseDetail(%q) = %d, but Parse(%q) = %d, %v", s, int64(p.Amount), p.Amount.String(), back, err)
		}
	})
}

// FuzzRoundTrip checks that every Amount survives each exact format.
func FuzzRoundTrip(f *testing.F) {
	for _, x := range []int64{
		0, 1, -1, 99, -100, 1_250, 1_341_000_000, 99_995_000_000,
		int64(MaxAmount), int64(MinAmount), int64(MinAmount) + 1,
	} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x int64) {
		a := Amount(x)
		for _, s := range []string{a.String(), a.HTML(), a.Format("\u00a0"), a.Format("\u2009"), a.Format(".")} {
			if got, err := Parse(s); err != nil || got != a {
				t.Errorf("Parse(%q) = %d, %v; want %d", s, got, err, x)
			}
		}
		if got, err := ParseDecimal(a.Decimal()); err != nil || got != a {
			t.Errorf("ParseDecimal(%q) = %d, %v; want %d", a.Decimal(), got, err, x)
		}
		var j Amount
		if b, err := a.MarshalJSON(); err != nil {
			t.Errorf("MarshalJSON(%d): %v", x, err)
		} else if err := j.UnmarshalJSON(b); err != nil || j != a {
			t.Errorf("UnmarshalJSON(%s) = %d, %v; want %d", b, j, err, x)
		}
		checkShort(t, a)
	})
}

// checkShort checks that Short is within half a displayed tenth of a, or
// out of range only where rounding pushed it past MaxAmount.
func checkShort(t *testing.T, a Amount) {
	s := a.Short()
	got, err := Parse(s)
	if errors.Is(err, ErrOverflow) && (a > MaxAmount-5*Miljard/100 || a < MinAmount+5*Miljard/100) {
		return
	}
	if err != nil {
		t.Fatalf("Parse(Amount(%d).Short() = %q): %v", int64(a), s, err)
	}
	tolerance := Amount(0) // below 1 Mkr Short is exact
	switch {
	case a >= Miljard || a <= -Miljard || got == Miljard || got == -Miljard:
		tolerance = Miljard / 20
	case a >= Mkr || a <= -Mkr:
		tolerance = Mkr / 20
	}
	diff, err := got.Sub(a)
	if err != nil || diff > tolerance || diff < -tolerance {
		t.Fatalf("Amount(%d).Short() = %q, off by %v; want at most %v", int64(a), s, diff, tolerance)
	}
}
