package grant

import (
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/refdata"
)

func TestRecipientSetResolve(t *testing.T) {
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		set   RecipientSet
		count int
		first string
	}{
		{"municipalities", 290, "0114"},
		{"regions", 21, "01"},
		{"principals", 311, "01"},
		{"county:07", 8, "0760"},
		{"07,county:07", 9, "07"},
		{"0780, 0780 ,07", 2, "07"},
		{"kommuner,regioner", 311, "01"},
	}
	for _, tt := range tests {
		orgs, err := tt.set.Resolve(reg)
		if err != nil {
			t.Errorf("%q: %v", tt.set, err)
			continue
		}
		if len(orgs) != tt.count || orgs[0].Code != tt.first {
			t.Errorf("%q: %d orgs starting %s, want %d starting %s", tt.set, len(orgs), orgs[0].Code, tt.count, tt.first)
		}
		for i := 1; i < len(orgs); i++ {
			if orgs[i-1].Code >= orgs[i].Code {
				t.Errorf("%q: not in code order at %s, %s", tt.set, orgs[i-1].Code, orgs[i].Code)
			}
		}
	}
	for _, bad := range []RecipientSet{"", "kommun", "county:99", "county:0780", "9999", "regions,,0780"} {
		_, err := bad.Resolve(reg)
		if err == nil || !strings.Contains(err.Error(), "expected") {
			t.Errorf("%q: error %v, want one saying what was expected", bad, err)
		}
	}
}
