package money

import (
	"errors"
	"math"
	"testing"
)

func TestUnits(t *testing.T) {
	tests := []struct {
		name string
		a    Amount
		want int64
	}{
		{"Ore", Ore, 1},
		{"Krona", Krona, 100},
		{"Tkr", Tkr, 100_000},
		{"Mkr", Mkr, 100_000_000},
		{"Miljard", Miljard, 100_000_000_000},
		{"MaxAmount", MaxAmount, math.MaxInt64},
		{"MinAmount", MinAmount, math.MinInt64},
	}
	for _, tt := range tests {
		if int64(tt.a) != tt.want {
			t.Errorf("%s = %d; want %d", tt.name, int64(tt.a), tt.want)
		}
	}
}

func TestKronorOre(t *testing.T) {
	tests := []struct {
		a      Amount
		kronor int64
	}{
		{0, 0},
		{1_250, 12},
		{-1_250, -12}, // truncated toward zero
		{99, 0},
		{-99, 0},
		{MaxAmount, 92_233_720_368_547_758},
		{MinAmount, -92_233_720_368_547_758},
	}
	for _, tt := range tests {
		if got := tt.a.Kronor(); got != tt.kronor {
			t.Errorf("Amount(%d).Kronor() = %d; want %d", int64(tt.a), got, tt.kronor)
		}
		if got := tt.a.Ore(); got != int64(tt.a) {
			t.Errorf("Amount(%d).Ore() = %d; want %d", int64(tt.a), got, int64(tt.a))
		}
	}
}

func TestFromKronor(t *testing.T) {
	tests := []struct {
		kr   int64
		want Amount
		ok   bool
	}{
		{0, 0, true},
		{13_410_000, 1_341_000_000, true},
		{-5, -500, true},
		{92_233_720_368_547_758, MaxAmount - 7, true},
		{-92_233_720_368_547_758, MinAmount + 8, true},
		{92_233_720_368_547_759, 0, false},
		{-92_233_720_368_547_759, 0, false},
		{math.MaxInt64, 0, false},
		{math.MinInt64, 0, false},
	}
	for _, tt := range tests {
		got, err := FromKronor(tt.kr)
		if got != tt.want || (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrOverflow)) {
			t.Errorf("FromKronor(%d) = %d, %v; want %d, ok %v", tt.kr, got, err, tt.want, tt.ok)
		}
	}
}

func TestArithmetic(t *testing.T) {
	type op struct {
		name string
		f    func(a, b Amount) (Amount, error)
	}
	add := op{"Add", Amount.Add}
	sub := op{"Sub", Amount.Sub}
	mulInt := op{"MulInt", func(a, b Amount) (Amount, error) { return a.MulInt(int64(b)) }}
	tests := []struct {
		op   op
		a, b Amount
		want Amount
		ok   bool
	}{
		{add, 1, 2, 3, true},
		{add, -1, -2, -3, true},
		{add, MaxAmount, 0, MaxAmount, true},
		{add, MaxAmount, MinAmount, -1, true},
		{add, MaxAmount - 1, 1, MaxAmount, true},
		{add, MinAmount + 1, -1, MinAmount, true},
		{add, MaxAmount, 1, 0, false},
		{add, MinAmount, -1, 0, false},
		{add, MaxAmount, MaxAmount, 0, false},
		{add, MinAmount, MinAmount, 0, false},

		{sub, 3, 2, 1, true},
		{sub, 0, MaxAmount, MinAmount + 1, true},
		{sub, -1, MaxAmount, MinAmount, true},
		{sub, MinAmount, MinAmount, 0, true},
		{sub, MaxAmount, -1, 0, false},
		{sub, MinAmount, 1, 0, false},
		{sub, 0, MinAmount, 0, false},
		{sub, -2, MaxAmount, 0, false},

		{mulInt, 1_250, 3, 3_750, true},
		{mulInt, 1_250, -3, -3_750, true},
		{mulInt, MaxAmount, 1, MaxAmount, true},
		{mulInt, MaxAmount, -1, -MaxAmount, true},
		{mulInt, MinAmount, 1, MinAmount, true},
		{mulInt, MinAmount, 0, 0, true},
		{mulInt, 0, MinAmount, 0, true},
		{mulInt, -1, MinAmount, 0, false},
		{mulInt, MinAmount, -1, 0, false},
		{mulInt, 1 << 62, 2, 0, false},
		{mulInt, 1 << 62, -2, MinAmount, true},
		{mulInt, -(1 << 62), 2, MinAmount, true},
		{mulInt, 1 << 32, 1 << 32, 0, false},
		{mulInt, Mkr, 100_000_000_000, 0, false},
	}
	for _, tt := range tests {
		got, err := tt.op.f(tt.a, tt.b)
		if got != tt.want || (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrOverflow)) {
			t.Errorf("%s(%d, %d) = %d, %v; want %d, ok %v",
				tt.op.name, int64(tt.a), int64(tt.b), got, err, int64(tt.want), tt.ok)
		}
	}
}

func TestOverflowMessage(t *testing.T) {
	_, err := MaxAmount.Add(Ore)
	want := "money: amount out of range: 92 233 720 368 547 758,07 kr + 0,01 kr"
	if err == nil || err.Error() != want {
		t.Errorf("MaxAmount.Add(Ore) error = %v; want %s", err, want)
	}
}
