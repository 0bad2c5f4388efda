package grant

import (
	"math"
	"regexp"
	"strings"
)

// PlanStatus is the state of an action plan.
type PlanStatus string

// A draft is being written; an adopted plan was decided by its owner.
const (
	PlanDraft   PlanStatus = "draft"
	PlanAdopted PlanStatus = "adopted"
)

// Horizon says whether a goal is short- or long-term.
type Horizon string

// The horizons of the agreements' action plans.
const (
	HorizonShort Horizon = "short"
	HorizonLong  Horizon = "long"
)

// FollowUpStatus is how far a measure or indicator had come in a year.
type FollowUpStatus string

// The states of a yearly follow-up.
const (
	FollowUpNotStarted FollowUpStatus = "not_started"
	FollowUpOngoing    FollowUpStatus = "ongoing"
	FollowUpDone       FollowUpStatus = "done"
	FollowUpDelayed    FollowUpStatus = "delayed"
)

// Goal is a short- or long-term goal of an action plan.
type Goal struct {
	ID      int64   `json:"id,omitempty"`
	Horizon Horizon `json:"horizon"`
	Text    string  `json:"text"`
}

// Measure is something done towards a goal. It names its goal by position
// in the plan's Goals (GoalIndex), which works for goals not yet stored, or
// by GoalID; the index wins when both are given. Reads fill both.
type Measure struct {
	ID           int64       `json:"id,omitempty"`
	GoalIndex    *int        `json:"goal_index,omitempty"`
	GoalID       int64       `json:"goal_id,omitempty"`
	Text         string      `json:"text"`
	InitiativeID int64       `json:"initiative_id,omitempty"`
	TargetGroup  TargetGroup `json:"target_group"`
}

// Indicator is how progress is measured, optionally a Kolada key figure.
type Indicator struct {
	ID        int64    `json:"id,omitempty"`
	Name      string   `json:"name"`
	Unit      string   `json:"unit,omitempty"`
	KoladaKPI string   `json:"kolada_kpi,omitempty"` // e.g. "N17473"
	Target    *float64 `json:"target,omitempty"`
}

// FollowUp is the yearly state of one measure or one indicator. Like a
// measure's goal, the measure or indicator is named by index or by id.
type FollowUp struct {
	ID             int64          `json:"id,omitempty"`
	Year           int            `json:"year"`
	MeasureIndex   *int           `json:"measure_index,omitempty"`
	MeasureID      int64          `json:"measure_id,omitempty"`
	IndicatorIndex *int           `json:"indicator_index,omitempty"`
	IndicatorID    int64          `json:"indicator_id,omitempty"`
	Status         FollowUpStatus `json:"status"`
	Value          *float64       `json:"value,omitempty"`
	Comment        string         `json:"comment,omitempty"`
}

// ActionPlan is an organisation's, a leadership group's or a county's
// handlingsplan with its goals, measures, indicators and yearly follow-ups.
// Exactly one of OwnerOrg, OwnerGroup and OwnerCounty is set. A group's or
// county's plan is the joint responsibility of several organisations, which
// reads fill in as Responsible.
type ActionPlan struct {
	ID          int64       `json:"id"`
	OwnerOrg    string      `json:"owner_org,omitempty"`
	OwnerGroup  int64       `json:"owner_group,omitempty"`
	OwnerCounty string      `json:"owner_county,omitempty"`
	Responsible []string    `json:"responsible,omitempty"` // read only: the organisations jointly responsible
	Title       string      `json:"title"`
	FromYear    int         `json:"from_year"`
	ToYear      int         `json:"to_year"`
	Status      PlanStatus  `json:"status"`
	Goals       []Goal      `json:"goals"`
	Measures    []Measure   `json:"measures"`
	Indicators  []Indicator `json:"indicators"`
	FollowUps   []FollowUp  `json:"follow_ups"`
	Version     int64       `json:"version"`
}

// koladaKPI is the form of Kolada's key figure ids: a letter and five digits.
var koladaKPI = regexp.MustCompile(`^[A-Z][0-9]{5}$`)

