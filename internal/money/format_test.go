package money

import "testing"

func TestFormatting(t *testing.T) {
	tests := []struct {
		a       Amount
		str     string
		html    string
		decimal string
	}{
		{0, "0 kr", "0\u00a0kr", "0.00"},
		{1, "0,01 kr", "0,01\u00a0kr", "0.01"},
		{-1, "-0,01 kr", "\u22120,01\u00a0kr", "-0.01"},
		{-50, "-0,50 kr", "\u22120,50\u00a0kr", "-0.50"},
		{1_250, "12,50 kr", "12,50\u00a0kr", "12.50"},
		{99_900, "999 kr", "999\u00a0kr", "999.00"},
		{100_000, "1 000 kr", "1\u202f000\u00a0kr", "1000.00"},
		{-100_000, "-1 000 kr", "\u22121\u202f000\u00a0kr", "-1000.00"},
		{1_341_000_000, "13 410 000 kr", "13\u202f410\u202f000\u00a0kr", "13410000.00"},
		{452_819_305, "4 528 193,05 kr", "4\u202f528\u202f193,05\u00a0kr", "4528193.05"},
		{10_000_000_000, "100 000 000 kr", "100\u202f000\u202f000\u00a0kr", "100000000.00"},
		{
			MaxAmount,
			"92 233 720 368 547 758,07 kr",
			"92\u202f233\u202f720\u202f368\u202f547\u202f758,07\u00a0kr",
			"92233720368547758.07",
		},
		{
			MinAmount,
			"-92 233 720 368 547 758,08 kr",
			"\u221292\u202f233\u202f720\u202f368\u202f547\u202f758,08\u00a0kr",
			"-92233720368547758.08",
		},
		{MinAmount + 8, "-92 233 720 368 547 758 kr", "\u221292\u202f233\u202f720\u202f368\u202f547\u202f758\u00a0kr", "-92233720368547758.00"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.str {
			t.Errorf("Amount(%d).String() = %q; want %q", int64(tt.a), got, tt.str)
		}
		if got := tt.a.Format(" "); got != tt.str {
			t.Errorf("Amount(%d).Format(\" \") = %q; want %q", int64(tt.a), got, tt.str)
		}
		if got := tt.a.HTML(); got != tt.html {
			t.Errorf("Amount(%d).HTML() = %q; want %q", int64(tt.a), got, tt.html)
		}
		if got := tt.a.Decimal(); got != tt.decimal {
			t.Errorf("Amount(%d).Decimal() = %q; want %q", int64(tt.a), got, tt.decimal)
		}
	}
}

func TestFormatSeparator(t *testing.T) {
	tests := []struct {
		a    Amount
		sep  string
		want string
	}{
		{1_341_000_000, "\u00a0", "13\u00a0410\u00a0000 kr"},
		{1_341_000_000, ".", "13.410.000 kr"},
		{1_341_000_000, "", "13410000 kr"},
		{-123_456_789, "'", "-1'234'567,89 kr"},
		{99_999, "x", "999,99 kr"},
	}
	for _, tt := range tests {
		if got := tt.a.Format(tt.sep); got != tt.want {
			t.Errorf("Amount(%d).Format(%q) = %q; want %q", int64(tt.a), tt.sep, got, tt.want)
		}
	}
}

func TestShort(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{
		{0, "0 kr"},
		{1_250, "12,50 kr"},
		{70_000_000, "700 000 kr"},
		{99_999_999, "999 999,99 kr"}, // below 1 Mkr: exact
		{-99_999_999, "-999 999,99 kr"},
		{Mkr, "1 Mkr"},
		{Mkr + 1, "1 Mkr"},
		{2_030_000_000, "20,3 Mkr"},
		{2_034_999_999, "20,3 Mkr"},
		{2_035_000_000, "20,4 Mkr"}, // half away from zero
		{-2_035_000_000, "-20,4 Mkr"},
		{-2_034_999_999, "-20,3 Mkr"},
		{25_000_000_000, "250 Mkr"},
		{88_500_000_000, "885 Mkr"},
		{88_549_999_999, "885,5 Mkr"},
		{99_994_999_999, "999,9 Mkr"},
		{99_995_000_000, "1 mdkr"}, // 1 000,0 Mkr reads better as 1 mdkr
		{-99_995_000_000, "-1 mdkr"},
		{Miljard, "1 mdkr"},
		{170_000_000_000, "1,7 mdkr"},
		{200_000_000_000, "2 mdkr"},
		{104_999_999_999, "1 mdkr"},
		{105_000_000_000, "1,1 mdkr"},
		{123_456_700_000_000, "1 234,6 mdkr"},
		{MaxAmount, "92 233 720,4 mdkr"},
		{MinAmount, "-92 233 720,4 mdkr"},
	}
	for _, tt := range tests {
		if got := tt.a.Short(); got != tt.want {
			t.Errorf("Amount(%d).Short() = %q; want %q", int64(tt.a), got, tt.want)
		}
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[uint64]string{0: "0", 999: "999", 1000: "1 000", 10120242: "10 120 242", 1<<64 - 1: "18 446 744 073 709 551 615"} {
		if got := Group(in); got != want {
			t.Errorf("Group(%d) = %q, want %q", in, got, want)
		}
	}
}
