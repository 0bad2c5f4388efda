package api

import (
	"net/http"
	"slices"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
)

// AllocationKey says which distribution key a split used.
type AllocationKey struct {
	Kind          string `json:"kind" jsonschema:"enum=population,enum=equal,enum=weights,enum=fixed"`
	Description   string `json:"description,omitempty" jsonschema:"description=The population counted\\, e.g. ålder 13–25"`
	ReferenceDate string `json:"reference_date,omitempty" jsonschema:"format=date"`
	Source        string `json:"source,omitempty" jsonschema:"description=The population table the weights came from"`
}

// ExactShare is a line's exact share in rounding units:
// whole_units + remainder/denominator.
type ExactShare struct {
	WholeUnits  uint64 `json:"whole_units"`
	Remainder   uint64 `json:"remainder"`
	Denominator uint64 `json:"denominator"`
}

// AllocationLine is one line of a split with the full account of its amount.
type AllocationLine struct {
	Code         string     `json:"code"`
	Name         string     `json:"name,omitempty"`
	County       string     `json:"county,omitempty"`
	Kind         string     `json:"kind" jsonschema:"enum=recipient,enum=set_aside,description=A recipient's own line or a county-joint set-aside line"`
	Weight       uint64     `json:"weight" jsonschema:"description=The recipient's weight under the key (inhabitants for a population key)"`
	ExactShare   ExactShare `json:"exact_share" jsonschema:"description=For a line held at a bound: the share the key alone would have given"`
	Rank         int32      `json:"remainder_rank,omitzero" jsonschema:"description=1 for the largest remainder; absent for a line held at a bound"`
	ExtraUnit    bool       `json:"extra_unit" jsonschema:"description=The line got one rounding unit more than its whole units"`
	Bound        string     `json:"bound,omitempty" jsonschema:"enum=floor,enum=cap,enum=zero_weight,description=What held the line instead of the key"`
	Floor        *Money     `json:"floor,omitempty"`
	Cap          *Money     `json:"cap,omitempty"`
	Allocated    Money      `json:"allocated" jsonschema:"description=The amount before set-aside"`
	SetAside     Money      `json:"set_aside" jsonschema:"description=The part given up to a county-joint line"`
	Amount       Money      `json:"amount" jsonschema:"description=The final amount"`
	Contributors int32      `json:"contributors,omitzero" jsonschema:"description=For a set-aside line: how many lines paid into it"`
	Why          string     `json:"why,omitempty" jsonschema:"description=The line's amount explained in a sentence\\, in Swedish if the request prefers it (Accept-Language) and otherwise English"`
}

// AllocationPreview is a pot's split computed without storing it.
type AllocationPreview struct {
	PotID         int64            `json:"pot_id"`
	Method        string           `json:"method" jsonschema:"description=The allocation method and its version"`
	Key           AllocationKey    `json:"key"`
	Pot           Money            `json:"pot"`
	Unit          Money            `json:"unit" jsonschema:"description=The rounding unit"`
	TotalWeight   uint64           `json:"total_weight"`
	Shared        Money            `json:"shared" jsonschema:"description=The part of the pot split by the key after bound lines took their floors or caps"`
	SharedWeight  uint64           `json:"shared_weight"`
	LeftoverUnits uint64           `json:"leftover_units" jsonschema:"description=Units handed out by largest remainder"`
	BoundRounds   int              `json:"bound_rounds" jsonschema:"description=Water-filling rounds that pinned a bound"`
	SetAsides     []PotSetAside    `json:"set_asides"`
	Lines         []AllocationLine `json:"lines"`
	Total         Money            `json:"total"`
}

// Run is an allocation run: one stored computation of a pot's split. A
// draft can be recomputed; a decided run is the pot's split for good.
type Run struct {
	ID                int64            `json:"id"`
	PotID             int64            `json:"pot_id"`
	Status            string           `json:"status" jsonschema:"enum=draft,enum=decided"`
	Method            string           `json:"method"`
	Key               AllocationKey    `json:"key"`
	PopulationTableID int64            `json:"population_table_id,omitzero"`
	Pot               Money            `json:"pot" jsonschema:"description=The amount split"`
	Unit              Money            `json:"unit"`
	SetAsides         []PotSetAside    `json:"set_asides"`
	Total             Money            `json:"total"`
	CreatedAt         string           `json:"created_at" jsonschema:"format=date-time"`
	CreatedBy         string           `json:"created_by"`
	DecidedAt         string           `json:"decided_at,omitempty" jsonschema:"format=date-time"`
	DecidedBy         string           `json:"decided_by,omitempty"`
	Version           int64            `json:"version"`
	Lines             []AllocationLine `json:"lines,omitempty" jsonschema:"description=Every line with its explanation; absent in lists"`
}

