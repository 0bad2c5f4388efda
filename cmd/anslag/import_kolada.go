package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/importer"
)

const importKoladaUsage = `Usage:
  anslag import kolada [--db FILE|URL] FILE...
Each FILE is an answer saved from Kolada's API (v2 or v3): one page, or a
JSON array of pages. Give every page of a paginated answer; the import is
all or nothing, and values imported before are updated. See docs/kolada.md.`

// runImportKolada imports Kolada key figure values and prints a one-line
// summary.
func runImportKolada(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("import kolada", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprintln(e.stderr, importKoladaUsage); fs.PrintDefaults() }
	var db dbFlags
	db.register(fs, e)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() == 0 {
		return usageError{"import kolada: expected one or more files\n" + importKoladaUsage}
	}
	var files []importer.KoladaFile
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import kolada: %w", err)
		}
		defer f.Close()
		files = append(files, importer.KoladaFile{Name: name, R: f})
	}
	return withService(ctx, db.url, e, func(ctx context.Context, svc *app.Service) error {
		im, err := svc.ImportKolada(ctx, files)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "imported %d values: %d key figures, %d organisations, %d periods from %d pages (import %d)\n",
			im.Values, im.KPIs, im.Organisations, im.Periods, im.Pages, im.ID)
		if im.Incomplete {
			fmt.Fprintln(e.stderr, "warning: every page names a next page; the last page of Kolada's answer was not given")
		}
		return nil
	})
}
