package api

import (
	"github.com/anslag/anslag/internal/grant"
)

// CollabPartyIn is a party to a collaboration agreement as written.
type CollabPartyIn struct {
	OrgCode string `json:"org_code" jsonschema:"description=An organisation in the register: region, municipality, partner or association"`
}

// CollabAgreementIn is a collaboration agreement (samverkansöverenskommelse)
// as written: created, or replaced whole while a draft. A change clears the
// approvals given.
type CollabAgreementIn struct {
	Parties     []CollabPartyIn `json:"parties" jsonschema:"minItems=2,description=At least two distinct organisations"`
	Subject     string          `json:"subject"`
	TargetGroup string          `json:"target_group" jsonschema:"enum=barn_och_unga,enum=vuxna,enum=aldre,enum=alla"`
	ValidFrom   grant.Date      `json:"valid_from" jsonschema:"description=The first valid day"`
	ValidTo     grant.Date      `json:"valid_to" jsonschema:"description=The last valid day; not before valid_from"`
	DocumentRef string          `json:"document_ref,omitempty" jsonschema:"description=Diary number or link to the signed document"`
}

// CollabParty is a party with its approval.
type CollabParty struct {
	OrgCode    string `json:"org_code"`
	ApprovedBy string `json:"approved_by,omitempty" jsonschema:"description=Who approved for the party"`
	ApprovedAt string `json:"approved_at,omitempty" jsonschema:"description=When the party approved (UTC)"`
}

// CollabAgreement is a collaboration agreement as the API shows it.
type CollabAgreement struct {
	ID          int64         `json:"id"`
	Parties     []CollabParty `json:"parties"`
	Subject     string        `json:"subject"`
	TargetGroup string        `json:"target_group" jsonschema:"enum=barn_och_unga,enum=vuxna,enum=aldre,enum=alla"`
	ValidFrom   grant.Date    `json:"valid_from"`
	ValidTo     grant.Date    `json:"valid_to"`
	DocumentRef string        `json:"document_ref,omitempty"`
	Status      string        `json:"status" jsonschema:"enum=draft,enum=approved,enum=expired,description=approved once every party approved; expired after valid_to"`
	Version     int64         `json:"version"`
}

// ApprovalIn names the party that approves.
type ApprovalIn struct {
	OrgCode string `json:"org_code" jsonschema:"description=The party approving; the caller must act for it"`
}

// GroupMember is a seat in a leadership group.
type GroupMember struct {
	Role       string `json:"role" jsonschema:"enum=social_services,enum=school,enum=psychiatry,enum=primary_care,enum=user_organisation,enum=other"`
	OrgCode    string `json:"org_code"`
	PersonName string `json:"person_name,omitempty" jsonschema:"description=Shown only to logged-in users"`
}

// GroupIn is a leadership group as written; give exactly one of org_code and county_code.
type GroupIn struct {
	Kind       string        `json:"kind" jsonschema:"enum=children_youth,enum=adults,enum=other"`
	Name       string        `json:"name"`
	OrgCode    string        `json:"org_code,omitempty" jsonschema:"description=The organisation whose group it is"`
	CountyCode string        `json:"county_code,omitempty" jsonschema:"description=The county whose group it is (two digits)"`
	Members    []GroupMember `json:"members"`
}

// Group is a leadership group as the API shows it.
type Group struct {
	ID         int64         `json:"id"`
	Kind       string        `json:"kind" jsonschema:"enum=children_youth,enum=adults,enum=other"`
	Name       string        `json:"name"`
	OrgCode    string        `json:"org_code,omitempty"`
	CountyCode string        `json:"county_code,omitempty"`
	Members    []GroupMember `json:"members"`
	Version    int64         `json:"version"`
}

// GroupMembers is a group's members.
type GroupMembers struct {
	Members []GroupMember `json:"members"`
}

// OwnedPlans is the action plans of a group or county.
type OwnedPlans struct {
	Items []ActionPlan `json:"items"`
}

func collabIn(in CollabAgreementIn) grant.CollabAgreement {
	return grant.CollabAgreement{Parties: mapSlice(in.Parties, func(p CollabPartyIn) grant.CollabParty { return grant.CollabParty{OrgCode: p.OrgCode} }),
		Subject: in.Subject, TargetGroup: grant.TargetGroup(in.TargetGroup), ValidFrom: in.ValidFrom, ValidTo: in.ValidTo, DocumentRef: in.DocumentRef}
}

func collabOut(a grant.CollabAgreement) CollabAgreement {
	return CollabAgreement{ID: a.ID, Parties: mapSlice(a.Parties, func(p grant.CollabParty) CollabParty { return CollabParty(p) }),
		Subject: a.Subject, TargetGroup: string(a.TargetGroup), ValidFrom: a.ValidFrom, ValidTo: a.ValidTo, DocumentRef: a.DocumentRef,
		Status: string(a.Status), Version: a.Version}
}

func memberIn(m GroupMember) grant.GroupMember {
	return grant.GroupMember{Role: grant.MemberRole(m.Role), OrgCode: m.OrgCode, PersonName: m.PersonName}
}

func memberOut(m grant.GroupMember) GroupMember {
	return GroupMember{Role: string(m.Role), OrgCode: m.OrgCode, PersonName: m.PersonName}
}

func groupIn(in GroupIn) grant.Group {
	return grant.Group{Kind: grant.GroupKind(in.Kind), Name: in.Name, OrgCode: in.OrgCode, CountyCode: in.CountyCode, Members: mapSlice(in.Members, memberIn)}
}

func groupOut(g grant.Group) Group {
	return Group{ID: g.ID, Kind: string(g.Kind), Name: g.Name, OrgCode: g.OrgCode, CountyCode: g.CountyCode, Members: mapSlice(g.Members, memberOut), Version: g.Version}
}
