package money

import (
	"errors"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
	}{
		{"13410000.00", 1_341_000_000},
		{"-0.50", -50},
		{"-0.5", -50},
		{"0.05", 5},
		{"7", 700},
		{"7.1", 710},
		{"-0", 0},
		{"-0.00", 0},
		{"007.00", 700},
		{"92233720368547758.07", MaxAmount},
		{"-92233720368547758.08", MinAmount},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDecimal(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDecimalErrors(t *testing.T) {
	const inRange = "an amount between -92 233 720 368 547 758,08 kr and 92 233 720 368 547 758,07 kr"
	tests := []struct {
		in       string
		pos      int
		expected string
	}{
		{"", 1, "an amount"},
		{"-", 2, "a digit"},
		{" 5.00", 1, "a digit"},
		{"+5.00", 1, "a digit"},
		{".50", 1, "a digit"},
		{"5.", 3, "a digit after the decimal point"},
		{"5.x", 3, "a digit after the decimal point"},
		{"5.123", 5, "at most two decimals"},
		{"5,00", 2, "end of input"},
		{"5.00 ", 5, "end of input"},
		{"5 000.00", 2, "end of input"},
		{"1e3", 2, "end of input"},
		{"--5", 2, "a digit"},
		{"92233720368547758.08", 1, inRange},
		{"-92233720368547758.09", 2, inRange},
		{"99999999999999999999999", 1, inRange},
	}
	for _, tt := range tests {
		a, err := ParseDecimal(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseDecimal(%q) = %d, %v; want a *ParseError", tt.in, a, err)
			continue
		}
		if pe.Input != tt.in || pe.Pos != tt.pos || pe.Expected != tt.expected {
			t.Errorf("ParseDecimal(%q): error at %d expecting %q; want at %d expecting %q",
				tt.in, pe.Pos, pe.Expected, tt.pos, tt.expected)
		}
		if got := errors.Is(err, ErrOverflow); got != (tt.expected == inRange) {
			t.Errorf("ParseDecimal(%q): errors.Is(err, ErrOverflow) = %v", tt.in, got)
		}
	}
}
