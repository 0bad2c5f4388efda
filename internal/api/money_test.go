package api_test

import (
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/money"
)

func TestM(t *testing.T) {
	tests := []struct {
		in   money.Amount
		want api.Money
	}{
		{0, api.Money{Ore: 0, Formatted: "0 kr"}},
		{13_410_000 * money.Krona, api.Money{Ore: 1_341_000_000, Formatted: "13 410 000 kr"}},
		{1250, api.Money{Ore: 1250, Formatted: "12,50 kr"}},
		{-100_000, api.Money{Ore: -100_000, Formatted: "-1 000 kr"}},
	}
	for _, tt := range tests {
		if got := api.M(tt.in); got != tt.want {
			t.Errorf("M(%d) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
