package web

import (
	"context"
	"errors"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
)

// Kolada is what the pages need of the use cases for Kolada key figures.
type Kolada interface {
	ImportKolada(ctx context.Context, files []importer.KoladaFile) (grant.KoladaImport, error)
	KoladaImports(ctx context.Context, limit int) ([]grant.KoladaImport, error)
	KoladaValues(ctx context.Context, f app.KoladaFilter) ([]grant.KoladaValue, error)
}

// koladaUploadBytes bounds an upload: a paginated answer for every
// municipality over some years is a few MB.
const koladaUploadBytes = 32 << 20

func (h *Handler) registerKolada(mux Mux) {
	if h.cfg.Kolada == nil {
		return
	}
	mux.Handle("GET /kolada", http.HandlerFunc(h.koladaPage))
	mux.Handle("POST /kolada", http.HandlerFunc(h.koladaUpload))
}

// koladaData is the upload page: the form, the latest import's outcome
// and the imports so far.
type koladaData struct {
	Form    *form
	Done    *grant.KoladaImport
	Imports []koladaImportRow
}

type koladaImportRow struct {
	grant.KoladaImport
	FileList string
}

func (h *Handler) koladaPage(w http.ResponseWriter, r *http.Request) {
	h.showKolada(w, r, http.StatusOK, emptyForm(language(r), nil), nil)
}

func (h *Handler) showKolada(w http.ResponseWriter, r *http.Request, status int, f *form, done *grant.KoladaImport) {
	list, err := h.cfg.Kolada.KoladaImports(r.Context(), 50)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := koladaData{Form: f, Done: done}
	for _, im := range list {
		d.Imports = append(d.Imports, koladaImportRow{KoladaImport: im, FileList: strings.Join(im.Files, ", ")})
	}
	h.render(w, r, status, "kolada", pick(language(r), "Kolada key figures", "Nyckeltal från Kolada"), d)
}

// koladaUpload imports the files of one submit as one import.
func (h *Handler) koladaUpload(w http.ResponseWriter, r *http.Request) {
	lang := language(r)
	if err := app.RequireAdmin(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	f := emptyForm(lang, nil)
	r.Body = http.MaxBytesReader(w, r.Body, koladaUploadBytes)
	if err := r.ParseMultipartForm(4 << 20); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			f.Notice = pick(lang, "The files are larger than 32 MB; import them with the command line (anslag import kolada).",
				"Filerna är större än 32 MB; importera dem på kommandoraden (anslag import kolada).")
		} else {
			f.Notice = pick(lang, "Choose one or more JSON files saved from Kolada.", "Välj en eller flera JSON-filer sparade från Kolada.")
		}
		h.showKolada(w, r, http.StatusBadRequest, f, nil)
		return
	}
	defer r.MultipartForm.RemoveAll()
	var files []importer.KoladaFile
	for _, fh := range r.MultipartForm.File["files"] {
		fr, err := fh.Open()
		if err != nil {
			h.fail(w, r, err)
			return
		}
		defer fr.Close()
		files = append(files, importer.KoladaFile{Name: fh.Filename, R: fr})
	}
	if len(files) == 0 {
		f.Notice = pick(lang, "Choose one or more JSON files saved from Kolada.", "Välj en eller flera JSON-filer sparade från Kolada.")
		h.showKolada(w, r, http.StatusBadRequest, f, nil)
		return
	}
	im, err := h.cfg.Kolada.ImportKolada(r.Context(), files)
	if err != nil {
		if !f.Refused(err) {
			h.fail(w, r, err)
			return
		}
		h.showKolada(w, r, http.StatusBadRequest, f, nil)
		return
	}
	h.showKolada(w, r, http.StatusOK, f, &im)
}

// koladaTrend is an indicator's key figure for the plan's organisation:
// a row per year with Kolada's value and the plan's own follow-up.
type koladaTrend struct {
	Indicator, KPI, Unit string
	Target               string
	Rows                 []trendRow
	Chart                lineChart
	HasChart             bool
	N                    int // the indicator's position, for unique ids
}

type trendRow struct {
	Year                 int
	Kolada, Status       string
	FollowUp, FollowNote string
}

// planTrends reads, for each indicator with a Kolada key figure, the
// imported total (gender T) of the organisation the figures are kept for.
func (h *Handler) planTrends(ctx context.Context, lang string, p grant.ActionPlan, org string) ([]koladaTrend, error) {
	if h.cfg.Kolada == nil {
		return nil, nil
	}
	var out []koladaTrend
	for i, in := range p.Indicators {
		if in.KoladaKPI == "" {
			continue
		}
		values, err := h.cfg.Kolada.KoladaValues(ctx, app.KoladaFilter{KPI: in.KoladaKPI, OrgCode: org, Gender: "T"})
		if err != nil {
			return nil, err
		}
		t := koladaTrend{Indicator: in.Name, KPI: in.KoladaKPI, Unit: in.Unit, Target: number(in.Target), N: i + 1}
		rows := map[int]*trendRow{}
		row := func(y int) *trendRow {
			if rows[y] == nil {
				rows[y] = &trendRow{Year: y}
			}
			return rows[y]
		}
		var years []int
		var figures []float64
		var texts []string
		for _, v := range values {
			rw := row(v.Period)
			rw.Status = v.Status
			if v.Value != nil {
				rw.Kolada = formatFigure(*v.Value)
				years, figures, texts = append(years, v.Period), append(figures, *v.Value), append(texts, rw.Kolada)
			}
		}
		for _, fu := range p.FollowUps {
			if fu.IndicatorIndex != nil && *fu.IndicatorIndex == i {
				rw := row(fu.Year)
				rw.FollowUp, rw.FollowNote = number(fu.Value), followUpStatus(lang, fu.Status)
			}
		}
		for _, y := range slices.Sorted(maps.Keys(rows)) {
			t.Rows = append(t.Rows, *rows[y])
		}
		t.Chart, t.HasChart = layoutLine(years, figures, texts, in.Target, t.Target)
		out = append(out, t)
	}
	return out, nil
}

// figureOrg is the organisation whose key figures a plan follows: its
// owner, or the region or municipality a committee or unit belongs to.
func (h *Handler) figureOrg(ctx context.Context, owner grant.Organisation) (grant.Organisation, error) {
	for range 4 { // committees and units sit at most a few levels deep
		if owner.ParentCode == "" || owner.Kind == grant.OrgRegion || owner.Kind == grant.OrgMunicipality {
			return owner, nil
		}
		parent, err := h.cfg.Local.Organisation(ctx, owner.ParentCode)
		if err != nil {
			return owner, err
		}
		owner = parent
	}
	return owner, nil
}

// formatFigure writes a key figure with at most two decimals.
func formatFigure(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

func itoa(n int) string { return strconv.Itoa(n) }
