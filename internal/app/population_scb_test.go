package app_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer/scbtest"
	"github.com/anslag/anslag/internal/refdata"
)

// An SCB download with two year columns becomes two tables with SCB's
// reference dates, and the stored rows give the same sums as the file.
func TestImportSCB(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		fh, err := os.Open("../importer/testdata/scb/kronoberg_comma_utf8.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		got, err := f.svc.ImportSCB(f.ctx, app.SCBImport{Year: "all", Source: "kronoberg_comma_utf8.csv"}, fh)
		if err != nil {
			t.Fatal(err)
		}
		want := []grant.PopulationTable{
			{Name: "SCB folkmängd 2017", ReferenceDate: "2017-12-31", Rows: 9, Total: 197_519},
			{Name: "SCB folkmängd 2019", ReferenceDate: "2019-12-31", Rows: 9, Total: 201_469},
		}
		if len(got) != len(want) {
			t.Fatalf("%d tables, want 2", len(got))
		}
		for i, w := range want {
			g := got[i]
			if g.ID == 0 || g.Name != w.Name || g.ReferenceDate != w.ReferenceDate || g.Rows != w.Rows || g.Total != w.Total || g.HasAge || g.HasSex {
				t.Errorf("table %d = %+v, want %+v", i, g, w)
			}
			byCode, err := f.svc.Populations(f.ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if byCode["07"] != w.Total {
				t.Errorf("table %d: Kronoberg %d, want %d", i, byCode["07"], w.Total)
			}
		}
		list, err := f.svc.PopulationTables(f.ctx)
		if err != nil || len(list) != 3 {
			t.Fatalf("%d tables listed (%v), want the fixture's and 2", len(list), err)
		}
	})
}

// Nothing is stored when the file fails on its last row, when the caller
// is not an administrator, or when the import is cancelled midway.
func TestImportSCBAllOrNothing(t *testing.T) {
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	var big bytes.Buffer
	if _, err := scbtest.WriteCSV(&big, reg, 2016, 1); err != nil {
		t.Fatal(err)
	}
	bad := strings.TrimSuffix(big.String(), "\r\n")
	bad = bad[:strings.LastIndexByte(bad, ',')] + ",..\r\n" // the last figure missing
	lines := strings.Count(bad, "\n")
	each(t, func(t *testing.T, f *fixture) {
		cancelled, cancel := context.WithCancel(f.ctx)
		defer cancel()
		batches := 0
		tests := []struct {
			name string
			ctx  context.Context
			in   app.SCBImport
			body string
			code string
			msg  string
		}{
			{"error on the last row", f.ctx, app.SCBImport{}, bad, grant.EINVALID, "SCB: line " + strconv.Itoa(lines) + `: Folkmängd 2016 "..": the figure is missing`},
			{"not an administrator", app.WithActor(context.Background(), app.Actor{User: "revisor@example.se", Roles: []grant.Role{{Kind: grant.RoleAuditor}}}), app.SCBImport{}, big.String(), grant.EFORBIDDEN, ""},
			{"cancelled midway", cancelled, app.SCBImport{Progress: func(read, size int64) {
				if batches++; batches == 3 {
					cancel()
				}
			}}, big.String(), "", "context canceled"},
			{"two years with one reference date", f.ctx, app.SCBImport{Year: "all", ReferenceDate: "2016-11-01"}, "region,2016,2017\n0780,1,2\n", grant.EINVALID, "reference_date"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.ImportSCB(tt.ctx, tt.in, strings.NewReader(tt.body))
				switch {
				case err == nil:
					t.Fatal("no error")
				case tt.code != "" && grant.ErrorCode(err) != tt.code:
					t.Errorf("code %s, want %s: %v", grant.ErrorCode(err), tt.code, err)
				case !strings.Contains(err.Error(), tt.msg):
					t.Errorf("error %q, want %q", err, tt.msg)
				}
				if tt.name == "cancelled midway" && !errors.Is(err, context.Canceled) {
					t.Errorf("error %v is not context.Canceled", err)
				}
				list, err := f.svc.PopulationTables(f.ctx)
				if err != nil || len(list) != 1 {
					t.Fatalf("%d tables (%v), want only the fixture's", len(list), err)
				}
				var rows int
				if err := f.db.Pools()[0].QueryRow("SELECT COUNT(*) FROM population_rows").Scan(&rows); err != nil || rows != 290 {
					t.Fatalf("%d rows (%v), want the fixture's 290", rows, err)
				}
			})
		}
	})
}
