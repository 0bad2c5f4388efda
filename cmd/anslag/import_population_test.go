package main

import (
	"bufio"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/importer/scbtest"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

const scbFixtures = "../../internal/importer/testdata/scb/"

func TestImportPopulation(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	steps := []struct {
		name, stdin string
		args        []string
		code        int
		out, errOut string // substrings expected
	}{
		{"several years, none chosen", "", []string{"--db", db, scbFixtures + "kronoberg_comma_utf8.csv"}, 1, "",
			`year "2017, 2019": the file has several years; choose one of them or all`},
		{"all years", "", []string{"--db", db, "--year", "all", scbFixtures + "kronoberg_comma_utf8.csv"}, 0,
			`imported population table 2 "SCB folkmängd 2019" (2019-12-31): 9 rows, 201469 people`, ""},
		{"one year from stdin, own date and name", readFile(t, scbFixtures+"kronoberg_tab_cp1252.csv"),
			[]string{"--db", db, "--name", "Kronoberg", "--reference-date", "2019-11-01", "--example", "-"}, 0,
			`imported population table 3 "Kronoberg" (2019-11-01): 8 rows, 201469 people`, ""},
		{"JSON-stat, by age and sex", "", []string{"--db", db, "--year", "2019", scbFixtures + "vaxjo_ljungby.jsonstat2.json"}, 0,
			`"SCB folkmängd 2019" (2019-12-31): 12 rows`, ""},
		{"bad row", "region;2019\n0780;94129\n0781;..\n", []string{"--db", db, "-"}, 1, "",
			`anslag: file: SCB: line 3: 2019 "..": the figure is missing`},
		{"no file", "", []string{"--db", db}, 2, "", "needs one FILE"},
		{"missing file", "", []string{"--db", db, "nowhere.csv"}, 1, "", "no such file"},
	}
	for _, s := range steps {
		code, out, errOut := anslag(t, s.stdin, append([]string{"import", "population"}, s.args...)...)
		if code != s.code || !strings.Contains(out, s.out) || !strings.Contains(errOut, s.errOut) {
			t.Fatalf("%s: exit %d, out %q, err %q", s.name, code, out, errOut)
		}
		if code != 0 && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%s: error is not one line: %q", s.name, errOut)
		}
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// killChildEnv makes the test binary run one import and nothing else.
const killChildEnv = "ANSLAG_TEST_IMPORT_CHILD"

func TestMain(m *testing.M) {
	if args := os.Getenv(killChildEnv); args != "" {
		os.Exit(run(context.Background(), strings.Split(args, "\x1f"),
			env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: func(string) string { return "" }}))
	}
	os.Exit(m.Run())
}

// TestImportPopulationKilled kills a real import with SIGKILL once it has
// written its first batches and proves the database is as before: no
// table, no rows, and (SQLite) an intact file.
func TestImportPopulationKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large file")
	}
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scbtest.WriteCSV(f, reg, 2000, 20); err != nil { // 1.2 M cells
		t.Fatal(err)
	}
	f.Close()
	for _, e := range []struct {
		name string
		open func(testing.TB) (string, *store.DB)
	}{{"sqlite", storetest.SQLitePath}, {"postgres", storetest.PostgresURL}} {
		t.Run(e.name, func(t *testing.T) {
			url, db := e.open(t)
			db.Close() // the child must be the only writer
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), killChildEnv+"="+strings.Join([]string{"import", "population", "--db", url, "--year", "all", "--progress", file}, "\x1f"))
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			started := make(chan bool, 1)
			go func() {
				sc := bufio.NewScanner(stderr)
				sc.Split(scanCR)
				for sc.Scan() {
					if strings.Contains(sc.Text(), "importing:") {
						started <- true
						break
					}
				}
				started <- false
			}()
			select {
			case ok := <-started:
				if !ok {
					t.Fatal("the import ended without reporting progress")
				}
			case <-time.After(2 * time.Minute):
				t.Fatal("no progress within two minutes")
			}
			cmd.Process.Kill() // SIGKILL: no deferred rollback runs
			cmd.Wait()
			driver := "sqlite"
			if store.IsPostgres(url) {
				driver = "pgx"
			}
			raw, err := sql.Open(driver, url)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			var tables, rows int
			if err := raw.QueryRow(`SELECT (SELECT COUNT(*) FROM population_tables), (SELECT COUNT(*) FROM population_rows)`).Scan(&tables, &rows); err != nil {
				t.Fatal(err)
			}
			if tables != 0 || rows != 0 {
				t.Errorf("after the kill: %d tables, %d rows; want none", tables, rows)
			}
			if driver == "sqlite" {
				var check string
				if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
					t.Errorf("integrity_check: %q %v", check, err)
				}
			}
		})
	}
}

// scanCR splits progress output, which rewrites its line with \r.
func scanCR(data []byte, atEOF bool) (int, []byte, error) {
	for i, b := range data {
		if b == '\r' || b == '\n' {
			return i + 1, data[:i], nil
		}
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
