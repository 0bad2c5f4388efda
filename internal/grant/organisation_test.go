package grant

import "testing"

func TestNormaliseOrgNumber(t *testing.T) {
	good := map[string]string{
		"556036-0793": "556036-0793", // a real company number with a valid check digit
		"5560360793":  "556036-0793",
		"802002-4280": "802002-4280", // a real non-profit (ideell förening) number
		"232100-0016": "232100-0016", // Region Stockholm
	}
	for in, want := range good {
		if got, err := NormaliseOrgNumber(in); err != nil || got != want {
			t.Errorf("NormaliseOrgNumber(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "556036-0794", "55603607", "556036-07931", "55603a-0793"} {
		if _, err := NormaliseOrgNumber(bad); ErrorCode(err) != EINVALID {
			t.Errorf("NormaliseOrgNumber(%q) error %v, want invalid", bad, err)
		}
	}
}

func TestOrganisationValidate(t *testing.T) {
	tests := []struct {
		o     Organisation
		field string
	}{
		{Organisation{Code: "07-hsn", Kind: OrgCommittee, Name: "Hälso- och sjukvårdsnämnden", ParentCode: "07"}, ""},
		{Organisation{Code: "novahuset", Kind: OrgPartner, Name: "Novahuset", OrgNumber: "802002-4280"}, ""},
		{Organisation{Code: "a b", Kind: OrgUnit, Name: "x", ParentCode: "07"}, "code"},
		{Organisation{Code: "x", Kind: OrgUnit, Name: " "}, "name"},
		{Organisation{Code: "x", Kind: "club", Name: "x"}, "kind"},
		{Organisation{Code: "x", Kind: OrgCommittee, Name: "x"}, "parent_code"},
		{Organisation{Code: "x", Kind: OrgPartner, Name: "x"}, "org_number"},
		{Organisation{Code: "x", Kind: OrgPartner, Name: "x", OrgNumber: "802002-4281"}, "org_number"},
	}
	for _, tt := range tests {
		err := tt.o.Validate()
		var field string
		if e, ok := err.(*Error); ok {
			field = e.Field
		}
		if field != tt.field || (tt.field == "") != (err == nil) {
			t.Errorf("%+v: error %v, want field %q", tt.o, err, tt.field)
		}
	}
}
