package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// TestOpenDataGiving360: the public downloads 2017 as a 360Giving package
// from the whole application over the demo; the package passes the
// official schema, and its allocation grants sum to what the service says
// was decided in 2017, to the öre. The CSV has one row per grant.
func TestOpenDataGiving360(t *testing.T) {
	handler, svc := newApp(t)
	get := func(path string) *httptest.ResponseRecorder {
		t.Helper()
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}
	w := get("/open-data/2017.json")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("GET /open-data/2017.json as the public: %d %s\n%s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	body := w.Body.Bytes()
	validateGiving360(t, body)

	var pkg struct {
		Grants []struct {
			ID            string      `json:"id"`
			AmountAwarded json.Number `json:"amountAwarded"`
			Disbursements []struct {
				Value json.Number `json:"value"`
			} `json:"disbursementTransaction"`
		} `json:"grants"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	var awarded, disbursed money.Amount
	for _, g := range pkg.Grants {
		if strings.Contains(g.ID, "-sub-") { // an onward grant from a region
			continue
		}
		awarded += ore(t, g.AmountAwarded)
		for _, d := range g.Disbursements {
			disbursed += ore(t, d.Value)
		}
	}
	ctx := app.WithActor(t.Context(), app.Operator("test"))
	decided, paid := decided2017(t, svc, ctx)
	if awarded != decided || disbursed != paid {
		t.Errorf("the package awards %s and disburses %s; the service decided %s and paid %s", awarded, disbursed, decided, paid)
	}

	w = get("/open-data/2017.csv")
	rows, err := csv.NewReader(w.Body).ReadAll()
	if w.Code != http.StatusOK || err != nil || len(rows) != len(pkg.Grants)+1 || rows[0][0] != "Identifier" || rows[1][0] != pkg.Grants[0].ID {
		t.Errorf("GET /open-data/2017.csv: %d, %v, %d rows for %d grants", w.Code, err, len(rows), len(pkg.Grants))
	}

	// 2018 carries Kronoberg's sub-allocations as regrants, and passes too.
	w = get("/open-data/2018.json")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"amountAwarded": 13410000,`) || !strings.Contains(w.Body.String(), `"regrantType": "FRG010"`) {
		t.Errorf("2018: %d\n%s", w.Code, w.Body)
	}
	validateGiving360(t, w.Body.Bytes())

	for path, want := range map[string]int{"/open-data/1999.json": 404, "/open-data/2017.xml": 404, "/open-data/x.json": 404} {
		if got := get(path).Code; got != want {
			t.Errorf("GET %s: %d, want %d", path, got, want)
		}
	}
	w = get("/open-data?lang=en")
	for _, want := range []string{`href="/open-data/2017.json"`, `href="/open-data/2018.csv"`, "360Giving"} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("the open-data page lacks %s", want)
		}
	}
}

// decided2017 sums the decided runs and the payments of 2017's pots.
func decided2017(t *testing.T, svc *app.Service, ctx context.Context) (decided, paid money.Amount) {
	t.Helper()
	pots, _, err := svc.Pots(ctx, app.ListFilter{Year: 2017})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pots {
		runs, _, err := svc.Runs(ctx, app.ListFilter{PotID: p.ID, Status: string(grant.RunDecided)})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			decided += r.Total
		}
	}
	payments, _, err := svc.Payments(ctx, app.ListFilter{Year: 2017})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range payments {
		paid += p.Amount
	}
	if decided == 0 || paid == 0 {
		t.Fatalf("the demo decided %s and paid %s in 2017", decided, paid)
	}
	return decided, paid
}

// ore reads a JSON number of kronor exactly, without a float.
func ore(t *testing.T, n json.Number) money.Amount {
	t.Helper()
	whole, frac, _ := strings.Cut(n.String(), ".")
	if len(frac) > 2 {
		t.Fatalf("%s has more than two decimals", n)
	}
	kr, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	o, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	return money.Amount(kr)*money.Krona + money.Amount(o)
}

// validateGiving360 checks a package against the 360Giving schemas the
// exporter's tests vendor, with the grant schema's 1.4.2 URL mapped to the
// local file.
func validateGiving360(t *testing.T, data []byte) {
	t.Helper()
	const base = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/"
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for url, file := range map[string]string{
		base + "1.4.3/schema/360-giving-package-schema.json": "360-giving-package-schema.json",
		base + "1.4.2/schema/360-giving-schema.json":         "360-giving-schema.json",
	} {
		raw, err := os.ReadFile(filepath.Join("..", "exporter", "testdata", "360giving", file))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile(base + "1.4.3/schema/360-giving-package-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Fatalf("the package breaks the 360Giving schema: %v", err)
	}
}
