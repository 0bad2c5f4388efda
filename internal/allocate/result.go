package allocate

import "github.com/anslag/anslag/internal/money"

// LineKind tells a recipient's own line from a pooled set-aside line.
type LineKind string

// The kinds of line.
const (
	KindRecipient LineKind = "recipient"
	KindSetAside  LineKind = "set_aside"
)

// Bound tells whether a floor or cap, rather than the key, fixed a line.
type Bound string

// The bounds a line can be held at.
const (
	Unbound    Bound = ""
	AtFloor    Bound = "floor"
	AtCap      Bound = "cap"
	ZeroWeight Bound = "zero_weight" // weight 0 and no floor: the line gets nothing
)

// Quota is an exact number of rounding units: Whole + Remainder/Denominator.
type Quota struct {
	Whole       uint64 `json:"whole_units"`
	Remainder   uint64 `json:"remainder"`
	Denominator uint64 `json:"denominator"`
}

// Line is one recipient's amount and the full account of how it was reached.
type Line struct {
	Code   string   `json:"code"`
	Name   string   `json:"name,omitempty"`
	County string   `json:"county,omitempty"`
	Kind   LineKind `json:"kind"`

	Weight      uint64 `json:"weight"`
	TotalWeight uint64 `json:"total_weight"` // weight of all lines that shared proportionally
	// Quota is the exact share of the proportionally shared part of the pot,
	// in rounding units. For a line held at a bound it is the share the key
	// alone would have given, which is what the bound overrode.
	Quota     Quota        `json:"exact_share"`
	Floor     money.Amount `json:"floor,omitempty"`
	Cap       money.Amount `json:"cap,omitempty"`
	Bound     Bound        `json:"bound,omitempty"`
	Rank      int          `json:"remainder_rank,omitempty"` // 1 = largest remainder; 0 for a bound line
	ExtraUnit bool         `json:"extra_unit"`               // received one unit more than its whole quota
	Allocated money.Amount `json:"allocated"`                // before set-aside
	SetAside  money.Amount `json:"set_aside"`                // given up to a joint line
	Amount    money.Amount `json:"amount"`                   // final
	// Contributors counts the lines that paid into a set-aside line.
	Contributors int `json:"contributors,omitempty"`
}

// Result is a complete run: its inputs in brief, every line, and totals.
type Result struct {
	Method      string       `json:"method"`
	Key         Key          `json:"key"`
	Pot         money.Amount `json:"pot"`
	Unit        money.Amount `json:"unit"`
	TotalWeight uint64       `json:"total_weight"`
	// Shared is the part of the pot split by the key after bound lines took
	// their floors or caps; SharedWeight is the weight of the lines that split it.
	Shared       money.Amount `json:"shared"`
	SharedWeight uint64       `json:"shared_weight"`
	Leftover     uint64       `json:"leftover_units"` // units handed out by largest remainder
	Rounds       int          `json:"bound_rounds"`   // water-filling rounds that pinned a bound
	SetAsides    []SetAside   `json:"set_asides,omitempty"`
	Lines        []Line       `json:"lines"`
	Total        money.Amount `json:"total"`
}
