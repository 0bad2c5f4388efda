package grant

import (
	"slices"
	"strings"
	"time"
)

// CollabStatus is the state of a collaboration agreement.
type CollabStatus string

// A draft waits for its parties' approvals; it is approved once every party
// has approved, and expired once its last valid day has passed. Only draft
// and approved are stored: expiry follows from the date.
const (
	CollabDraft    CollabStatus = "draft"
	CollabApproved CollabStatus = "approved"
	CollabExpired  CollabStatus = "expired"
)

// CollabParty is one party to a collaboration agreement and its approval.
type CollabParty struct {
	OrgCode    string `json:"org_code"`
	ApprovedBy string `json:"approved_by,omitempty"` // the user who approved for the party
	ApprovedAt string `json:"approved_at,omitempty"` // stored instant; "" while not approved
}

// Approved tells whether the party has approved.
func (p CollabParty) Approved() bool { return p.ApprovedAt != "" }

// CollabAgreement is a samverkansöverenskommelse: a written agreement
// between municipalities, a region and partners on how they work together,
// e.g. on children and young people with mental ill-health.
type CollabAgreement struct {
	ID          int64         `json:"id"`
	Parties     []CollabParty `json:"parties"`
	Subject     string        `json:"subject"`
	TargetGroup TargetGroup   `json:"target_group"`
	ValidFrom   Date          `json:"valid_from"`
	ValidTo     Date          `json:"valid_to"`
	DocumentRef string        `json:"document_ref,omitempty"` // diary number or link to the signed document
	Status      CollabStatus  `json:"status"`                 // stored draft or approved; see StatusOn
	Version     int64         `json:"version"`
}

// Validate checks the agreement's own fields: at least two distinct
// parties, a subject, a known target group and a period from ≤ to.
func (a *CollabAgreement) Validate() error {
	a.Subject, a.DocumentRef = strings.TrimSpace(a.Subject), strings.TrimSpace(a.DocumentRef)
	seen := map[string]int{}
	for i := range a.Parties {
		p := &a.Parties[i]
		p.OrgCode = strings.TrimSpace(p.OrgCode)
		if p.OrgCode == "" {
			return Errorf(EINVALID, FieldIndex("parties", i, "org_code"), "the party's organisation code is required", "partens organisationskod krävs")
		}
		if j, dup := seen[p.OrgCode]; dup {
			return Errorf(EINVALID, FieldIndex("parties", i, "org_code"), "%s is already party %d", "%s är redan part %d", p.OrgCode, j)
		}
		seen[p.OrgCode] = i
	}
	switch {
	case len(a.Parties) < 2:
		return Errorf(EINVALID, "parties", "an agreement needs at least two parties, got %d", "en överenskommelse behöver minst två parter, fick %d", len(a.Parties))
	case a.Subject == "":
		return Errorf(EINVALID, "subject", "a subject is required", "ämne krävs")
	case !a.TargetGroup.Valid():
		return Errorf(EINVALID, "target_group", "expected barn_och_unga, vuxna, aldre or alla, got %q", "förväntade barn_och_unga, vuxna, aldre eller alla, fick %q", a.TargetGroup)
	case a.ValidFrom == "":
		return Errorf(EINVALID, "valid_from", "the first valid day is required", "första giltighetsdag krävs")
	case a.ValidTo == "":
		return Errorf(EINVALID, "valid_to", "the last valid day is required", "sista giltighetsdag krävs")
	}
	if _, err := ParseDate("valid_from", string(a.ValidFrom)); err != nil {
		return err
	}
	if _, err := ParseDate("valid_to", string(a.ValidTo)); err != nil {
		return err
	}
	if a.ValidTo < a.ValidFrom {
		return Errorf(EINVALID, "valid_to", "the last valid day %s is before the first %s", "sista giltighetsdag %s är före den första %s", a.ValidTo, a.ValidFrom)
	}
	return nil
}

// AllApproved tells whether every party has approved.
func (a CollabAgreement) AllApproved() bool {
	return len(a.Parties) > 0 && !slices.ContainsFunc(a.Parties, func(p CollabParty) bool { return !p.Approved() })
}

// StatusOn is the agreement's state on the day of now: expired after its
// last valid day, else approved when every party has approved, else draft.
func (a CollabAgreement) StatusOn(now time.Time) CollabStatus {
	switch {
	case a.ValidTo.Before(now):
		return CollabExpired
	case a.AllApproved():
		return CollabApproved
	}
	return CollabDraft
}