// Validate checks the plan and its children, and resolves every reference
// between children to an index, so that the store can write them in order.
func (p *ActionPlan) Validate() error {
	p.OwnerOrg, p.Title, p.OwnerCounty = strings.TrimSpace(p.OwnerOrg), strings.TrimSpace(p.Title), strings.TrimSpace(p.OwnerCounty)
	if p.Status == "" {
		p.Status = PlanDraft
	}
	owners := 0
	for _, set := range []bool{p.OwnerOrg != "", p.OwnerGroup != 0, p.OwnerCounty != ""} {
		if set {
			owners++
		}
	}
	switch {
	case owners == 0:
		return Errorf(EINVALID, "owner_org", "the owner is required: an organisation, a leadership group or a county", "ägaren krävs: en organisation, en ledningsgrupp eller ett län")
	case owners > 1:
		return Errorf(EINVALID, "owner_org", "a plan has one owner: an organisation, a leadership group or a county", "en plan har en ägare: en organisation, en ledningsgrupp eller ett län")
	case p.OwnerGroup < 0:
		return Errorf(EINVALID, "owner_group", "a group id is positive", "ett grupp-id är positivt")
	case p.Title == "":
		return Errorf(EINVALID, "title", "a title is required", "rubrik krävs")
	case p.FromYear < 2000 || p.FromYear > 2100:
		return Errorf(EINVALID, "from_year", "expected a year between 2000 and 2100, got %d", "förväntade ett år mellan 2000 och 2100, fick %d", p.FromYear)
	case p.ToYear < p.FromYear || p.ToYear > 2100:
		return Errorf(EINVALID, "to_year", "expected a year from %d to 2100, got %d", "förväntade ett år från %d till 2100, fick %d", p.FromYear, p.ToYear)
	case p.Status != PlanDraft && p.Status != PlanAdopted:
		return Errorf(EINVALID, "status", "expected draft or adopted, got %q", "förväntade draft eller adopted, fick %q", p.Status)
	}
	goalIDs, err := uniqueIDs("goals", len(p.Goals), func(i int) int64 { return p.Goals[i].ID })
	if err != nil {
		return err
	}
	for i := range p.Goals {
		g := &p.Goals[i]
		g.Text = strings.TrimSpace(g.Text)
		if g.Horizon != HorizonShort && g.Horizon != HorizonLong {
			return Errorf(EINVALID, FieldIndex("goals", i, "horizon"), "expected short or long, got %q", "förväntade short eller long, fick %q", g.Horizon)
		}
		if g.Text == "" {
			return Errorf(EINVALID, FieldIndex("goals", i, "text"), "the goal needs a text", "målet behöver en text")
		}
	}
	measureIDs, err := uniqueIDs("measures", len(p.Measures), func(i int) int64 { return p.Measures[i].ID })
	if err != nil {
		return err
	}
	for i := range p.Measures {
		m := &p.Measures[i]
		m.Text = strings.TrimSpace(m.Text)
		if m.Text == "" {
			return Errorf(EINVALID, FieldIndex("measures", i, "text"), "the measure needs a text", "åtgärden behöver en text")
		}
		if !m.TargetGroup.Valid() {
			return Errorf(EINVALID, FieldIndex("measures", i, "target_group"), "expected barn_och_unga, vuxna, aldre or alla, got %q",
				"förväntade barn_och_unga, vuxna, aldre eller alla, fick %q", m.TargetGroup)
		}
		if m.GoalIndex, err = resolve(FieldIndex("measures", i, "goal"), "goal", svNoun{"inget mål", "målet"}, m.GoalIndex, m.GoalID, goalIDs, len(p.Goals)); err != nil {
			return err
		}
	}
	indicatorIDs, err := uniqueIDs("indicators", len(p.Indicators), func(i int) int64 { return p.Indicators[i].ID })
	if err != nil {
		return err
	}
	for i := range p.Indicators {
		in := &p.Indicators[i]
		in.Name, in.Unit, in.KoladaKPI = strings.TrimSpace(in.Name), strings.TrimSpace(in.Unit), strings.ToUpper(strings.TrimSpace(in.KoladaKPI))
		switch {
		case in.Name == "":
			return Errorf(EINVALID, FieldIndex("indicators", i, "name"), "the indicator needs a name", "indikatorn behöver ett namn")
		case in.KoladaKPI != "" && !koladaKPI.MatchString(in.KoladaKPI):
			return Errorf(EINVALID, FieldIndex("indicators", i, "kolada_kpi"), "%q is not a Kolada key figure id (a letter and five digits, e.g. N17473)",
				"%q är inte ett nyckeltals-id i Kolada (en bokstav och fem siffror, t.ex. N17473)", in.KoladaKPI)
		case !finite(in.Target):
			return Errorf(EINVALID, FieldIndex("indicators", i, "target"), "the target must be a finite number", "målvärdet måste vara ett ändligt tal")
		}
	}
	if _, err := uniqueIDs("follow_ups", len(p.FollowUps), func(i int) int64 { return p.FollowUps[i].ID }); err != nil {
		return err
	}
	seen := map[[3]int]int{} // (year, measure+1, indicator+1) → first follow-up
	for i := range p.FollowUps {
		if err := p.validateFollowUp(i, measureIDs, indicatorIDs, seen); err != nil {
			return err
		}
	}
	return nil
}

