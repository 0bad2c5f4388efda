package app

// LocalRepo stores sub-allocations, initiatives and action plans.
type LocalRepo interface{}
