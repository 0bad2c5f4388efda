package main

import (
	"context"
	"errors"
)

// runImportKolada imports Kolada key figure values (not yet built).
func runImportKolada(ctx context.Context, args []string, e env) error {
	return errors.New("import kolada: not yet available")
}
