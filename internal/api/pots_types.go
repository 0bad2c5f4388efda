package api

import (
	"errors"
	"fmt"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/population"
)

// PotIn creates or replaces a pot (delpost) of an agreement.
type PotIn struct {
	AgreementID         int64            `json:"agreement_id,omitzero" jsonschema:"description=The agreement the pot belongs to; required when creating. A pot cannot move to another agreement"`
	Name                string           `json:"name"`
	Purpose             string           `json:"purpose,omitempty" jsonschema:"description=Completes Stimulansmedel för … on requisitions"`
	Amount              money.Amount     `json:"amount" jsonschema:"description=The pot in öre; all pots together may not exceed the agreement's total"`
	Recipients          string           `json:"recipients,omitempty" jsonschema:"description=Who shares the pot: comma-separated terms municipalities\\, regions\\, principals\\, county:NN or codes (0780\\, 07). Empty for a pot not split by formula"`
	Key                 string           `json:"key,omitempty" jsonschema:"enum=population,enum=equal,description=The distribution key; default population"`
	PopulationTableID   int64            `json:"population_table_id,omitzero" jsonschema:"description=The population table of a population key"`
	Ages                string           `json:"ages,omitempty" jsonschema:"description=Age band of a population key\\, e.g. 13-25; empty for all ages"`
	Sex                 string           `json:"sex,omitempty" jsonschema:"description=Sex of a population key (män or kvinnor); empty for both"`
	ReferenceDate       grant.Date       `json:"reference_date,omitempty" jsonschema:"description=The reference date the key states; default the table's"`
	Unit                money.Amount     `json:"unit,omitzero" jsonschema:"description=Rounding unit in öre; default 100 (whole kronor). The amount must be a whole number of units"`
	Bounds              []BoundIn        `json:"bounds,omitempty" jsonschema:"description=Floors and caps of single recipients"`
	SetAsides           []SetAsideIn     `json:"set_asides,omitempty" jsonschema:"description=Shares of a county's lines pooled into a county-joint line"`
	RequisitionDeadline grant.Date       `json:"requisition_deadline,omitempty"`
	UseBy               grant.Date       `json:"use_by,omitempty" jsonschema:"description=The money must be used by this date"`
	ReportDue           grant.Date       `json:"report_due,omitempty" jsonschema:"description=The report of use is due on this date"`
	Conditions          []PotConditionIn `json:"conditions,omitempty" jsonschema:"description=What every recipient must hand in. On a change the list replaces the pot's conditions: give the id of one to keep it"`
}

// BoundIn is a floor and/or cap for one recipient, in öre; 0 for none.
type BoundIn struct {
	Code  string       `json:"code" jsonschema:"description=A recipient of the pot"`
	Floor money.Amount `json:"floor,omitzero"`
	Cap   money.Amount `json:"cap,omitzero"`
}

// SetAsideIn pools a share of every line of a county into a joint line.
type SetAsideIn struct {
	County string `json:"county" jsonschema:"description=Two-digit county code\\, e.g. 01"`
	Rate   string `json:"rate" jsonschema:"description=The share as a percentage\\, exact: 4 %\\, 2\\,5 % or 0.5%; at most six decimals,example=4 %"`
	Holder string `json:"holder" jsonschema:"description=Code of the organisation that holds the joint line"`
}

// PotConditionIn is a condition of a pot.
type PotConditionIn struct {
	ID      int64      `json:"id,omitzero" jsonschema:"description=The id of an existing condition\\, to keep it; absent for a new one"`
	Kind    string     `json:"kind" jsonschema:"enum=analysis,enum=action_plan,enum=report,enum=other"`
	Title   string     `json:"title"`
	DueDate grant.Date `json:"due_date"`
}

// EarmarkedPot is a pot (delpost) as the API shows it.
type EarmarkedPot struct {
	ID                  int64          `json:"id"`
	AgreementID         int64          `json:"agreement_id"`
	Name                string         `json:"name"`
	Purpose             string         `json:"purpose"`
	Amount              Money          `json:"amount"`
	Recipients          string         `json:"recipients"`
	Key                 string         `json:"key" jsonschema:"enum=population,enum=equal"`
	PopulationTableID   int64          `json:"population_table_id,omitzero"`
	Ages                string         `json:"ages,omitempty"`
	Sex                 string         `json:"sex,omitempty"`
	ReferenceDate       grant.Date     `json:"reference_date,omitempty"`
	Unit                Money          `json:"unit"`
	Bounds              []PotBound     `json:"bounds"`
	SetAsides           []PotSetAside  `json:"set_asides"`
	RequisitionDeadline grant.Date     `json:"requisition_deadline,omitempty"`
	UseBy               grant.Date     `json:"use_by,omitempty"`
	ReportDue           grant.Date     `json:"report_due,omitempty"`
	Conditions          []PotCondition `json:"conditions"`
	Version             int64          `json:"version"`
}