func (p *ActionPlan) validateFollowUp(i int, measureIDs, indicatorIDs map[int64]int, seen map[[3]int]int) error {
	fu := &p.FollowUps[i]
	fu.Comment = strings.TrimSpace(fu.Comment)
	field := func(f string) string { return FieldIndex("follow_ups", i, f) }
	if fu.Year < p.FromYear || fu.Year > p.ToYear {
		return Errorf(EINVALID, field("year"), "the year must be within the plan's years %d–%d, got %d", "året måste ligga inom planens år %d–%d, fick %d", p.FromYear, p.ToYear, fu.Year)
	}
	switch fu.Status {
	case FollowUpNotStarted, FollowUpOngoing, FollowUpDone, FollowUpDelayed:
	default:
		return Errorf(EINVALID, field("status"), "expected not_started, ongoing, done or delayed, got %q",
			"förväntade not_started, ongoing, done eller delayed, fick %q", fu.Status)
	}
	if !finite(fu.Value) {
		return Errorf(EINVALID, field("value"), "the value must be a finite number", "värdet måste vara ett ändligt tal")
	}
	hasMeasure, hasIndicator := fu.MeasureIndex != nil || fu.MeasureID != 0, fu.IndicatorIndex != nil || fu.IndicatorID != 0
	if hasMeasure == hasIndicator {
		return Errorf(EINVALID, field("measure"), "a follow-up is of exactly one measure or one indicator", "en uppföljning gäller exakt en åtgärd eller en indikator")
	}
	var err error
	key := [3]int{fu.Year}
	if hasMeasure {
		if fu.MeasureIndex, err = resolve(field("measure"), "measure", svNoun{"ingen åtgärd", "åtgärden"}, fu.MeasureIndex, fu.MeasureID, measureIDs, len(p.Measures)); err != nil {
			return err
		}
		key[1] = *fu.MeasureIndex + 1
	} else {
		if fu.IndicatorIndex, err = resolve(field("indicator"), "indicator", svNoun{"ingen indikator", "indikatorn"}, fu.IndicatorIndex, fu.IndicatorID, indicatorIDs, len(p.Indicators)); err != nil {
			return err
		}
		key[2] = *fu.IndicatorIndex + 1
	}
	if j, dup := seen[key]; dup {
		return Errorf(EINVALID, field("year"), "follow_ups[%d] already follows up the same thing in %d", "follow_ups[%d] följer redan upp samma sak år %d", j, fu.Year)
	}
	seen[key] = i
	return nil
}

// uniqueIDs maps the ids given in a list of children to their positions,
// refusing an id given twice.
func uniqueIDs(list string, n int, id func(int) int64) (map[int64]int, error) {
	out := make(map[int64]int, n)
	for i := range n {
		v := id(i)
		if v == 0 {
			continue
		}
		if v < 0 {
			return nil, Errorf(EINVALID, FieldIndex(list, i, "id"), "an id is positive", "ett id är positivt")
		}
		if j, dup := out[v]; dup {
			return nil, Errorf(EINVALID, FieldIndex(list, i, "id"), "id %d is also given to %s[%d]", "id %d är också givet till %s[%d]", v, list, j)
		}
		out[v] = i
	}
	return out, nil
}

// svNoun is a child's Swedish name in the two forms the messages need:
// with "no" ("ingen åtgärd") and definite ("åtgärden").
type svNoun struct{ none, definite string }

// resolve turns a required reference by index or id into an index; field is
// the reference's name without its "_index"/"_id" suffix.
func resolve(field, what string, sv svNoun, index *int, id int64, ids map[int64]int, n int) (*int, error) {
	switch {
	case index != nil:
		if *index < 0 || *index >= n {
			return nil, Errorf(EINVALID, field+"_index", "no %[1]s at index %[2]d (the plan has %[3]d)", "%[4]s på index %[2]d (planen har %[3]d)", what, *index, n, sv.none)
		}
		return index, nil
	case id != 0:
		i, ok := ids[id]
		if !ok {
			return nil, Errorf(EINVALID, field+"_id", "no %[1]s with id %[2]d in the plan", "%[3]s med id %[2]d i planen", what, id, sv.none)
		}
		return &i, nil
	}
	return nil, Errorf(EINVALID, field+"_index", "the %[1]s is required", "%[2]s krävs", what, sv.definite)
}

func finite(f *float64) bool { return f == nil || !(math.IsNaN(*f) || math.IsInf(*f, 0)) }