// RunVerification is the answer of recomputing a run from its stored inputs.
type RunVerification struct {
	Same bool `json:"same" jsonschema:"description=Every line came out exactly as stored"`
}

// lang is the language of explanations for the request.
func lang(r *http.Request) allocate.Lang {
	if PrefersSwedish(r) {
		return allocate.Swedish
	}
	return allocate.English
}

func keyOut(k allocate.Key) AllocationKey {
	return AllocationKey{Kind: string(k.Kind), Description: k.Description, ReferenceDate: k.ReferenceDate, Source: k.Source}
}

// linesOut maps lines; with res (whose lines they are) each gets its why.
func linesOut(l allocate.Lang, lines []allocate.Line, res *allocate.Result) []AllocationLine {
	out := make([]AllocationLine, len(lines))
	for i, ln := range lines {
		out[i] = AllocationLine{Code: ln.Code, Name: ln.Name, County: ln.County, Kind: ln.Kind.String(), Weight: ln.Weight,
			ExactShare: ExactShare{WholeUnits: ln.Quota.Whole, Remainder: ln.Quota.Remainder, Denominator: ln.Quota.Denominator},
			Rank:       ln.Rank, ExtraUnit: ln.ExtraUnit, Bound: ln.Bound.String(), Floor: optMoney(ln.Floor), Cap: optMoney(ln.Cap),
			Allocated: M(ln.Allocated), SetAside: M(ln.SetAside), Amount: M(ln.Amount), Contributors: ln.Contributors}
		if res != nil {
			out[i].Why = res.Why(i, l)
		}
	}
	return out
}

func previewOut(r *http.Request, potID int64, res *allocate.Result) AllocationPreview {
	if res == nil {
		return AllocationPreview{}
	}
	return AllocationPreview{PotID: potID, Method: res.Method, Key: keyOut(res.Key), Pot: M(res.Pot), Unit: M(res.Unit),
		TotalWeight: res.TotalWeight, Shared: M(res.Shared), SharedWeight: res.SharedWeight, LeftoverUnits: res.Leftover,
		BoundRounds: res.Rounds, SetAsides: setAsidesOut(res.SetAsides), Lines: linesOut(lang(r), res.Lines, res), Total: M(res.Total)}
}

// runOut maps a run; withLines adds its lines, explained. The explanations
// need the engine's totals, which a run does not store: they come from
// recomputing its stored inputs, and are left out if that does not give
// the stored lines back (GET /runs/{id}/verify says so too).
func runOut(l allocate.Lang, run grant.AllocationRun, withLines bool) Run {
	in := run.Inputs
	out := Run{ID: run.ID, PotID: run.PotID, Status: string(run.Status), Method: run.Method, Key: keyOut(in.Key),
		PopulationTableID: run.PopulationTableID, Pot: M(in.Pot), Unit: M(in.Unit), SetAsides: setAsidesOut(in.SetAsides),
		Total: M(run.Total), CreatedAt: run.CreatedAt, CreatedBy: run.CreatedBy, DecidedAt: run.DecidedAt, DecidedBy: run.DecidedBy,
		Version: run.Version}
	if withLines {
		lines := run.Lines
		res, err := allocate.Allocate(in)
		if err != nil || res.Method != run.Method || !sameLines(res.Lines, run.Lines) {
			res = nil
		}
		if res != nil {
			out.Unit, out.SetAsides, lines = M(res.Unit), setAsidesOut(res.SetAsides), res.Lines
		}
		out.Lines = linesOut(l, lines, res)
	}
	return out
}

// sameLines compares recomputed lines with stored ones. The store does not
// keep a set-aside line's Contributors, so they are not compared (and are
// shown from the recomputation).
func sameLines(computed, stored []allocate.Line) bool {
	return slices.EqualFunc(computed, stored, func(c, s allocate.Line) bool {
		c.Contributors = s.Contributors
		return c == s
	})
}
