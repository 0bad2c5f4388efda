package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// Setup is what the set-up pages change besides what Allocations reads:
// agreements, pots, scenarios and runs. The service decides who may: an
// administrator writes, an auditor may preview.
type Setup interface {
	CreateAgreement(ctx context.Context, a grant.Agreement) (grant.Agreement, error)
	UpdateAgreement(ctx context.Context, a grant.Agreement) (grant.Agreement, error)
	CreatePot(ctx context.Context, p grant.Pot) (grant.Pot, error)
	UpdatePot(ctx context.Context, p grant.Pot) (grant.Pot, error)
	PopulationTables(ctx context.Context) ([]grant.PopulationTable, error)
	PreviewScenario(ctx context.Context, p grant.Pot) (*allocate.Result, error)
	CreateRun(ctx context.Context, potID int64) (grant.AllocationRun, error)
	RecomputeRun(ctx context.Context, id, version int64) (grant.AllocationRun, error)
	DecideRun(ctx context.Context, id, version int64) (grant.AllocationRun, error)
}

// registerSetup adds the agreement, pot, preview and run pages.
func (h *Handler) registerSetup(mux Mux) {
	if h.cfg.Setup == nil || h.cfg.Allocations == nil {
		return
	}
	mux.Handle("GET /agreements", http.HandlerFunc(h.agreements))
	mux.Handle("GET /agreements/new", http.HandlerFunc(h.agreementNew))
	mux.Handle("POST /agreements/new", http.HandlerFunc(h.agreementCreate))
	mux.Handle("GET /agreements/{id}", http.HandlerFunc(h.agreement))
	mux.Handle("GET /agreements/{id}/edit", http.HandlerFunc(h.agreementEdit))
	mux.Handle("POST /agreements/{id}/edit", http.HandlerFunc(h.agreementUpdate))
	mux.Handle("GET /agreements/{id}/pots/new", http.HandlerFunc(h.potNew))
	mux.Handle("POST /agreements/{id}/pots/new", http.HandlerFunc(h.potCreate))
	mux.Handle("GET /pots/{id}/edit", http.HandlerFunc(h.potEdit))
	mux.Handle("POST /pots/{id}/edit", http.HandlerFunc(h.potUpdate))
	mux.Handle("GET /pots/{id}/preview", http.HandlerFunc(h.potPreview))
	mux.Handle("GET /pots/{id}/compare", http.HandlerFunc(h.potCompare))
	mux.Handle("POST /pots/{id}/runs", http.HandlerFunc(h.runCreate))
	mux.Handle("POST /allocations/{run}/decide", http.HandlerFunc(h.runDecide))
	mux.Handle("POST /allocations/{run}/recompute", http.HandlerFunc(h.runRecompute))
}

// pathID reads the path's numeric id; a malformed one is a missing record.
func pathID(r *http.Request, name, en, sv string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, grant.NotFound(en, sv, r.PathValue(name))
	}
	return id, nil
}

// agreementsPage is the list of agreements; an administrator may add one.
type agreementsPage struct {
	Rows  []agreementRow
	Admin bool
}

// agreementPage is one agreement; an administrator may change it and add
// pots, oversight may preview the pots' splits.
type agreementPage struct {
	agreementRow
	Admin, Oversight bool
}

// agreementRow is one agreement with its pots, as the list shows it.
type agreementRow struct {
	Agreement grant.Agreement
	Pots      []potRow
	PotsSum   money.Amount
	Left      money.Amount // the total not yet given to a pot
}

type potRow struct {
	Pot  grant.Pot
	Key  string
	Runs []grant.AllocationRun
}