// PotBound is a recipient's floor and/or cap.
type PotBound struct {
	Code  string `json:"code"`
	Floor *Money `json:"floor,omitempty"`
	Cap   *Money `json:"cap,omitempty"`
}

// PotSetAside is a county's set-aside: the rate as a percentage and as the
// exact fraction rate_num/rate_den that the computation uses.
type PotSetAside struct {
	County     string `json:"county"`
	Rate       string `json:"rate" jsonschema:"example=4 %"`
	RateNum    uint64 `json:"rate_num"`
	RateDen    uint64 `json:"rate_den"`
	Holder     string `json:"holder"`
	HolderName string `json:"holder_name,omitempty"`
}

// PotCondition is a condition of a pot with its id.
type PotCondition struct {
	ID      int64      `json:"id"`
	Kind    string     `json:"kind" jsonschema:"enum=analysis,enum=action_plan,enum=report,enum=other"`
	Title   string     `json:"title"`
	DueDate grant.Date `json:"due_date"`
}

// pot turns the request into the domain's pot; a rate that is not a
// percentage is EINVALID naming it.
func (in PotIn) pot() (grant.Pot, error) {
	p := grant.Pot{AgreementID: in.AgreementID, Name: in.Name, Purpose: in.Purpose, Amount: in.Amount,
		Recipients: grant.RecipientSet(in.Recipients), Key: allocate.KeyKind(in.Key), PopulationTableID: in.PopulationTableID,
		Ages: in.Ages, Sex: in.Sex, ReferenceDate: in.ReferenceDate, Unit: in.Unit,
		RequisitionDeadline: in.RequisitionDeadline, UseBy: in.UseBy, ReportDue: in.ReportDue}
	// The app checks ages and sex only when the pot is split; check them now.
	if _, err := population.ParseFilter(in.Ages, in.Sex); err != nil {
		field, sv := "ages", err.Error()
		if pe, ok := errors.AsType[*population.Error](err); ok {
			if pe.Field == "sex" {
				field = "sex"
			}
			sv = pe.Swedish()
		}
		return p, invalid(field, err.Error(), sv)
	}
	for _, b := range in.Bounds {
		p.Bounds = append(p.Bounds, grant.Bound{Code: b.Code, Floor: b.Floor, Cap: b.Cap})
	}
	for i, sa := range in.SetAsides {
		rate, err := allocate.ParseRate(sa.Rate)
		if err != nil {
			return p, invalid(grant.FieldIndex("set_asides", i, "rate"), err.Error(),
				fmt.Sprintf("andelen %q: förväntade en procentsats som 4 %% eller 2,5 %%, högst 100 %% och med högst sex decimaler", sa.Rate))
		}
		p.SetAsides = append(p.SetAsides, allocate.SetAside{County: sa.County, Rate: rate, Holder: sa.Holder})
	}
	for _, c := range in.Conditions {
		p.Conditions = append(p.Conditions, grant.Condition{ID: c.ID, Kind: grant.ConditionKind(c.Kind), Title: c.Title, DueDate: c.DueDate})
	}
	return p, nil
}

func potOut(p grant.Pot) EarmarkedPot {
	out := EarmarkedPot{ID: p.ID, AgreementID: p.AgreementID, Name: p.Name, Purpose: p.Purpose, Amount: M(p.Amount),
		Recipients: string(p.Recipients), Key: string(p.Key), PopulationTableID: p.PopulationTableID, Ages: p.Ages, Sex: p.Sex,
		ReferenceDate: p.ReferenceDate, Unit: M(p.Unit), Bounds: []PotBound{}, SetAsides: setAsidesOut(p.SetAsides),
		RequisitionDeadline: p.RequisitionDeadline, UseBy: p.UseBy, ReportDue: p.ReportDue, Conditions: []PotCondition{}, Version: p.Version}
	for _, b := range p.Bounds {
		out.Bounds = append(out.Bounds, PotBound{Code: b.Code, Floor: optMoney(b.Floor), Cap: optMoney(b.Cap)})
	}
	for _, c := range p.Conditions {
		out.Conditions = append(out.Conditions, PotCondition{ID: c.ID, Kind: string(c.Kind), Title: c.Title, DueDate: c.DueDate})
	}
	return out
}

func setAsidesOut(sas []allocate.SetAside) []PotSetAside {
	out := make([]PotSetAside, len(sas))
	for i, sa := range sas {
		out[i] = PotSetAside{County: sa.County, Rate: sa.Rate.String(), RateNum: sa.Rate.Num, RateDen: sa.Rate.Den,
			Holder: sa.Holder, HolderName: sa.HolderName}
	}
	return out
}

// optMoney is nil for zero: a bound that is not set.
func optMoney(a money.Amount) *Money {
	if a == 0 {
		return nil
	}
	m := M(a)
	return &m
}
