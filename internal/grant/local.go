package grant

import (
	"strings"

	"github.com/anslag/anslag/internal/money"
)

// SubAllocStatus is the state of a sub-allocation.
type SubAllocStatus string

// An active sub-allocation binds money; a withdrawn one has released it.
const (
	SubAllocActive    SubAllocStatus = "active"
	SubAllocWithdrawn SubAllocStatus = "withdrawn"
)

// SubAllocation is a recipient's decision to spread money it received under
// an agreement to one of its own committees or units, or to one of its
// initiatives (intern fördelning). Exactly one of ToOrg and InitiativeID is set.
type SubAllocation struct {
	ID           int64          `json:"id"`
	AgreementID  int64          `json:"agreement_id"`
	FromOrg      string         `json:"from_org"`
	ToOrg        string         `json:"to_org,omitempty"`
	InitiativeID int64          `json:"initiative_id,omitempty"`
	Amount       money.Amount   `json:"amount"`
	DecisionRef  string         `json:"decision_ref,omitempty"` // the decision's diary number or paragraph
	DecidedOn    Date           `json:"decided_on"`
	Note         string         `json:"note,omitempty"`
	Status       SubAllocStatus `json:"status"`
	Version      int64          `json:"version"`
}

// Validate checks a sub-allocation's own fields. prefix is put before every
// field name, so that a line of a decision reports "lines[2].amount".
func (s *SubAllocation) Validate(prefix string) error {
	s.FromOrg, s.ToOrg = strings.TrimSpace(s.FromOrg), strings.TrimSpace(s.ToOrg)
	s.DecisionRef, s.Note = strings.TrimSpace(s.DecisionRef), strings.TrimSpace(s.Note)
	switch {
	case s.AgreementID <= 0:
		return Errorf(EINVALID, prefix+"agreement_id", "an agreement is required", "en överenskommelse krävs")
	case s.FromOrg == "":
		return Errorf(EINVALID, prefix+"from_org", "the organisation that spreads the money is required", "organisationen som fördelar pengarna krävs")
	case (s.ToOrg == "") == (s.InitiativeID == 0):
		return Errorf(EINVALID, prefix+"to_org", "give either a committee or unit, or an initiative, as receiver", "ange antingen en nämnd eller enhet, eller en insats, som mottagare")
	case s.ToOrg == s.FromOrg:
		return Errorf(EINVALID, prefix+"to_org", "an organisation cannot sub-allocate to itself", "en organisation kan inte fördela till sig själv")
	case s.Amount <= 0:
		return Errorf(EINVALID, prefix+"amount", "the amount must be positive", "beloppet måste vara positivt")
	case s.DecidedOn == "":
		return Errorf(EINVALID, prefix+"decided_on", "the decision date is required", "beslutsdatum krävs")
	}
	if _, err := ParseDate(prefix+"decided_on", string(s.DecidedOn)); err != nil {
		return err
	}
	return nil
}

// InitiativeKind says whether an initiative costs once or every year.
type InitiativeKind string

// The kinds of initiative.
const (
	InitiativeOneOff    InitiativeKind = "one_off"   // engångsinsats
	InitiativeRecurring InitiativeKind = "recurring" // årlig insats; Amount is per year
)

// TargetGroup is who an initiative or measure is for (målgrupp).
type TargetGroup string

// The target groups of the agreements.
const (
	TargetChildrenYouth TargetGroup = "barn_och_unga"
	TargetAdults        TargetGroup = "vuxna"
	TargetElderly       TargetGroup = "aldre"
	TargetAll           TargetGroup = "alla"
)

// Valid tells whether g is a known target group.
func (g TargetGroup) Valid() bool {
	switch g {
	case TargetChildrenYouth, TargetAdults, TargetElderly, TargetAll:
		return true
	}
	return false
}

// Initiative is something the money buys (insats): a training package, a
// one-off grant, a partnership with a non-profit.
type Initiative struct {
	ID          int64          `json:"id"`
	OrgCode     string         `json:"org_code"`
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Kind        InitiativeKind `json:"kind"`
	Amount      money.Amount   `json:"amount"` // per year if recurring
	StartYear   int            `json:"start_year"`
	EndYear     int            `json:"end_year,omitempty"` // recurring only; 0 = open-ended
	TargetGroup TargetGroup    `json:"target_group"`
	PartnerCode string         `json:"partner_code,omitempty"` // an organisation of kind partner
	AgreementID int64          `json:"agreement_id,omitempty"` // funded by this agreement's money
	Version     int64          `json:"version"`
}

// Validate checks an initiative's own fields.
func (in *Initiative) Validate() error {
	in.OrgCode, in.Title = strings.TrimSpace(in.OrgCode), strings.TrimSpace(in.Title)
	in.Description, in.PartnerCode = strings.TrimSpace(in.Description), strings.TrimSpace(in.PartnerCode)
	switch {
	case in.OrgCode == "":
		return Errorf(EINVALID, "org_code", "the organisation is required", "organisationen krävs")
	case in.Title == "":
		return Errorf(EINVALID, "title", "a title is required", "rubrik krävs")
	case in.Kind != InitiativeOneOff && in.Kind != InitiativeRecurring:
		return Errorf(EINVALID, "kind", "expected one_off or recurring, got %q", "förväntade one_off eller recurring, fick %q", in.Kind)
	case in.Amount <= 0:
		return Errorf(EINVALID, "amount", "the amount must be positive", "beloppet måste vara positivt")
	case in.StartYear < 2000 || in.StartYear > 2100:
		return Errorf(EINVALID, "start_year", "expected a year between 2000 and 2100, got %d", "förväntade ett år mellan 2000 och 2100, fick %d", in.StartYear)
	case in.Kind == InitiativeOneOff && in.EndYear != 0 && in.EndYear != in.StartYear:
		return Errorf(EINVALID, "end_year", "a one-off initiative has no end year", "en engångsinsats har inget slutår")
	case in.Kind == InitiativeRecurring && in.EndYear != 0 && (in.EndYear < in.StartYear || in.EndYear > 2100):
		return Errorf(EINVALID, "end_year", "the end year must be from the start year %d to 2100, or 0 for open-ended", "slutåret måste vara från startåret %d till 2100, eller 0 för tills vidare", in.StartYear)
	case !in.TargetGroup.Valid():
		return Errorf(EINVALID, "target_group", "expected barn_och_unga, vuxna, aldre or alla, got %q", "förväntade barn_och_unga, vuxna, aldre eller alla, fick %q", in.TargetGroup)
	}
	if in.Kind == InitiativeOneOff {
		in.EndYear = 0 // a one-off belongs to its start year only
	}
	return nil
}
