package grant

import (
	"strings"
)

// OrgKind says what an organisation is.
type OrgKind string

// The kinds of organisation anslag knows.
const (
	OrgRegion       OrgKind = "region"       // one of the 21, keyed by county code
	OrgMunicipality OrgKind = "municipality" // one of the 290, keyed by municipality code
	OrgCommittee    OrgKind = "committee"    // nämnd or styrelse inside a region or municipality
	OrgUnit         OrgKind = "unit"         // förvaltning, verksamhet or enhet inside one
	OrgPartner      OrgKind = "partner"      // non-profit or other partner, by organisationsnummer
	OrgState        OrgKind = "state"        // the state: a ministry or agency
	OrgAssociation  OrgKind = "association"  // SKR, a municipal association such as Storsthlm
)

// Valid tells whether k is a known kind.
func (k OrgKind) Valid() bool {
	switch k {
	case OrgRegion, OrgMunicipality, OrgCommittee, OrgUnit, OrgPartner, OrgState, OrgAssociation:
		return true
	}
	return false
}

// Organisation is anyone who gives, receives or spreads grant money.
type Organisation struct {
	Code       string  `json:"code"` // SCB code for principals; chosen for the rest
	Kind       OrgKind `json:"kind"`
	Name       string  `json:"name"`
	CountyCode string  `json:"county_code,omitempty"`
	ParentCode string  `json:"parent_code,omitempty"` // the region or municipality a committee or unit belongs to
	OrgNumber  string  `json:"org_number,omitempty"`  // organisationsnummer, NNNNNN-NNNN
	Version    int64   `json:"version"`
}

// Validate checks an organisation that a user creates (not the seeded principals).
func (o *Organisation) Validate() error {
	o.Code, o.Name = strings.TrimSpace(o.Code), strings.TrimSpace(o.Name)
	switch {
	case o.Code == "" || len(o.Code) > 64 || strings.ContainsAny(o.Code, " /?#%"):
		return Errorf(EINVALID, "code", "expected a code of 1–64 characters without spaces or / ? # %%", "förväntade en kod på 1–64 tecken utan mellanslag eller / ? # %%")
	case o.Name == "":
		return Errorf(EINVALID, "name", "a name is required", "namn krävs")
	case !o.Kind.Valid():
		return Errorf(EINVALID, "kind", "unknown kind %q", "okänd typ %q", o.Kind)
	case (o.Kind == OrgCommittee || o.Kind == OrgUnit) && o.ParentCode == "":
		return Errorf(EINVALID, "parent_code", "a committee or unit belongs to an organisation", "en nämnd eller enhet måste höra till en organisation")
	case o.Kind == OrgPartner && o.OrgNumber == "":
		return Errorf(EINVALID, "org_number", "a partner is identified by its organisationsnummer", "en partner identifieras med sitt organisationsnummer")
	}
	if o.OrgNumber != "" {
		n, err := NormaliseOrgNumber(o.OrgNumber)
		if err != nil {
			return err
		}
		o.OrgNumber = n
	}
	return nil
}

// NormaliseOrgNumber checks a Swedish organisationsnummer (ten digits, the
// last a Luhn check digit; an optional hyphen before the last four) and
// returns it as NNNNNN-NNNN.
func NormaliseOrgNumber(s string) (string, error) {
	digits := strings.ReplaceAll(strings.TrimSpace(s), "-", "")
	bad := func(en, sv string) (string, error) {
		return "", Errorf(EINVALID, "org_number", "%q: "+en, "%q: "+sv, s)
	}
	if len(digits) != 10 || strings.Trim(digits, "0123456789") != "" {
		return bad("expected ten digits, NNNNNN-NNNN", "förväntade tio siffror, NNNNNN-NNNN")
	}
	sum := 0
	for i := range 10 {
		d := int(digits[i] - '0')
		if i%2 == 0 { // double every other digit from the left: positions 1, 3, 5, 7, 9
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	if sum%10 != 0 {
		return bad("the check digit is wrong", "kontrollsiffran stämmer inte")
	}
	return digits[:6] + "-" + digits[6:], nil
}
