package web

import "github.com/anslag/anslag/internal/grant"

// The names of the grant package's codes in the user's language. They are
// switches rather than maps so that the package holds no mutable state; an
// unknown code is shown as it is rather than hidden.

func orgKind(lang string, k grant.OrgKind) string {
	switch k {
	case grant.OrgRegion:
		return "region"
	case grant.OrgMunicipality:
		return pick(lang, "municipality", "kommun")
	case grant.OrgCommittee:
		return pick(lang, "committee", "nämnd")
	case grant.OrgUnit:
		return pick(lang, "unit", "enhet")
	case grant.OrgPartner:
		return pick(lang, "partner", "samverkanspart")
	case grant.OrgState:
		return pick(lang, "the state", "staten")
	case grant.OrgAssociation:
		return pick(lang, "association", "förbund")
	}
	return string(k)
}

func initiativeKind(lang string, k grant.InitiativeKind) string {
	switch k {
	case grant.InitiativeOneOff:
		return pick(lang, "one-off", "engångsinsats")
	case grant.InitiativeRecurring:
		return pick(lang, "yearly", "årlig")
	}
	return string(k)
}

func targetGroup(lang string, g grant.TargetGroup) string {
	switch g {
	case grant.TargetChildrenYouth:
		return pick(lang, "children and young people", "barn och unga")
	case grant.TargetAdults:
		return pick(lang, "adults", "vuxna")
	case grant.TargetElderly:
		return pick(lang, "older people", "äldre")
	case grant.TargetAll:
		return pick(lang, "everyone", "alla")
	}
	return string(g)
}

func subAllocStatus(lang string, s grant.SubAllocStatus) string {
	switch s {
	case grant.SubAllocActive:
		return pick(lang, "active", "gällande")
	case grant.SubAllocWithdrawn:
		return pick(lang, "withdrawn", "återkallad")
	}
	return string(s)
}

func requisitionStatus(lang string, s grant.RequisitionStatus) string {
	switch s {
	case grant.ReqSubmitted:
		return pick(lang, "submitted", "inskickad")
	case grant.ReqApproved:
		return pick(lang, "approved", "godkänd")
	case grant.ReqPaid:
		return pick(lang, "paid", "utbetald")
	case grant.ReqRejected:
		return pick(lang, "rejected", "avslagen")
	}
	return string(s)
}
