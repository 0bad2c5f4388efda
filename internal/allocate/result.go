package allocate

import (
	"fmt"

	"github.com/anslag/anslag/internal/money"
)

// LineKind tells a recipient's own line from a pooled set-aside line.
type LineKind uint8

// The kinds of line.
const (
	KindRecipient LineKind = iota
	KindSetAside
)

// Bound tells whether a floor or cap, rather than the key, fixed a line.
type Bound uint8

// The bounds a line can be held at.
const (
	Unbound    Bound = iota
	AtFloor          // the floor was above the key's share
	AtCap            // the cap was below the key's share
	ZeroWeight       // weight 0 and no floor: the line gets nothing
)

// Quota is an exact number of rounding units: Whole + Remainder/Denominator.
type Quota struct {
	Whole       uint64 `json:"whole_units"`
	Remainder   uint64 `json:"remainder"`
	Denominator uint64 `json:"denominator"`
}

// Line is one recipient's amount and the full account of how it was reached.
type Line struct {
	Code   string `json:"code"`
	Name   string `json:"name,omitempty"`
	County string `json:"county,omitempty"`
	Weight uint64 `json:"weight"`
	// Quota is the exact share in rounding units of the part of the pot
	// shared by the key; its denominator is the total weight of the lines
	// that shared it. For a line held at a bound it is the share of the
	// whole pot the key alone would have given, which the bound overrode.
	Quota     Quota        `json:"exact_share"`
	Floor     money.Amount `json:"floor,omitempty"`
	Cap       money.Amount `json:"cap,omitempty"`
	Allocated money.Amount `json:"allocated"`                // before set-aside
	SetAside  money.Amount `json:"set_aside"`                // given up to a joint line
	Amount    money.Amount `json:"amount"`                   // final
	Rank      int32        `json:"remainder_rank,omitempty"` // 1 = largest remainder; 0 for a bound line
	// Contributors counts the lines that paid into a set-aside line.
	Contributors int32    `json:"contributors,omitempty"`
	Kind         LineKind `json:"kind"`
	Bound        Bound    `json:"bound,omitempty"`
	ExtraUnit    bool     `json:"extra_unit"` // received one unit more than its whole quota
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

// The names of kinds and bounds, as they appear in JSON and CSV.
func (k LineKind) String() string {
	if k == KindSetAside {
		return "set_aside"
	}
	return "recipient"
}

func (b Bound) String() string {
	switch b {
	case AtFloor:
		return "floor"
	case AtCap:
		return "cap"
	case ZeroWeight:
		return "zero_weight"
	}
	return ""
}

// MarshalText writes the kind's name.
func (k LineKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name.
func (k *LineKind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "recipient":
		*k = KindRecipient
	case "set_aside":
		*k = KindSetAside
	default:
		return fmt.Errorf("unknown line kind %q", b)
	}
	return nil
}

// MarshalText writes the bound's name ("" for none).
func (b Bound) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// UnmarshalText reads a bound's name.
func (b *Bound) UnmarshalText(t []byte) error {
	for _, c := range []Bound{Unbound, AtFloor, AtCap, ZeroWeight} {
		if c.String() == string(t) {
			*b = c
			return nil
		}
	}
	return fmt.Errorf("unknown bound %q", t)
}
