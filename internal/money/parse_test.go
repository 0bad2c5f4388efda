package money

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
	}{
		// The examples from the specification.
		{"13 410 000 kr", 1_341_000_000},
		{"13 410 000 kronor", 1_341_000_000},
		{"4 528 193", 452_819_300},
		{"20,3 miljoner kronor", 2_030_000_000},
		{"20,3 Mkr", 2_030_000_000},
		{"250 Mkr kronor", 25_000_000_000},
		{"50 miljoner", 5_000_000_000},
		{"1,7 miljarder", 170_000_000_000},
		{"1 546 443 tkr", 154_644_300_000},
		{"700 000 kronor", 70_000_000},
		{"12,50 kr", 1_250},
		{"50 öre", 50},
		{"885 miljoner kronor", 88_500_000_000},
		{"2 mdkr", 200_000_000_000},
		{"1,5 MSEK", 150_000_000},
		{"100 SEK", 10_000},
		{"1 000:-", 100_000},
		{"1,23456789 Mkr", 123_456_789},

		// Separators.
		{"13\u00a0410\u00a0000 kr", 1_341_000_000},
		{"13\u202f410\u202f000\u00a0kr", 1_341_000_000},
		{"13\u2009410\u2009000 kr", 1_341_000_000},
		{"13 410\u00a0000 kr", 1_341_000_000}, // different spaces may be mixed
		{"1.000.000 kr", 100_000_000},
		{"1.000,50 kr", 100_050},
		{"1.500 Mkr", 150_000_000_000},
		{"1234567", 123_456_700},
		{"0", 0},
		{"007 kr", 700},

		// Units, case and spacing.
		{"5 krona", 500},
		{"100kr", 10_000},
		{"20,3Mkr", 2_030_000_000},
		{"20,3 mkr", 2_030_000_000},
		{"20,3 MKR", 2_030_000_000},
		{"3 mnkr", 300_000_000},
		{"3 milj.", 300_000_000},
		{"3 milj. kr", 300_000_000},
		{"3 milj", 300_000_000},
		{"1 miljon", 100_000_000},
		{"1 miljon kronor", 100_000_000},
		{"5 tusen", 500_000},
		{"5 tusen kronor", 500_000},
		{"5 tSEK", 500_000},
		{"5 tkr kr", 500_000},
		{"2 mdr", 200_000_000_000},
		{"2 mrd", 200_000_000_000},
		{"2 mdSEK", 200_000_000_000},
		{"1 miljard", 100_000_000_000},
		{"3 miljarder SEK", 300_000_000_000},
		{"1 995,-", 199_500},
		{"1 995 :-", 199_500},
		{"12,5 kr", 1_250},
		{"12,500 kr", 1_250}, // trailing zero decimals are still whole öre
		{"0,01 kr", 1},
		{"1 ÖRE", 1},
		{"1 o\u0308re", 1}, // decomposed ö, as pasted from some PDFs
		{"0,5 tkr", 50_000},
		{"0,00001 tkr", 1},
		{"0,00000001 Mkr", 1},
		{"0,00000000001 mdkr", 1},
		{"1,0 öre", 1},
		{"  \t 5 kr \n", 500},

		// Signs.
		{"-5 kr", -500},
		{"\u22125 kr", -500},
		{"-0 kr", 0},
		{"-0,50 kr", -50},

		// Range limits.
		{"92 233 720 368 547 758,07 kr", MaxAmount},
		{"-92 233 720 368 547 758,08 kr", MinAmount},
		{"\u221292\u202f233\u202f720\u202f368\u202f547\u202f758,08\u00a0kr", MinAmount},
		{"92 233 720,36854775807 mdkr", MaxAmount},
		{"9223372036854775807 öre", MaxAmount},
		{"-9223372036854775808 öre", MinAmount},
		{"00000000000000000000000000001 kr", 100},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDetailQualifiers(t *testing.T) {
	tests := []struct {
		in        string
		want      Amount
		qualifier string
	}{
		{"drygt 20 Mkr", 2_000_000_000, "drygt"},
		{"cirka 1,7 miljarder", 170_000_000_000, "cirka"},
		{"ca 5 kr", 500, "ca"},
		{"ca. 5 kr", 500, "ca."},
		{"Ca.5 kr", 500, "ca."},
		{"c:a 5 kr", 500, "c:a"},
		{"C:A 5 kr", 500, "c:a"},
		{"ungefär 5 kr", 500, "ungefär"},
		{"UNGEFÄR 5 kr", 500, "ungefär"},
		{"omkring 5 kr", 500, "omkring"},
		{"runt 5 kr", 500, "runt"},
		{"nästan 5 kr", 500, "nästan"},
		{"knappt 5 kr", 500, "knappt"},
		{"Över 5 kr", 500, "över"},
		{"O\u0308ver 5 kr", 500, "över"},
		{"närmare 5 kr", 500, "närmare"},
		{"uppemot 5 kr", 500, "uppemot"},
		{"drygt\u00a0-5 kr", -500, "drygt"},
		{"5 kr", 500, ""},
	}
	for _, tt := range tests {
		got, err := ParseDetail(tt.in)
		want := Parsed{Amount: tt.want, Approximate: tt.qualifier != "", Qualifier: tt.qualifier}
		if err != nil || got != want {
			t.Errorf("ParseDetail(%q) = %+v, %v; want %+v", tt.in, got, err, want)
		}
		if a, err := Parse(tt.in); err != nil || a != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, a, err, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const unit = `a unit such as "kr", "tkr", "Mkr" or "mdkr"`
	const comma = "a comma as decimal mark (a period may only separate groups of three digits)"
	const group = "a group of three digits after a thousands separator"
	const whole = "at most 2 decimals (more decimals than whole öre)"
	inRange := "an amount between -92 233 720 368 547 758,08 kr and 92 233 720 368 547 758,07 kr"
	tests := []struct {
		in       string
		pos      int
		expected string
	}{
		{"", 1, "an amount"},
		{"   ", 4, "an amount"},
		{"kr", 1, "a digit"},
		{"kr 500", 1, "a digit"},
		{"typ 5 kr", 1, "a digit"},
		{"cirka", 6, "a digit"},
		{"cirkakr 5", 1, "a digit"},
		{"-", 2, "a digit"},
		{"- 5 kr", 2, "a digit"},
		{"--5 kr", 2, "a digit"},
		{"+5 kr", 1, "a digit"},
		{",5 kr", 1, "a digit"},
		{"\uff11\uff12 kr", 1, "a digit"},    // fullwidth digits
		{"\u200b5 kr", 1, "a digit"},         // zero-width space is not white space
		{"unge\u0301far 5 kr", 1, "a digit"}, // an acute accent is not a diaeresis
		{"13 41 000 kr", 4, group},
		{"13 4100 kr", 4, group},
		{"1 0000", 3, group},
		{"1 000 00 kr", 7, group},
		{"1234 567", 1, "at most three digits before a thousands separator"},
		{"1.5 kr", 2, comma},
		{"12.50 kr", 3, comma},
		{"1.000.00 kr", 6, comma},
		{"1234.567 kr", 5, comma},
		{"1,000.50 kr", 6, comma},
		{"1.000 000 kr", 6, "the same thousands separator throughout"},
		{"1 000.000 kr", 6, "the same thousands separator throughout"},
		{"12, kr", 4, "a digit after the decimal comma"},
		{"12,", 4, "a digit after the decimal comma"},
		{"12,505 kr", 6, whole},
		{"12,5050 kr", 6, whole},
		{"0,001 kr", 5, whole},
		{"12,505", 6, whole},
		{"0,5 öre", 3, "no decimals (more decimals than whole öre)"},
		{"0,000001 tkr", 8, "at most 5 decimals (more decimals than whole öre)"},
		{"1,234567891 Mkr", 11, "at most 8 decimals (more decimals than whole öre)"},
		{"1,000000000001 mdkr", 14, "at most 11 decimals (more decimals than whole öre)"},
		{"5 euro", 3, unit},
		{"5 $", 3, unit},
		{"5 kr.", 5, "end of input"},
		{"5.", 2, unit},
		{"5 miljon.", 9, `"kr", "kronor" or end of input`},
		{"1  000", 4, unit},
		{"1,5 000", 5, unit},
		{"5\t000 kr", 3, unit},
		{"5 kr extra", 6, "end of input"},
		{"5 kr kr", 6, "end of input"},
		{"50 öre kr", 8, "end of input"},
		{"1 000:- kr", 9, "end of input"},
		{"5 Mkr kronor kr", 14, "end of input"},
		{"5 Mkr Mkr", 7, `"kr", "kronor" or end of input`},
		{"5 miljoner euro", 12, `"kr", "kronor" or end of input`},
		{"5 miljonerkronor", 3, unit},
		{"5 milj.kr", 8, `"kr", "kronor" or end of input`},
		{"5 kr\xff", 5, "end of input"},
		{"\xff5 kr", 1, "a digit"},
		{"cirka drygt 5 kr", 7, "a digit"},
		{"92 233 720 368 547 758,08 kr", 1, inRange},
		{"92 233 720 368 547 759 kr", 1, inRange},
		{"-92 233 720 368 547 758,09 kr", 2, inRange},
		{"cirka 100 000 000 mdkr", 7, inRange},
		{"9223372036854775808 öre", 1, inRange},
		{"99999999999999999999999999 kr", 1, inRange},
		{"92 233 720,36854775808 mdkr", 1, inRange},
	}
	for _, tt := range tests {
		a, err := ParseDetail(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseDetail(%q) = %+v, %v; want a *ParseError", tt.in, a, err)
			continue
		}
		if pe.Input != tt.in || pe.Pos != tt.pos || pe.Expected != tt.expected {
			t.Errorf("ParseDetail(%q): error at %d expecting %q; want at %d expecting %q",
				tt.in, pe.Pos, pe.Expected, tt.pos, tt.expected)
		}
		if a != (Parsed{}) {
			t.Errorf("ParseDetail(%q) = %+v with an error; want the zero Parsed", tt.in, a)
		}
		if got := errors.Is(err, ErrOverflow); got != (tt.expected == inRange) {
			t.Errorf("ParseDetail(%q): errors.Is(err, ErrOverflow) = %v", tt.in, got)
		}
		if _, err2 := Parse(tt.in); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("Parse(%q) error %v; want %v", tt.in, err2, err)
		}
	}
}

func TestParseErrorMessages(t *testing.T) {
	tests := []struct {
		in, english, swedish string
	}{
		{
			"13 41 000 kr",
			`money: "13 41 000 kr": at character 4: expected a group of three digits after a thousands separator`,
			`ogiltigt belopp "13 41 000 kr": vid tecken 4 förväntades en grupp om tre siffror efter tusentalsavgränsaren`,
		},
		{
			"12,505 kr",
			`money: "12,505 kr": at character 6: expected at most 2 decimals (more decimals than whole öre)`,
			`ogiltigt belopp "12,505 kr": vid tecken 6 förväntades högst 2 decimaler (fler decimaler än hela ören)`,
		},
		{
			"12,",
			`money: "12,": at end of input: expected a digit after the decimal comma`,
			`ogiltigt belopp "12,": i slutet förväntades en siffra efter decimalkommat`,
		},
		{
			"",
			`money: "": at end of input: expected an amount`,
			`ogiltigt belopp "": i slutet förväntades ett belopp`,
		},
		{
			"1.5 kr",
			`money: "1.5 kr": at character 2: expected a comma as decimal mark (a period may only separate groups of three digits)`,
			`ogiltigt belopp "1.5 kr": vid tecken 2 förväntades decimalkomma (punkt får bara skilja grupper om tre siffror)`,
		},
		{
			"öre 5",
			`money: "öre 5": at character 1: expected a digit`,
			`ogiltigt belopp "öre 5": vid tecken 1 förväntades en siffra`,
		},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("Parse(%q) error = %v; want a *ParseError", tt.in, err)
		}
		if got := pe.Error(); got != tt.english {
			t.Errorf("Parse(%q) Error() =\n%s\nwant\n%s", tt.in, got, tt.english)
		}
		if got := pe.Swedish(); got != tt.swedish {
			t.Errorf("Parse(%q) Swedish() =\n%s\nwant\n%s", tt.in, got, tt.swedish)
		}
	}
}

// A ParseError built by hand, without a Swedish text, still reads sensibly.
func TestParseErrorByHand(t *testing.T) {
	e := &ParseError{Input: "x", Pos: 1, Expected: "a digit"}
	if got, want := e.Swedish(), `ogiltigt belopp "x": vid tecken 1 förväntades a digit`; got != want {
		t.Errorf("Swedish() = %q; want %q", got, want)
	}
	if e.Unwrap() != nil {
		t.Errorf("Unwrap() = %v; want nil", e.Unwrap())
	}
}

// Positions count characters, not bytes, so that they match what a person sees.
func TestParseErrorPositionCountsRunes(t *testing.T) {
	in := "ungefär 13\u00a041 000 kr" // ä and U+00A0 take two bytes each
	_, err := Parse(in)
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("Parse(%q) error = %v; want a *ParseError", in, err)
	}
	if want := 12; pe.Pos != want { // "41" starts at the 12th character but the 14th byte
		t.Errorf("Parse(%q) error at %d; want %d", in, pe.Pos, want)
	}
}
