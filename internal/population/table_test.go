package population

import (
	"errors"
	"slices"
	"testing"
)

// ageSexTable has hand-checkable counts; the comments give the sums.
const ageSexTable = `# synthetic: ages and sexes, made up for tests
code;age;sex;population
0780;0;1;10
0780;0;2;11
0780;17;män;20
0780;17;kvinnor;21
0780;18;M;30
0780;18;K;31
0780;64;1;40
0780;65;2;41
0780;100+;1;5
0780;100+;2;6
0980;13;1;100
0980;25;2;200
0980;26;2;300
`

func TestCountFilters(t *testing.T) {
	tab := mustRead(t, register(t), ageSexTable)
	if !tab.HasAge() || !tab.HasSex() {
		t.Fatal("HasAge or HasSex is false")
	}
	tests := []struct {
		code      string
		ages, sex string
		want      int64
	}{
		{"0780", "", "", 215},
		{"0780", "0-17", "", 62},        // 10+11+20+21
		{"0780", "0-17", "kvinnor", 32}, // 11+21
		{"0780", "", "män", 105},        // 10+20+30+40+5
		{"0780", "", "2", 110},          // 11+21+31+41+6
		{"0780", "65-", "", 52},         // 41+5+6
		{"0780", "100+", "", 11},        // the open group
		{"0780", "100", "", 11},         // a band that includes 100 includes "100+"
		{"0780", "90-99", "", 0},
		{"0780", "101-130", "", 0},          // "100+" is stored as 100
		{"0780", "0-17,65-", "kvinnor", 79}, // 11+21+41+6
		{"0780", "0-17,10-20", "", 123},     // overlapping bands count each row once
		{"0980", "13-25", "", 300},          // 100+200
		{"09", "13-25", "", 300},            // Gotland from 0980
		{"09", "26", "kvinnor", 300},
	}
	for _, tt := range tests {
		f, err := ParseFilter(tt.ages, tt.sex)
		if err != nil {
			t.Fatal(err)
		}
		if got := mustCount(t, tab, tt.code, f); got != tt.want {
			t.Errorf("Count(%s, %s) = %d, want %d", tt.code, f, got, tt.want)
		}
	}
	totals := []struct {
		f    Filter
		want int64
	}{
		{Filter{}, 815},
		{Filter{Ages: []AgeBand{{13, 25}}}, 402}, // 20+21+30+31 + 100+200
		{Filter{Sex: Female}, 610},               // 110 + 200+300
	}
	for _, tt := range totals {
		if got := tab.Total(tt.f); got != tt.want {
			t.Errorf("Total(%s) = %d, want %d", tt.f, got, tt.want)
		}
	}
	got, err := tab.Counts([]string{"0780", "0980", "09"}, Filter{Ages: []AgeBand{{0, 17}}})
	if err != nil || !slices.Equal(got, []int64{62, 100, 100}) {
		t.Errorf("Counts = %v, %v; want [62 100 100]", got, err)
	}
}

func TestCountOpenGroupWithoutSex(t *testing.T) {
	tab := mustRead(t, register(t), "code,ålder,antal\n0780,0,1\n0780,99,2\n0780,100-,3\n")
	if tab.HasSex() {
		t.Error("HasSex is true")
	}
	if got := mustCount(t, tab, "0780", Filter{Ages: []AgeBand{{99, MaxAge}}}); got != 5 {
		t.Errorf("ages 99– = %d, want 5", got)
	}
}

func TestCountMissing(t *testing.T) {
	tab := mustRead(t, register(t), "code,population\n0780,5\n0781,6\n")
	tests := []struct{ code, missing string }{
		{"0760", "0760"}, // a municipality without rows
		{"07", "0760"},   // a partial county names its first missing municipality
		{"01", "01"},     // a county without any rows names the region
		{"09", "09"},
		{"99", "99"}, // not a county at all
		{"", ""},
	}
	for _, tt := range tests {
		n, err := tab.Count(tt.code, Filter{})
		var m *MissingError
		if !errors.As(err, &m) || m.Code != tt.missing || n != 0 {
			t.Errorf("Count(%q) = %d, %v; want a MissingError for %q", tt.code, n, err, tt.missing)
		}
	}
	got, err := tab.Counts([]string{"0780", "0760"}, Filter{})
	if m := (*MissingError)(nil); got != nil || !errors.As(err, &m) || m.Code != "0760" {
		t.Errorf("Counts = %v, %v; want nil and a MissingError for 0760", got, err)
	}
}

func TestCheck(t *testing.T) {
	reg := register(t)
	plain := mustRead(t, reg, "code,population\n0780,5\n")
	full := mustRead(t, reg, ageSexTable)
	tests := []struct {
		name        string
		tab         *Table
		f           Filter
		file, field string
		value       string
	}{
		{"age filter, no age column", plain, Filter{Ages: []AgeBand{{13, 25}, {65, MaxAge}}}, "pop.csv", "age", "13–25, 65–130"},
		{"sex filter, no sex column", plain, Filter{Sex: Female}, "pop.csv", "sex", "kvinnor"},
		{"band upside down", full, Filter{Ages: []AgeBand{{20, 10}}}, "", "age", "20–10"},
		{"negative age", full, Filter{Ages: []AgeBand{{-1, 10}}}, "", "age", "-1–10"},
		{"age past MaxAge", full, Filter{Ages: []AgeBand{{0, MaxAge + 1}}}, "", "age", "0–131"},
		{"unknown sex", full, Filter{Sex: 3}, "", "sex", "Sex(3)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := tt.tab.Count("0780", tt.f)
			var e *Error
			if n != 0 || !errors.As(err, &e) || e.File != tt.file || e.Field != tt.field || e.Value != tt.value {
				t.Fatalf("Count = %d, %#v; want an *Error for %s %q", n, err, tt.field, tt.value)
			}
			if counts, err := tt.tab.Counts([]string{"0780"}, tt.f); counts != nil || err == nil {
				t.Errorf("Counts = %v, %v; want an error", counts, err)
			}
			if got := tt.tab.Total(tt.f); got != 0 {
				t.Errorf("Total = %d, want 0", got)
			}
		})
	}
}

func TestTableIsReadOnly(t *testing.T) {
	tab := mustRead(t, register(t), "code,population\n0780,5\n0980,6\n")
	tab.Codes()[0] = "0114"
	if got := tab.Codes(); !slices.Equal(got, []string{"0780", "0980"}) {
		t.Errorf("Codes = %v after changing a returned slice", got)
	}
}
