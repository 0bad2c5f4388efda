package refdata

import "testing"

func TestLoad(t *testing.T) {
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.Regions()); got != 21 {
		t.Errorf("regions = %d, want 21", got)
	}
	if got := len(r.Municipalities()); got != 290 {
		t.Errorf("municipalities = %d, want 290", got)
	}
	tests := []struct {
		code, name, county string
		kind               Kind
	}{
		{"07", "Region Kronoberg", "07", Region},
		{"0780", "Växjö kommun", "07", Municipality},
		{"09", "Region Gotland", "09", Region},
		{"0980", "Gotlands kommun", "09", Municipality},
		{"14", "Västra Götalandsregionen", "14", Region},
	}
	for _, tt := range tests {
		o, ok := r.Lookup(tt.code)
		if !ok {
			t.Errorf("Lookup(%q) not found", tt.code)
			continue
		}
		if o.Name != tt.name || o.CountyCode != tt.county || o.Kind != tt.kind {
			t.Errorf("Lookup(%q) = %+v, want name %q county %q kind %s", tt.code, o, tt.name, tt.county, tt.kind)
		}
	}
	if _, ok := r.Lookup("0000"); ok {
		t.Error("Lookup(0000) found a municipality that does not exist")
	}
	if got := len(r.MunicipalitiesIn("01")); got != 26 {
		t.Errorf("municipalities in Stockholms län = %d, want 26", got)
	}
	if got := len(r.MunicipalitiesIn("07")); got != 8 {
		t.Errorf("municipalities in Kronobergs län = %d, want 8", got)
	}
}

func TestRegisterIsReadOnly(t *testing.T) {
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	r.Regions()[0].Name = "changed"
	if o, _ := r.Lookup("01"); o.Name != "Region Stockholm" || r.Regions()[0].Name != "Region Stockholm" {
		t.Error("a caller changed the register through a returned slice")
	}
}
