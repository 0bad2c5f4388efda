package main

import (
	"context"
	"errors"
)

// runImportPopulation imports an SCB population table (not yet built).
func runImportPopulation(ctx context.Context, args []string, e env) error {
	return errors.New("import population: not yet available")
}
