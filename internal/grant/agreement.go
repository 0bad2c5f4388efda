package grant

import (
	"strings"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/money"
)

// Agreement is a yearly överenskommelse: a total split into earmarked pots.
type Agreement struct {
	ID           int64        `json:"id"`
	Year         int          `json:"year"`
	Title        string       `json:"title"`
	Dnr          string       `json:"dnr"` // diary number, e.g. "S2017/00341/FS"
	Parties      []string     `json:"parties"`
	Total        money.Amount `json:"total"`
	DecisionDate Date         `json:"decision_date,omitempty"`
	Version      int64        `json:"version"`
}

// Validate checks an agreement's own fields.
func (a *Agreement) Validate() error {
	a.Title, a.Dnr = strings.TrimSpace(a.Title), strings.TrimSpace(a.Dnr)
	switch {
	case a.Year < 2000 || a.Year > 2100:
		return Errorf(EINVALID, "year", "expected a year between 2000 and 2100, got %d", "förväntade ett år mellan 2000 och 2100, fick %d", a.Year)
	case a.Title == "":
		return Errorf(EINVALID, "title", "a title is required", "rubrik krävs")
	case a.Total <= 0:
		return Errorf(EINVALID, "total", "the total must be positive", "totalbeloppet måste vara positivt")
	}
	if _, err := ParseDate("decision_date", string(a.DecisionDate)); err != nil {
		return err
	}
	return nil
}

// ConditionKind names what a recipient must hand in to keep the money.
type ConditionKind string

// The kinds of condition in the agreements.
const (
	CondAnalysis   ConditionKind = "analysis"    // analys
	CondActionPlan ConditionKind = "action_plan" // handlingsplan
	CondReport     ConditionKind = "report"      // redovisning
	CondOther      ConditionKind = "other"
)

// Condition is a requirement of a pot with its due date; it applies to
// every recipient of the pot.
type Condition struct {
	ID      int64         `json:"id"`
	Kind    ConditionKind `json:"kind"`
	Title   string        `json:"title"`
	DueDate Date          `json:"due_date"`
}

// Bound is a floor and/or cap for one recipient of a pot.
type Bound struct {
	Code  string       `json:"code"`
	Floor money.Amount `json:"floor,omitempty"`
	Cap   money.Amount `json:"cap,omitempty"`
}

// Pot is an earmarked part of an agreement (delpost) and how it is split.
type Pot struct {
	ID          int64        `json:"id"`
	AgreementID int64        `json:"agreement_id"`
	Name        string       `json:"name"`
	Purpose     string       `json:"purpose"` // completes "Stimulansmedel för …" on requisitions
	Amount      money.Amount `json:"amount"`
	// Recipients: who shares the pot (see RecipientSet). Empty for a pot
	// that is not split by formula (e.g. money SKR keeps).
	Recipients          RecipientSet        `json:"recipients"`
	Key                 allocate.KeyKind    `json:"key"`
	PopulationTableID   int64               `json:"population_table_id,omitempty"`
	Ages                string              `json:"ages,omitempty"` // "13-25"
	Sex                 string              `json:"sex,omitempty"`
	ReferenceDate       Date                `json:"reference_date,omitempty"`
	Unit                money.Amount        `json:"unit"`
	Bounds              []Bound             `json:"bounds,omitempty"`
	SetAsides           []allocate.SetAside `json:"set_asides,omitempty"`
	RequisitionDeadline Date                `json:"requisition_deadline,omitempty"`
	UseBy               Date                `json:"use_by,omitempty"`
	ReportDue           Date                `json:"report_due,omitempty"`
	Conditions          []Condition         `json:"conditions,omitempty"`
	Version             int64               `json:"version"`
}

// Validate checks a pot's own fields and fills defaults.
func (p *Pot) Validate() error {
	p.Name, p.Purpose = strings.TrimSpace(p.Name), strings.TrimSpace(p.Purpose)
	if p.Unit == 0 {
		p.Unit = money.Krona
	}
	if p.Key == "" {
		p.Key = allocate.KeyPopulation
	}
	switch {
	case p.Name == "":
		return Errorf(EINVALID, "name", "a name is required", "namn krävs")
	case p.Amount <= 0:
		return Errorf(EINVALID, "amount", "the amount must be positive", "beloppet måste vara positivt")
	case p.Unit < 0 || p.Amount%p.Unit != 0:
		return Errorf(EINVALID, "unit", "the amount %s is not a whole number of rounding units %s", "beloppet %s är inte ett helt antal avrundningsenheter %s", p.Amount, p.Unit)
	}
	switch p.Key {
	case allocate.KeyPopulation, allocate.KeyEqual:
	default:
		return Errorf(EINVALID, "key", "expected population or equal for a pot, got %q", "förväntade population eller equal för en pott, fick %q", p.Key)
	}
	for _, d := range []struct {
		field string
		v     Date
	}{{"reference_date", p.ReferenceDate}, {"requisition_deadline", p.RequisitionDeadline}, {"use_by", p.UseBy}, {"report_due", p.ReportDue}} {
		if _, err := ParseDate(d.field, string(d.v)); err != nil {
			return err
		}
	}
	for i := range p.Conditions {
		c := &p.Conditions[i]
		c.Title = strings.TrimSpace(c.Title)
		switch c.Kind {
		case CondAnalysis, CondActionPlan, CondReport, CondOther:
		default:
			return Errorf(EINVALID, FieldIndex("conditions", i, "kind"), "unknown condition kind %q", "okänd villkorstyp %q", c.Kind)
		}
		if c.DueDate == "" {
			return Errorf(EINVALID, FieldIndex("conditions", i, "due_date"), "a due date is required", "sista datum krävs")
		}
		if _, err := ParseDate(FieldIndex("conditions", i, "due_date"), string(c.DueDate)); err != nil {
			return err
		}
	}
	return nil
}

// RequisitionText is the reference a recipient writes on its invoice.
func (p *Pot) RequisitionText(a *Agreement) string {
	return "Stimulansmedel för " + p.Purpose + ", dnr " + a.Dnr
}