// Party returns the index of org among the parties, or -1.
func (a CollabAgreement) Party(org string) int {
	return slices.IndexFunc(a.Parties, func(p CollabParty) bool { return p.OrgCode == org })
}

// GroupKind is what a leadership group is for.
type GroupKind string

// The kinds of leadership group (ledningsgrupp).
const (
	GroupChildrenYouth GroupKind = "children_youth" // BUS-grupp: barn och unga
	GroupAdults        GroupKind = "adults"
	GroupOther         GroupKind = "other"
)

// Valid tells whether k is a known kind.
func (k GroupKind) Valid() bool {
	return k == GroupChildrenYouth || k == GroupAdults || k == GroupOther
}

// MemberRole is the part of the welfare system a group member stands for.
type MemberRole string

// The roles in a leadership group.
const (
	RoleSocialServices   MemberRole = "social_services"
	RoleSchool           MemberRole = "school"
	RolePsychiatry       MemberRole = "psychiatry"
	RolePrimaryCare      MemberRole = "primary_care"
	RoleUserOrganisation MemberRole = "user_organisation"
	RoleOtherMember      MemberRole = "other"
)

// MemberRoles lists the roles in the order pages offer them.
var MemberRoles = []MemberRole{RoleSocialServices, RoleSchool, RolePsychiatry, RolePrimaryCare, RoleUserOrganisation, RoleOtherMember}

// GroupKinds lists the kinds in the order pages offer them.
var GroupKinds = []GroupKind{GroupChildrenYouth, GroupAdults, GroupOther}

// Valid tells whether r is a known role.
func (r MemberRole) Valid() bool { return slices.Contains(MemberRoles, r) }

// GroupMember is one seat in a leadership group.
type GroupMember struct {
	Role       MemberRole `json:"role"`
	OrgCode    string     `json:"org_code"`
	PersonName string     `json:"person_name,omitempty"` // shown only to logged-in users
}

// Group is a leadership group that brings social services, school,
// psychiatry and primary care together, of one organisation or of a whole
// county, and writes yearly action plans. Exactly one of OrgCode and
// CountyCode is set.
type Group struct {
	ID         int64         `json:"id"`
	Kind       GroupKind     `json:"kind"`
	Name       string        `json:"name"`
	OrgCode    string        `json:"org_code,omitempty"`
	CountyCode string        `json:"county_code,omitempty"`
	Members    []GroupMember `json:"members"`
	Version    int64         `json:"version"`
}

// Validate checks the group's own fields and its members.
func (g *Group) Validate() error {
	g.Name, g.OrgCode, g.CountyCode = strings.TrimSpace(g.Name), strings.TrimSpace(g.OrgCode), strings.TrimSpace(g.CountyCode)
	switch {
	case !g.Kind.Valid():
		return Errorf(EINVALID, "kind", "expected children_youth, adults or other, got %q", "förväntade children_youth, adults eller other, fick %q", g.Kind)
	case g.Name == "":
		return Errorf(EINVALID, "name", "a name is required", "namn krävs")
	case (g.OrgCode == "") == (g.CountyCode == ""):
		return Errorf(EINVALID, "org_code", "give either an organisation or a county, not both", "ange antingen en organisation eller ett län, inte båda")
	}
	for i := range g.Members {
		m := &g.Members[i]
		m.OrgCode, m.PersonName = strings.TrimSpace(m.OrgCode), strings.TrimSpace(m.PersonName)
		if !m.Role.Valid() {
			return Errorf(EINVALID, FieldIndex("members", i, "role"), "expected social_services, school, psychiatry, primary_care, user_organisation or other, got %q",
				"förväntade social_services, school, psychiatry, primary_care, user_organisation eller other, fick %q", m.Role)
		}
		if m.OrgCode == "" {
			return Errorf(EINVALID, FieldIndex("members", i, "org_code"), "the member's organisation is required", "ledamotens organisation krävs")
		}
	}
	return nil
}

// MemberOrgs lists the distinct organisations of the members, in order.
func (g Group) MemberOrgs() []string {
	var out []string
	for _, m := range g.Members {
		if !slices.Contains(out, m.OrgCode) {
			out = append(out, m.OrgCode)
		}
	}
	return out
}
