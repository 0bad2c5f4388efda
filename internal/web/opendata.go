package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/exporter"
	"github.com/anslag/anslag/internal/grant"
)

// OpenData is what the open-data downloads need of the use cases: a year's
// published records, and the years there are.
type OpenData interface {
	OpenData(ctx context.Context, year int) (app.OpenData, error)
	OpenDataYears(ctx context.Context) ([]int, error)
}

func (h *Handler) registerOpenData(mux Mux) {
	if h.cfg.OpenData == nil {
		return
	}
	mux.Handle("GET /open-data", http.HandlerFunc(h.openDataPage))
	// "2017.json" or "2017.csv": a wildcard must fill its whole segment.
	mux.Handle("GET /open-data/{file}", http.HandlerFunc(h.openDataFile))
}

// openDataPage lists the years with their downloads.
func (h *Handler) openDataPage(w http.ResponseWriter, r *http.Request) {
	years, err := h.cfg.OpenData.OpenDataYears(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "opendata", pick(language(r), "Open data", "Öppna data"), years)
}

// openDataFile serves a year as a 360Giving JSON package or its flat CSV,
// to everyone without login.
func (h *Handler) openDataFile(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	name, ext, _ := strings.Cut(file, ".")
	year, err := strconv.Atoi(name)
	if err != nil || (ext != "json" && ext != "csv") {
		h.fail(w, r, grant.Errorf(grant.ENOTFOUND, "", "there is no open-data file %s", "det finns ingen öppen datafil %s", file))
		return
	}
	d, err := h.cfg.OpenData.OpenData(r.Context(), year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pkg := exporter.BuildGiving360(h.giving360Input(d))
	if len(pkg.Grants) == 0 { // a 360Giving package holds at least one grant
		h.fail(w, r, grant.Errorf(grant.ENOTFOUND, "", "nothing has been decided for %d yet", "inget har beslutats för %d ännu", year))
		return
	}
	var b bytes.Buffer
	ct := "application/json; charset=utf-8"
	if ext == "csv" {
		ct = "text/csv; charset=utf-8"
		err = exporter.WriteGiving360CSV(&b, pkg)
	} else {
		enc := json.NewEncoder(&b)
		enc.SetIndent("", " ")
		err = enc.Encode(pkg)
	}
	if err != nil {
		h.fail(w, r, fmt.Errorf("web: open data %s: %w", file, err))
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="anslag-360giving-%d.%s"`, year, ext))
	w.Header().Set("Cache-Control", "no-cache")
	writeBody(w, r, http.StatusOK, b.Bytes())
}

// giving360Input hands the service's records to the exporter, with the
// county names the pages know.
func (h *Handler) giving360Input(d app.OpenData) exporter.Giving360Input {
	in := exporter.Giving360Input{
		Year: d.Year, Agreements: d.Agreements, Pots: d.Pots, Runs: d.Runs, SubAllocations: d.SubAllocations,
		Initiatives: d.Initiatives, Organisations: d.Organisations, Counties: h.counties,
		Issued: grant.Date(time.Now().UTC().Format(time.DateOnly)),
	}
	for _, p := range d.Payments {
		in.Payments = append(in.Payments, exporter.Giving360Payment{ID: p.ID, PotID: p.PotID, OrgCode: p.OrgCode,
			Joint: p.Joint, County: p.County, Amount: p.Amount, PaidOn: p.PaidOn})
	}
	return in
}
