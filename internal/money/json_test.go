package money

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestMarshalJSON(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{
		{0, "0"},
		{1_341_000_000, "1341000000"},
		{-50, "-50"},
		{MaxAmount, "9223372036854775807"},
		{MinAmount, "-9223372036854775808"},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.a)
		if err != nil || string(got) != tt.want {
			t.Errorf("json.Marshal(%d) = %s, %v; want %s", int64(tt.a), got, err, tt.want)
		}
	}
}

func TestUnmarshalJSON(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
	}{
		{"0", 0},
		{"-0", 0},
		{"1341000000", 1_341_000_000},
		{"-50", -50},
		{"9223372036854775807", MaxAmount},
		{"-9223372036854775808", MinAmount},
	}
	for _, tt := range tests {
		var got Amount
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil || got != tt.want {
			t.Errorf("json.Unmarshal(%s) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestUnmarshalJSONNull(t *testing.T) {
	a := Amount(42)
	if err := a.UnmarshalJSON([]byte("null")); err != nil || a != 42 {
		t.Errorf("UnmarshalJSON(null) = %d, %v; want 42 unchanged", a, err)
	}
	var v struct{ A *Amount }
	if err := json.Unmarshal([]byte(`{"A":null}`), &v); err != nil || v.A != nil {
		t.Errorf("json.Unmarshal of null into *Amount = %v, %v; want nil", v.A, err)
	}
}

func TestUnmarshalJSONErrors(t *testing.T) {
	tests := []struct {
		in       string
		overflow bool
		msg      string
	}{
		{"1.5", false, "money: JSON amount must be an integer number of öre, got 1.5"},
		{"1.0", false, "money: JSON amount must be an integer number of öre, got 1.0"},
		{"1e3", false, "money: JSON amount must be an integer number of öre, got 1e3"},
		{"-1E-2", false, "money: JSON amount must be an integer number of öre, got -1E-2"},
		{`"13 410 000 kr"`, false, `money: JSON amount must be an integer number of öre, got "13 410 000 kr"`},
		{`"100"`, false, `money: JSON amount must be an integer number of öre, got "100"`},
		{"true", false, "money: JSON amount must be an integer number of öre, got true"},
		{"012", false, "money: JSON amount must be an integer number of öre, got 012"},
		{"+5", false, "money: JSON amount must be an integer number of öre, got +5"},
		{"", false, "money: JSON amount must be an integer number of öre, got "},
		{"9223372036854775808", true, "money: amount out of range: JSON amount 9223372036854775808 öre"},
		{"-9223372036854775809", true, "money: amount out of range: JSON amount -9223372036854775809 öre"},
		{
			strings.Repeat("9", 100), true,
			"money: amount out of range: JSON amount " + strings.Repeat("9", 40) + "… öre",
		},
	}
	for _, tt := range tests {
		a := Amount(42)
		err := a.UnmarshalJSON([]byte(tt.in))
		if err == nil || err.Error() != tt.msg {
			t.Errorf("UnmarshalJSON(%s) error = %v; want %s", tt.in, err, tt.msg)
		}
		if errors.Is(err, ErrOverflow) != tt.overflow {
			t.Errorf("UnmarshalJSON(%s): errors.Is(err, ErrOverflow) = %v; want %v", tt.in, !tt.overflow, tt.overflow)
		}
		if a != 42 {
			t.Errorf("UnmarshalJSON(%s) changed the amount to %d on error", tt.in, a)
		}
	}
}

// Through encoding/json, the error surfaces with its message intact.
func TestUnmarshalJSONInStruct(t *testing.T) {
	var v struct{ Belopp Amount }
	err := json.Unmarshal([]byte(`{"Belopp": 12.5}`), &v)
	if err == nil || !strings.Contains(err.Error(), "integer number of öre") {
		t.Errorf("json.Unmarshal error = %v; want one about whole öre", err)
	}
	if err := json.Unmarshal([]byte(`{"Belopp": 1341000000}`), &v); err != nil || v.Belopp != 1_341_000_000 {
		t.Errorf("json.Unmarshal = %d, %v; want 1341000000", v.Belopp, err)
	}
}
