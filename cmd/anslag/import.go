package main

import (
	"context"
	"fmt"
)

const importUsage = `Usage:
  anslag import population [flags] FILE   SCB population table (PxWeb CSV or JSON-stat2)
  anslag import kolada [flags] FILE...    Kolada key figure values (API JSON pages)
`

// runImport dispatches "anslag import KIND"; each kind lives in a file of its own.
func runImport(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, importUsage)
		return usageError{"import needs a kind: population or kolada"}
	}
	switch args[0] {
	case "population":
		return runImportPopulation(ctx, args[1:], e)
	case "kolada":
		return runImportKolada(ctx, args[1:], e)
	}
	return usageError{fmt.Sprintf("import %q: expected population or kolada", args[0])}
}
