package app_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/importer/scbtest"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store/storetest"
)

// BenchmarkImportSCB imports a generated PxWeb CSV of 290 municipalities ×
// 101 ages × 2 sexes × 50 years (2 929 000 cells, --year all) into SQLite,
// and in the same run loads the same cells in long format with the sqlite3
// shell's .import into an equivalent table, reporting the ratio.
//
//	go test -run '^$' -bench ImportSCB -benchtime 1x ./internal/app/
func BenchmarkImportSCB(b *testing.B) {
	reg, err := refdata.Load()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	wide := filepath.Join(dir, "scb.csv")
	f, err := os.Create(wide)
	if err != nil {
		b.Fatal(err)
	}
	years := 50
	if n, err := strconv.Atoi(os.Getenv("ANSLAG_BENCH_YEARS")); err == nil && n > 0 {
		years = n // a smaller file, for profiling
	}
	cells, err := scbtest.WriteCSV(f, reg, 1970, years)
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	var ours time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		db := storetest.OpenSQLite(b)
		svc := app.New(app.Config{Store: db, Register: reg})
		ctx := app.WithActor(context.Background(), app.Operator("bench"))
		fh, err := os.Open(wide)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		tables, err := svc.ImportSCB(ctx, app.SCBImport{Year: "all"}, fh)
		ours += time.Since(start)
		b.StopTimer()
		fh.Close()
		if err != nil || len(tables) != years || tables[0].Rows*years != cells {
			b.Fatalf("%d tables, %v", len(tables), err)
		}
		db.Close()
		b.StartTimer()
	}
	ours /= time.Duration(b.N)
	b.ReportMetric(float64(cells)/ours.Seconds(), "cells/s")

	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Logf("\n*** SKIPPING the comparison with the sqlite3 shell: %v ***", err)
		return
	}
	long := filepath.Join(dir, "long.csv")
	if f, err = os.Create(long); err != nil {
		b.Fatal(err)
	}
	if err := scbtest.WriteLongCSV(f, reg, years); err != nil {
		b.Fatal(err)
	}
	f.Close()
	target := filepath.Join(dir, "shell.db")
	script := fmt.Sprintf(`PRAGMA journal_mode=WAL;
CREATE TABLE population_rows (table_id BIGINT NOT NULL, code TEXT NOT NULL, age INTEGER NOT NULL DEFAULT -1, sex INTEGER NOT NULL DEFAULT 0,
	count BIGINT NOT NULL CHECK (count >= 0), PRIMARY KEY (table_id, code, age, sex)) WITHOUT ROWID;
.mode csv
.import %s population_rows
`, long)
	cmd := exec.Command(shell, target)
	cmd.Stdin = strings.NewReader(script)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("sqlite3: %v: %s", err, out)
	}
	theirs := time.Since(start)
	b.ReportMetric(ours.Seconds(), "s/import")
	b.ReportMetric(theirs.Seconds(), "s/sqlite3-import")
	b.ReportMetric(ours.Seconds()/theirs.Seconds(), "ratio")
	b.Logf("anslag import %.2f s, sqlite3 .import %.2f s, ratio %.2f (target ≤ 1.5)", ours.Seconds(), theirs.Seconds(), ours.Seconds()/theirs.Seconds())
}
