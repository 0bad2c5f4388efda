package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// TestWarmRuns: after a start the decided runs are encoded, newest first,
// in the default language only, exactly as a first read would encode them,
// and only while they fit: nothing a reader asked for is pushed out.
func TestWarmRuns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		reg, err := refdata.Load()
		if err != nil {
			t.Fatal(err)
		}
		svc := app.New(app.Config{Store: db, Register: reg})
		if _, err := svc.SeedOrganisations(ctx); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open("../../examples/scb_kommuner_2017-12-31.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		table, err := svc.ImportPopulation(ctx, grant.PopulationTable{Name: "SCB", Source: "scb", ReferenceDate: "2017-12-31"}, fh)
		if err != nil {
			t.Fatal(err)
		}
		a, err := svc.CreateAgreement(ctx, grant.Agreement{Year: 2017, Title: "Psykisk hälsa", Total: 100 * money.Mkr})
		if err != nil {
			t.Fatal(err)
		}
		var decided []grant.AllocationRun
		for i, name := range []string{"Unga", "Vuxna", "Äldre", "Utkast"} {
			p, err := svc.CreatePot(ctx, grant.Pot{AgreementID: a.ID, Name: name, Amount: 10 * money.Mkr, Recipients: "regions", PopulationTableID: table.ID})
			if err != nil {
				t.Fatal(err)
			}
			run, err := svc.CreateRun(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if i < 3 { // the last stays a draft, which is not cached
				if run, err = svc.DecideRun(ctx, run.ID, run.Version); err != nil {
					t.Fatal(err)
				}
				decided = append(decided, run)
			}
		}

		h := &Handler{svc: svc, runs: newDocCache(DocCacheBytes)}
		if n, err := h.WarmRuns(ctx); err != nil || n != 3 {
			t.Fatalf("warmed %d, %v; want 3", n, err)
		}
		for _, run := range decided {
			if _, ok := h.runs.get(docKey{run.ID, allocate.Swedish}); ok {
				t.Errorf("run %d warmed in Swedish too; only the default language is", run.ID)
			}
			for _, l := range []allocate.Lang{warmLanguage} {
				e, ok := h.runs.get(docKey{run.ID, l})
				if !ok {
					t.Fatalf("run %d in %v not cached", run.ID, l)
				}
				want, _ := json.Marshal(runOut(l, run, true), json.Deterministic(true))
				if got := gunzip(t, e.gz); !bytes.Equal(got, want) || e.version != run.Version {
					t.Errorf("run %d in %v: cached document differs from a first read's", run.ID, l)
				}
			}
		}
		if n, _ := h.WarmRuns(ctx); n != 0 {
			t.Errorf("a second warm-up encoded %d runs again", n)
		}

		// A budget that holds two runs and what a reader asked for: the newest
		// two are warmed and the reader's document stays.
		e, _ := h.runs.get(docKey{decided[2].ID, warmLanguage})
		size := len(e.gz)
		small := &Handler{svc: svc, runs: newDocCache(3*size + 10)}
		asked := &docEntry{key: docKey{999, allocate.English}, version: 1, gz: make([]byte, size)}
		small.runs.put(asked)
		if n, err := small.WarmRuns(ctx); err != nil || n != 2 {
			t.Errorf("warmed %d, %v; want the 2 that fit", n, err)
		}
		for id, want := range map[int64]bool{999: true, decided[2].ID: true, decided[1].ID: true, decided[0].ID: false} {
			if _, ok := small.runs.get(docKey{id, allocate.English}); ok != want {
				t.Errorf("run %d cached %v, want %v", id, ok, want)
			}
		}
	})
}

func gunzip(t *testing.T, gz []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
