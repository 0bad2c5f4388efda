package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// runImportPopulation stores a population file as downloaded from SCB's
// Statistikdatabasen (PxWeb CSV or JSON-stat 2.0), unedited.
func runImportPopulation(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("import population", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: anslag import population [--db FILE|URL] [--year Y|all] [--name N] [--source S] [--reference-date D] [--example] [--progress] FILE|-")
		fs.PrintDefaults()
	}
	var d dbFlags
	d.register(fs, e)
	year := fs.String("year", "", `the year column to import, e.g. 2016 or 2016M10; "all" imports each as its own table (default: the only one)`)
	name := fs.String("name", "", `the table's name (default "SCB folkmängd YEAR"; with --year all the year is appended)`)
	source := fs.String("source", "", "where the figures come from (default: the file name)")
	refDate := fs.String("reference-date", "", "the day the table counts (default: 31 December of the year, the last day of a month)")
	example := fs.Bool("example", false, "mark the figures as synthetic or an example")
	progress := fs.Bool("progress", false, "report progress on stderr even when it is not a terminal")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return usageError{"import population needs one FILE (or - for standard input)"}
	}
	in := app.SCBImport{Name: *name, Source: *source, Year: *year, ReferenceDate: grant.Date(*refDate), IsExample: *example}
	var r io.Reader = e.stdin
	if path := fs.Arg(0); path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			in.Size = st.Size()
		}
		r = f
		if in.Source == "" {
			in.Source = path
		}
	}
	if *progress || isTerminal(e.stderr) {
		in.Progress = progressReporter(e.stderr, time.Now)
	}
	db, svc, _, err := openService(ctx, d.url, false, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer db.Close()
	tables, err := svc.ImportSCB(app.WithActor(ctx, app.Operator("cli")), in, r)
	if in.Progress != nil {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		return err
	}
	for _, t := range tables {
		fmt.Fprintf(e.stdout, "imported population table %d %q (%s): %d rows, %d people\n", t.ID, t.Name, t.ReferenceDate, t.Rows, t.Total)
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressReporter writes "importing: 42%" at most five times a second.
func progressReporter(w io.Writer, now func() time.Time) func(read, size int64) {
	var mu sync.Mutex
	var last time.Time
	return func(read, size int64) {
		mu.Lock()
		defer mu.Unlock()
		if t := now(); t.Sub(last) >= 200*time.Millisecond {
			last = t
			if size > 0 {
				fmt.Fprintf(w, "\rimporting: %3d%% of %.1f MB", read*100/size, float64(size)/1e6)
			} else {
				fmt.Fprintf(w, "\rimporting: %.1f MB read", float64(read)/1e6)
			}
		}
	}
}
