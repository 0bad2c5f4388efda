package api

import "github.com/anslag/anslag/internal/money"

// Money is an amount in a response: exact öre for programs and the Swedish
// written form for people, so that no client formats (or rounds) amounts on
// its own. Requests carry plain integer öre instead.
type Money struct {
	Ore       int64  `json:"ore" jsonschema:"description=The amount in öre (1 kr = 100 öre); exact"`
	Formatted string `json:"formatted" jsonschema:"description=The amount as Swedish people write it,example=13 410 000 kr"`
}

// M returns a as Money.
func M(a money.Amount) Money { return Money{Ore: a.Ore(), Formatted: a.String()} }
