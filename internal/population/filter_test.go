package population

import (
	"errors"
	"slices"
	"testing"
)

func TestParseFilter(t *testing.T) {
	tests := []struct {
		ages, sex string
		want      Filter
	}{
		{"", "", Filter{}},
		{"  ", "alla", Filter{}},
		{"13-25", "", Filter{Ages: []AgeBand{{13, 25}}}},
		{"13–25", "", Filter{Ages: []AgeBand{{13, 25}}}}, // en dash, as String writes it
		{"13-25,65-", "", Filter{Ages: []AgeBand{{13, 25}, {65, MaxAge}}}},
		{" 0 - 17 , 65+ ", "Kvinnor", Filter{Ages: []AgeBand{{0, 17}, {65, MaxAge}}, Sex: Female}},
		{"17", "män", Filter{Ages: []AgeBand{{17, 17}}, Sex: Male}},
		{"0-130", "1", Filter{Ages: []AgeBand{{0, MaxAge}}, Sex: Male}},
		{"", "female", Filter{Sex: Female}},
		{"", "båda", Filter{}},
	}
	for _, tt := range tests {
		got, err := ParseFilter(tt.ages, tt.sex)
		if err != nil || !slices.Equal(got.Ages, tt.want.Ages) || got.Sex != tt.want.Sex {
			t.Errorf("ParseFilter(%q, %q) = %v, %v; want %v", tt.ages, tt.sex, got, err, tt.want)
		}
	}
}

func TestParseFilterErrors(t *testing.T) {
	tests := []struct {
		ages, sex    string
		field, value string
	}{
		{"13-", "x", "sex", "x"},
		{"13-25,", "", "age", ""},
		{"-17", "", "age", "-17"},
		{"13--25", "", "age", "13--25"},
		{"25-13", "", "age", "25-13"},
		{"0-131", "", "age", "0-131"},
		{"131", "", "age", "131"},
		{"1000-", "", "age", "1000-"},
		{"tonåringar", "", "age", "tonåringar"},
	}
	for _, tt := range tests {
		f, err := ParseFilter(tt.ages, tt.sex)
		var e *Error
		if !errors.As(err, &e) || e.Field != tt.field || e.Value != tt.value || e.Line != 0 || e.SwedishReason == "" {
			t.Errorf("ParseFilter(%q, %q) = %v, %#v; want an *Error for %s %q", tt.ages, tt.sex, f, err, tt.field, tt.value)
		}
	}
}

func TestFilterString(t *testing.T) {
	tests := []struct {
		f    Filter
		want string
	}{
		{Filter{}, "hela befolkningen"},
		{Filter{Sex: Female}, "kvinnor"},
		{Filter{Ages: []AgeBand{{13, 25}}}, "ålder 13–25"},
		{Filter{Ages: []AgeBand{{17, 17}}, Sex: Male}, "ålder 17, män"},
		{Filter{Ages: []AgeBand{{0, 17}, {65, MaxAge}}, Sex: Female}, "ålder 0–17 och 65–130, kvinnor"},
		{Filter{Ages: []AgeBand{{0, 6}, {13, 25}, {65, 130}}}, "ålder 0–6, 13–25 och 65–130"},
	}
	for _, tt := range tests {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