// agreementRows reads agreements (all, or the one with id) with their pots
// and, when withRuns, each pot's runs as the actor may see them.
func (h *Handler) agreementRows(ctx context.Context, lang string, id int64, withRuns bool) ([]agreementRow, error) {
	var agreements []grant.Agreement
	if id != 0 {
		a, err := h.cfg.Allocations.Agreement(ctx, id)
		if err != nil {
			return nil, err
		}
		agreements = []grant.Agreement{a}
	} else {
		list, _, err := h.cfg.Allocations.Agreements(ctx, app.ListFilter{})
		if err != nil {
			return nil, err
		}
		agreements = list
	}
	pots, _, err := h.cfg.Allocations.Pots(ctx, app.ListFilter{AgreementID: id})
	if err != nil {
		return nil, err
	}
	runs := map[int64][]grant.AllocationRun{}
	if withRuns {
		list, _, err := h.cfg.Allocations.Runs(ctx, app.ListFilter{})
		if err != nil {
			return nil, err
		}
		for _, run := range list {
			runs[run.PotID] = append(runs[run.PotID], run)
		}
	}
	rows := make([]agreementRow, 0, len(agreements))
	for _, a := range agreements {
		row := agreementRow{Agreement: a}
		for _, p := range pots {
			if p.AgreementID != a.ID {
				continue
			}
			row.Pots = append(row.Pots, potRow{Pot: p, Key: keyText(lang, p), Runs: runs[p.ID]})
			if row.PotsSum, err = row.PotsSum.Add(p.Amount); err != nil {
				return nil, err
			}
		}
		row.Left = a.Total - row.PotsSum
		rows = append(rows, row)
	}
	return rows, nil
}

// keyText says how a pot is split, in words.
func keyText(lang string, p grant.Pot) string {
	if p.Recipients == "" {
		return pick(lang, "not split by formula", "fördelas inte med nyckel")
	}
	var b strings.Builder
	b.WriteString(recipientsText(lang, string(p.Recipients)))
	b.WriteString(", ")
	switch p.Key {
	case allocate.KeyEqual:
		b.WriteString(pick(lang, "equal shares", "lika delar"))
	default:
		b.WriteString(pick(lang, "by population", "efter befolkning"))
		if p.Ages != "" {
			b.WriteString(" " + pick(lang, "aged", "i åldern") + " " + p.Ages)
		}
		if p.Sex != "" {
			b.WriteString(" (" + p.Sex + ")")
		}
	}
	return b.String()
}

// agreementSheet is the exported table of pots.
func agreementSheet(name string, rows []agreementRow) *sheet {
	out := &sheet{Name: name, Header: []string{"År", "Överenskommelse", "Pott", "Belopp (kr)", "Fördelning", "Sista rekvisition", "Användas senast", "Redovisas senast"}}
	for _, row := range rows {
		for _, p := range row.Pots {
			out.add(row.Agreement.Year, row.Agreement.Title, p.Pot.Name, p.Pot.Amount, p.Key,
				string(p.Pot.RequisitionDeadline), string(p.Pot.UseBy), string(p.Pot.ReportDue))
		}
	}
	return out
}

