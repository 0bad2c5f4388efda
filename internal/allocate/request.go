package allocate

import (
	"github.com/anslag/anslag/internal/money"
)

// KeyKind names how weights were obtained.
type KeyKind string

// The distribution keys.
const (
	KeyPopulation KeyKind = "population" // inhabitants in chosen age bands and sexes on a reference date
	KeyEqual      KeyKind = "equal"      // every recipient weight 1
	KeyWeights    KeyKind = "weights"    // explicit weights given by the user
	KeyFixed      KeyKind = "fixed"      // every recipient's amount given; they must sum to the pot
)

// Key describes the distribution key so that a run can say what it used.
type Key struct {
	Kind          KeyKind `json:"kind"`
	Description   string  `json:"description,omitempty"`    // "befolkning 31 dec 2017, ålder 13–25"
	ReferenceDate string  `json:"reference_date,omitempty"` // 2016-11-01
	Source        string  `json:"source,omitempty"`         // the table the weights came from
}

// Recipient is one organisation that shares the pot.
type Recipient struct {
	Code   string `json:"code"` // the tie-break key: SCB code or other organisation code
	Name   string `json:"name,omitempty"`
	County string `json:"county,omitempty"` // two-digit county code, for set-asides
	// Weight is the recipient's weight under the key. For KeyFixed it is the
	// fixed amount in öre; for KeyEqual it is ignored.
	Weight uint64       `json:"weight"`
	Floor  money.Amount `json:"floor,omitempty"` // least amount; 0 for none
	Cap    money.Amount `json:"cap,omitempty"`   // greatest amount; 0 for none (exclude a recipient with weight 0 instead)
}

// Rate is an exact fraction Num/Den, such as 4 % = 4/100.
type Rate struct {
	Num uint64 `json:"num"`
	Den uint64 `json:"den"`
}

// SetAside pools a share of every line in a county into a joint line held by
// a designated organisation (Stockholm county: 4 % to a county-joint pot).
type SetAside struct {
	County     string `json:"county"`
	Rate       Rate   `json:"rate"`
	Holder     string `json:"holder"` // code of the organisation that holds the joint line
	HolderName string `json:"holder_name,omitempty"`
}

// Request is everything a run depends on. The same Request always yields
// byte-identical output.
type Request struct {
	Pot        money.Amount `json:"pot"`
	Unit       money.Amount `json:"unit"` // rounding unit in öre; 0 means whole kronor
	Key        Key          `json:"key"`
	Recipients []Recipient  `json:"recipients"`
	SetAsides  []SetAside   `json:"set_asides,omitempty"`
}
