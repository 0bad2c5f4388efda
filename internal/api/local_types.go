package api

import (
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// SubAllocationIn is one line of a recipient's decision to spread money it
// received under an agreement to one of its committees or units, or to an
// initiative (intern fördelning). Give exactly one of to_org and initiative_id.
type SubAllocationIn struct {
	AgreementID  int64        `json:"agreement_id" jsonschema:"description=The agreement whose money is spread"`
	FromOrg      string       `json:"from_org" jsonschema:"description=The organisation that received the money"`
	ToOrg        string       `json:"to_org,omitempty" jsonschema:"description=A committee or unit inside from_org"`
	InitiativeID int64        `json:"initiative_id,omitzero" jsonschema:"description=An initiative of from_org or of its committees and units"`
	Amount       money.Amount `json:"amount" jsonschema:"description=Öre; at most what from_org was paid under the agreement and has not spread yet"`
	DecisionRef  string       `json:"decision_ref,omitempty" jsonschema:"description=The decision's diary number or paragraph"`
	DecidedOn    grant.Date   `json:"decided_on"`
	Note         string       `json:"note,omitempty"`
}

// SubAllocationDecisionIn is a decision of several lines, stored all or nothing.
type SubAllocationDecisionIn struct {
	Lines []SubAllocationIn `json:"lines" jsonschema:"minItems=1"`
}

// SubAllocation is a sub-allocation as the API shows it.
type SubAllocation struct {
	ID           int64      `json:"id"`
	AgreementID  int64      `json:"agreement_id"`
	FromOrg      string     `json:"from_org"`
	ToOrg        string     `json:"to_org,omitempty"`
	InitiativeID int64      `json:"initiative_id,omitzero"`
	Amount       Money      `json:"amount"`
	DecisionRef  string     `json:"decision_ref,omitempty"`
	DecidedOn    grant.Date `json:"decided_on"`
	Note         string     `json:"note,omitempty"`
	Status       string     `json:"status" jsonschema:"enum=active,enum=withdrawn"`
	Version      int64      `json:"version"`
}

// SubAllocationDecision is the lines of a decision as stored.
type SubAllocationDecision struct {
	Lines []SubAllocation `json:"lines"`
}

// InitiativeIn is an initiative (insats) as written: created, or replaced whole.
type InitiativeIn struct {
	OrgCode     string       `json:"org_code" jsonschema:"description=The owning organisation; it cannot change"`
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	Kind        string       `json:"kind" jsonschema:"enum=one_off,enum=recurring"`
	Amount      money.Amount `json:"amount" jsonschema:"description=Öre; per year if recurring"`
	StartYear   int          `json:"start_year"`
	EndYear     int          `json:"end_year,omitzero" jsonschema:"description=Recurring only; absent for open-ended"`
	TargetGroup string       `json:"target_group" jsonschema:"enum=barn_och_unga,enum=vuxna,enum=aldre,enum=alla"`
	PartnerCode string       `json:"partner_code,omitempty" jsonschema:"description=An organisation of kind partner"`
	AgreementID int64        `json:"agreement_id,omitzero" jsonschema:"description=Funded by this agreement's money"`
}

// Initiative is an initiative as the API shows it.
type Initiative struct {
	ID          int64  `json:"id"`
	OrgCode     string `json:"org_code"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Kind        string `json:"kind" jsonschema:"enum=one_off,enum=recurring"`
	Amount      Money  `json:"amount"`
	StartYear   int    `json:"start_year"`
	EndYear     int    `json:"end_year,omitzero"`
	TargetGroup string `json:"target_group" jsonschema:"enum=barn_och_unga,enum=vuxna,enum=aldre,enum=alla"`
	PartnerCode string `json:"partner_code,omitempty"`
	AgreementID int64  `json:"agreement_id,omitzero"`
	Version     int64  `json:"version"`
}

// PlanGoal is a short- or long-term goal of an action plan.
type PlanGoal struct {
	ID      int64  `json:"id,omitzero" jsonschema:"description=Absent for a new goal; on update the stored goal's id keeps it"`
	Horizon string `json:"horizon" jsonschema:"enum=short,enum=long"`
	Text    string `json:"text"`
}

// PlanMeasure is something done towards a goal, named by its index in
// goals (which works for goals not yet stored) or by its id.
type PlanMeasure struct {
	ID           int64  `json:"id,omitzero"`
	GoalIndex    *int   `json:"goal_index,omitempty" jsonschema:"description=The goal's position in goals; wins over goal_id"`
	GoalID       int64  `json:"goal_id,omitzero"`
	Text         string `json:"text"`
	InitiativeID int64  `json:"initiative_id,omitzero"`
	TargetGroup  string `json:"target_group" jsonschema:"enum=barn_och_unga,enum=vuxna,enum=aldre,enum=alla"`
}

// PlanIndicator is how progress is measured, optionally a Kolada key figure.
type PlanIndicator struct {
	ID        int64    `json:"id,omitzero"`
	Name      string   `json:"name"`
	Unit      string   `json:"unit,omitempty"`
	KoladaKPI string   `json:"kolada_kpi,omitempty" jsonschema:"description=A letter and five digits, e.g. N17473"`
	Target    *float64 `json:"target,omitempty"`
}

// PlanFollowUp is the yearly state of one measure or one indicator, named
// by index or id like a measure's goal.
type PlanFollowUp struct {
	ID             int64    `json:"id,omitzero"`
	Year           int      `json:"year"`
	MeasureIndex   *int     `json:"measure_index,omitempty"`
	MeasureID      int64    `json:"measure_id,omitzero"`
	IndicatorIndex *int     `json:"indicator_index,omitempty"`
	IndicatorID    int64    `json:"indicator_id,omitzero"`
	Status         string   `json:"status" jsonschema:"enum=not_started,enum=ongoing,enum=done,enum=delayed"`
	Value          *float64 `json:"value,omitempty"`
	Comment        string   `json:"comment,omitempty"`
}

// ActionPlanIn is a whole action plan (handlingsplan) as written: created,
// or replaced with its children. Children sent with their id keep it;
// children left out are removed.
type ActionPlanIn struct {
	OwnerOrg    string          `json:"owner_org,omitempty" jsonschema:"description=The owning organisation; give exactly one of owner_org, owner_group and owner_county"`
	OwnerGroup  int64           `json:"owner_group,omitzero" jsonschema:"description=The owning leadership group"`
	OwnerCounty string          `json:"owner_county,omitempty" jsonschema:"description=The owning county (two digits): a county-wide plan"`
	Title       string          `json:"title"`
	FromYear    int             `json:"from_year"`
	ToYear      int             `json:"to_year"`
	Status      string          `json:"status,omitempty" jsonschema:"enum=draft,enum=adopted,description=Default draft; an adopted plan cannot return to draft"`
	Goals       []PlanGoal      `json:"goals"`
	Measures    []PlanMeasure   `json:"measures"`
	Indicators  []PlanIndicator `json:"indicators"`
	FollowUps   []PlanFollowUp  `json:"follow_ups"`
}

// ActionPlan is an action plan as the API shows it; reads fill both the
// index and the id of every reference between children.
type ActionPlan struct {
	ID          int64           `json:"id"`
	OwnerOrg    string          `json:"owner_org"`
	OwnerGroup  int64           `json:"owner_group,omitzero"`
	OwnerCounty string          `json:"owner_county,omitempty"`
	Responsible []string        `json:"responsible,omitempty" jsonschema:"description=For a group's or county's plan: the organisations jointly responsible"`
	Title       string          `json:"title"`
	FromYear    int             `json:"from_year"`
	ToYear      int             `json:"to_year"`
	Status      string          `json:"status" jsonschema:"enum=draft,enum=adopted"`
	Goals       []PlanGoal      `json:"goals"`
	Measures    []PlanMeasure   `json:"measures"`
	Indicators  []PlanIndicator `json:"indicators"`
	FollowUps   []PlanFollowUp  `json:"follow_ups"`
	Version     int64           `json:"version"`
}

func subAllocationIn(in SubAllocationIn) grant.SubAllocation {
	return grant.SubAllocation{AgreementID: in.AgreementID, FromOrg: in.FromOrg, ToOrg: in.ToOrg, InitiativeID: in.InitiativeID,
		Amount: in.Amount, DecisionRef: in.DecisionRef, DecidedOn: in.DecidedOn, Note: in.Note}
}

func subAllocationOut(s grant.SubAllocation) SubAllocation {
	return SubAllocation{ID: s.ID, AgreementID: s.AgreementID, FromOrg: s.FromOrg, ToOrg: s.ToOrg, InitiativeID: s.InitiativeID,
		Amount: M(s.Amount), DecisionRef: s.DecisionRef, DecidedOn: s.DecidedOn, Note: s.Note, Status: string(s.Status), Version: s.Version}
}

func initiativeIn(in InitiativeIn) grant.Initiative {
	return grant.Initiative{OrgCode: in.OrgCode, Title: in.Title, Description: in.Description, Kind: grant.InitiativeKind(in.Kind),
		Amount: in.Amount, StartYear: in.StartYear, EndYear: in.EndYear, TargetGroup: grant.TargetGroup(in.TargetGroup),
		PartnerCode: in.PartnerCode, AgreementID: in.AgreementID}
}

func initiativeOut(in grant.Initiative) Initiative {
	return Initiative{ID: in.ID, OrgCode: in.OrgCode, Title: in.Title, Description: in.Description, Kind: string(in.Kind),
		Amount: M(in.Amount), StartYear: in.StartYear, EndYear: in.EndYear, TargetGroup: string(in.TargetGroup),
		PartnerCode: in.PartnerCode, AgreementID: in.AgreementID, Version: in.Version}
}

// The children have the same fields in and out, so one type serves both.
func goalIn(g PlanGoal) grant.Goal {
	return grant.Goal{ID: g.ID, Horizon: grant.Horizon(g.Horizon), Text: g.Text}
}
func goalOut(g grant.Goal) PlanGoal {
	return PlanGoal{ID: g.ID, Horizon: string(g.Horizon), Text: g.Text}
}

func measureIn(m PlanMeasure) grant.Measure {
	return grant.Measure{ID: m.ID, GoalIndex: m.GoalIndex, GoalID: m.GoalID, Text: m.Text, InitiativeID: m.InitiativeID,
		TargetGroup: grant.TargetGroup(m.TargetGroup)}
}

func measureOut(m grant.Measure) PlanMeasure {
	return PlanMeasure{ID: m.ID, GoalIndex: m.GoalIndex, GoalID: m.GoalID, Text: m.Text, InitiativeID: m.InitiativeID,
		TargetGroup: string(m.TargetGroup)}
}

func indicatorIn(in PlanIndicator) grant.Indicator {
	return grant.Indicator{ID: in.ID, Name: in.Name, Unit: in.Unit, KoladaKPI: in.KoladaKPI, Target: in.Target}
}

func indicatorOut(in grant.Indicator) PlanIndicator {
	return PlanIndicator{ID: in.ID, Name: in.Name, Unit: in.Unit, KoladaKPI: in.KoladaKPI, Target: in.Target}
}

func followUpIn(f PlanFollowUp) grant.FollowUp {
	return grant.FollowUp{ID: f.ID, Year: f.Year, MeasureIndex: f.MeasureIndex, MeasureID: f.MeasureID, IndicatorIndex: f.IndicatorIndex,
		IndicatorID: f.IndicatorID, Status: grant.FollowUpStatus(f.Status), Value: f.Value, Comment: f.Comment}
}

func followUpOut(f grant.FollowUp) PlanFollowUp {
	return PlanFollowUp{ID: f.ID, Year: f.Year, MeasureIndex: f.MeasureIndex, MeasureID: f.MeasureID, IndicatorIndex: f.IndicatorIndex,
		IndicatorID: f.IndicatorID, Status: string(f.Status), Value: f.Value, Comment: f.Comment}
}

func actionPlanIn(in ActionPlanIn) grant.ActionPlan {
	return grant.ActionPlan{OwnerOrg: in.OwnerOrg, OwnerGroup: in.OwnerGroup, OwnerCounty: in.OwnerCounty, Title: in.Title, FromYear: in.FromYear, ToYear: in.ToYear, Status: grant.PlanStatus(in.Status),
		Goals: mapSlice(in.Goals, goalIn), Measures: mapSlice(in.Measures, measureIn), Indicators: mapSlice(in.Indicators, indicatorIn),
		FollowUps: mapSlice(in.FollowUps, followUpIn)}
}

func actionPlanOut(p grant.ActionPlan) ActionPlan {
	return ActionPlan{ID: p.ID, OwnerOrg: p.OwnerOrg, OwnerGroup: p.OwnerGroup, OwnerCounty: p.OwnerCounty, Responsible: p.Responsible, Title: p.Title, FromYear: p.FromYear, ToYear: p.ToYear, Status: string(p.Status),
		Goals: mapSlice(p.Goals, goalOut), Measures: mapSlice(p.Measures, measureOut), Indicators: mapSlice(p.Indicators, indicatorOut),
		FollowUps: mapSlice(p.FollowUps, followUpOut), Version: p.Version}
}