// agreements lists every agreement with its pots; agreements and pots are
// public.
func (h *Handler) agreements(w http.ResponseWriter, r *http.Request) {
	rows, err := h.agreementRows(r.Context(), language(r), 0, false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.exported(w, r, agreementSheet("overenskommelser", rows)) {
		return
	}
	h.render(w, r, http.StatusOK, "agreements", pick(language(r), "Agreements", "Överenskommelser"),
		agreementsPage{Rows: rows, Admin: app.RequireAdmin(r.Context()) == nil})
}

// agreement shows one agreement: its pots against its total and each
// pot's runs.
func (h *Handler) agreement(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "agreement", "överenskommelsen")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rows, err := h.agreementRows(r.Context(), language(r), id, true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	row := rows[0]
	if h.exported(w, r, agreementSheet(fmt.Sprintf("overenskommelse-%d", row.Agreement.Year), rows)) {
		return
	}
	h.render(w, r, http.StatusOK, "agreement", fmt.Sprintf("%d: %s", row.Agreement.Year, row.Agreement.Title),
		agreementPage{agreementRow: row, Admin: app.RequireAdmin(r.Context()) == nil, Oversight: app.RequireOversight(r.Context()) == nil})
}

// agreementFormPage is the agreement form: new when ID is 0.
type agreementFormPage struct {
	ID   int64
	Form *form
}

func agreementValues(a grant.Agreement) url.Values {
	v := url.Values{}
	v.Set("year", strconv.Itoa(a.Year))
	v.Set("title", a.Title)
	v.Set("dnr", a.Dnr)
	v.Set("parties", strings.Join(a.Parties, ", "))
	v.Set("total", a.Total.String())
	v.Set("decision_date", string(a.DecisionDate))
	v.Set("version", strconv.FormatInt(a.Version, 10))
	return v
}

func (h *Handler) agreementNew(w http.ResponseWriter, r *http.Request) {
	if err := app.RequireAdmin(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	f := emptyForm(language(r), url.Values{"parties": {"staten, skr"}})
	h.render(w, r, http.StatusOK, "agreement_form", pick(f.Lang, "New agreement", "Ny överenskommelse"), agreementFormPage{Form: f})
}

func (h *Handler) agreementEdit(w http.ResponseWriter, r *http.Request) {
	a, ok := h.agreementToEdit(w, r)
	if !ok {
		return
	}
	f := emptyForm(language(r), agreementValues(a))
	h.render(w, r, http.StatusOK, "agreement_form", pick(f.Lang, "Edit agreement", "Ändra överenskommelse"), agreementFormPage{ID: a.ID, Form: f})
}

// readAgreement reads the agreement form into a.
func readAgreement(f *form, a *grant.Agreement) {
	a.Year = int(f.Int("year", true))
	a.Title = f.Required("title")
	a.Dnr = f.Get("dnr")
	a.Parties = nil
	for p := range strings.SplitSeq(f.Get("parties"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			a.Parties = append(a.Parties, p)
		}
	}
	a.Total = f.Amount("total", true)
	a.DecisionDate = f.Date("decision_date", false)
	a.Version = f.Int("version", false)
}

func (h *Handler) agreementCreate(w http.ResponseWriter, r *http.Request) {
	h.saveAgreement(w, r, 0)
}

func (h *Handler) agreementUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "agreement", "överenskommelsen")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.saveAgreement(w, r, id)
}

// saveAgreement creates (id 0) or updates an agreement; a refusal shows
// the form again, a stale edit with the current values.
func (h *Handler) saveAgreement(w http.ResponseWriter, r *http.Request, id int64) {
	ctx := r.Context()
	if err := app.RequireAdmin(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	f := newForm(r)
	a := grant.Agreement{ID: id}
	readAgreement(f, &a)
	title := pick(f.Lang, "New agreement", "Ny överenskommelse")
	if id != 0 {
		title = pick(f.Lang, "Edit agreement", "Ändra överenskommelse")
	}
	if f.OK() {
		var err error
		if id == 0 {
			a, err = h.cfg.Setup.CreateAgreement(ctx, a)
		} else {
			a, err = h.cfg.Setup.UpdateAgreement(ctx, a)
		}
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/agreements/%d", a.ID), http.StatusSeeOther)
			return
		}
		if !f.Refused(err, indexedField(err, "parties")...) {
			h.fail(w, r, err)
			return
		}
		if grant.ErrorCode(err) == grant.EPRECONDITION {
			current, err := h.cfg.Allocations.Agreement(ctx, id)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			f.Values = agreementValues(current)
		}
	}
	h.render(w, r, http.StatusUnprocessableEntity, "agreement_form", title, agreementFormPage{ID: id, Form: f})
}

// indexedField maps a service field inside a list ("parties[1]",
// "bounds[0].code") to the form's one field for the list, for f.Refused.
func indexedField(err error, lists ...string) []string {
	e, ok := err.(*grant.Error)
	if !ok {
		return nil
	}
	for _, l := range lists {
		if strings.HasPrefix(e.Field, l+"[") || strings.HasPrefix(e.Field, l+".") {
			return []string{e.Field, l}
		}
	}
	return nil
}

// agreementToEdit reads the agreement of the path for an administrator's
// form; for anyone else, or a missing agreement, it shows why not.
func (h *Handler) agreementToEdit(w http.ResponseWriter, r *http.Request) (grant.Agreement, bool) {
	if err := app.RequireAdmin(r.Context()); err != nil {
		h.fail(w, r, err)
		return grant.Agreement{}, false
	}
	id, err := pathID(r, "id", "agreement", "överenskommelsen")
	if err != nil {
		h.fail(w, r, err)
		return grant.Agreement{}, false
	}
	a, err := h.cfg.Allocations.Agreement(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return grant.Agreement{}, false
	}
	return a, true
}
