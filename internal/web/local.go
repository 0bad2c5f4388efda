package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// Local is what the pages of an organisation's own use of the money need:
// sub-allocations, initiatives and action plans. The service decides who
// may read and write; MayActFor lets a page show or refuse a form first.
type Local interface {
	MayActFor(ctx context.Context, org string) error
	Organisation(ctx context.Context, code string) (grant.Organisation, error)
	Organisations(ctx context.Context, f app.ListFilter) ([]grant.Organisation, int, error)
	Agreements(ctx context.Context, f app.ListFilter) ([]grant.Agreement, int, error)
	Balances(ctx context.Context, f app.ListFilter) (map[grant.EntryKind]money.Amount, error)
	SubAllocation(ctx context.Context, id int64) (grant.SubAllocation, error)
	SubAllocations(ctx context.Context, f app.ListFilter) ([]grant.SubAllocation, int, error)
	CreateSubAllocations(ctx context.Context, lines []grant.SubAllocation) ([]grant.SubAllocation, error)
	WithdrawSubAllocation(ctx context.Context, id, version int64) (grant.SubAllocation, error)
	Initiative(ctx context.Context, id int64) (grant.Initiative, error)
	Initiatives(ctx context.Context, f app.ListFilter) ([]grant.Initiative, int, error)
	CreateInitiative(ctx context.Context, in grant.Initiative) (grant.Initiative, error)
	UpdateInitiative(ctx context.Context, in grant.Initiative) (grant.Initiative, error)
	ActionPlan(ctx context.Context, id int64) (grant.ActionPlan, error)
	ActionPlans(ctx context.Context, f app.ListFilter) ([]grant.ActionPlan, int, error)
	CreateActionPlan(ctx context.Context, p grant.ActionPlan) (grant.ActionPlan, error)
	UpdateActionPlan(ctx context.Context, p grant.ActionPlan) (grant.ActionPlan, error)
	ReadDecisionText(ctx context.Context, org, text string) (app.DecisionText, error)
}

// registerLocal adds the sub-allocation, initiative and action plan pages.
func (h *Handler) registerLocal(mux Mux) {
	if h.cfg.Local == nil {
		return
	}
	mux.Handle("GET /organisations/{code}/sub-allocations", http.HandlerFunc(h.subAllocations))
	mux.Handle("POST /organisations/{code}/sub-allocations", http.HandlerFunc(h.createSubAllocations))
	mux.Handle("POST /organisations/{code}/sub-allocations/remaining", http.HandlerFunc(h.subAllocRemaining))
	mux.Handle("POST /sub-allocations/{id}/withdraw", http.HandlerFunc(h.withdrawSubAllocation))
	mux.Handle("GET /organisations/{code}/decision-text", http.HandlerFunc(h.decisionTextForm))
	mux.Handle("POST /organisations/{code}/decision-text", http.HandlerFunc(h.readDecisionText))
	mux.Handle("GET /organisations/{code}/initiatives/new", http.HandlerFunc(h.newInitiative))
	mux.Handle("POST /organisations/{code}/initiatives/new", http.HandlerFunc(h.createInitiative))
	mux.Handle("GET /initiatives/{id}/edit", http.HandlerFunc(h.editInitiative))
	mux.Handle("POST /initiatives/{id}/edit", http.HandlerFunc(h.updateInitiative))
	mux.Handle("GET /plans/{id}", http.HandlerFunc(h.plan))
	mux.Handle("GET /plans/{id}/edit", http.HandlerFunc(h.editPlan))
	mux.Handle("POST /plans/{id}/edit", http.HandlerFunc(h.updatePlan))
	mux.Handle("GET /organisations/{code}/plans/new", http.HandlerFunc(h.newPlan))
	mux.Handle("POST /organisations/{code}/plans/new", http.HandlerFunc(h.createPlan))
}

// subAllocRows is how many lines the editor offers; a decision with more
// is entered in several submits. A proposal read from a decision text may
// fill up to maxSubAllocRows, and a submit is read up to that many.
const (
	subAllocRows    = 5
	maxSubAllocRows = 20
)

// subAllocPage is the editor: what the organisation received and has left
// per agreement, its sub-allocations, and (for those who may write) the form.
type subAllocPage struct {
	Org        grant.Organisation
	Pools      []subAllocPool // empty for those who may not see the ledger
	Lines      []subAllocLine
	Total      money.Amount // of the active lines
	MayWrite   bool
	Form       *form
	Agreements []option
	Receivers  []option
	Rows       []int
	Remaining  remainingView
	Proposal   *proposalView // lines read from a decision text, to confirm; nil: none
}

type subAllocPool struct {
	AgreementID                    int64
	Year                           int
	Title                          string
	Received, Allocated, Remaining money.Amount
}

type subAllocLine struct {
	ID, Version            int64
	To, ToCode             string
	Year                   int
	Amount                 money.Amount
	DecisionRef, DecidedOn string
	Status                 string
	Active                 bool
}

// remainingView is the live figure: what is left, or by how much the typed
// lines go over.
type remainingView struct {
	Known     bool // an agreement with money is chosen
	Remaining money.Amount
	Over      money.Amount
}

// subAllocations shows the editor.
func (h *Handler) subAllocations(w http.ResponseWriter, r *http.Request) {
	f := emptyForm(language(r), nil)
	h.subAllocEditor(w, r, r.PathValue("code"), f, http.StatusOK, true)
}

// subAllocEditor renders the editor of code with f; export lets a GET
// answer ?format=csv|xlsx.
func (h *Handler) subAllocEditor(w http.ResponseWriter, r *http.Request, code string, f *form, status int, export bool) {
	ctx, lang := r.Context(), language(r)
	page, err := h.readSubAllocPage(ctx, lang, code)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.Form = f
	// A proposal from a decision text may have posted more lines than the
	// editor starts with: show them all again.
	for i := subAllocRows; i < maxSubAllocRows; i++ {
		for _, name := range []string{"to", "amount", "ref", "date"} {
			if f.Get(fmt.Sprintf("%s-%d", name, i)) != "" && !slices.Contains(page.Rows, i) {
				page.Rows = append(page.Rows, i)
			}
		}
	}
	if f.Get("agreement") == "" && len(page.Pools) > 0 {
		f.Values.Set("agreement", strconv.FormatInt(page.Pools[0].AgreementID, 10))
	}
	page.Remaining = remainingOf(page.Pools, f)
	if export {
		out := &sheet{Name: "fordelat-vidare-" + page.Org.Code, Header: []string{"År", "Till", "Kod", "Belopp (kr)", "Beslut", "Datum", "Status"}}
		for _, l := range page.Lines {
			out.add(l.Year, l.To, l.ToCode, l.Amount, l.DecisionRef, l.DecidedOn, l.Status)
		}
		if r.URL.Query().Get("table") == "received" {
			out = &sheet{Name: "mottaget-" + page.Org.Code, Header: []string{"År", "Överenskommelse", "Mottaget (kr)", "Fördelat vidare (kr)", "Kvar (kr)"}}
			for _, p := range page.Pools {
				out.add(p.Year, p.Title, p.Received, p.Allocated, p.Remaining)
			}
		}
		if h.exported(w, r, out) {
			return
		}
	}
	h.render(w, r, status, "suballoc", pick(lang, "Pass on: ", "Fördela vidare: ")+org(page.Org.Name, page.Org.Code), page)
}

func (h *Handler) readSubAllocPage(ctx context.Context, lang, code string) (subAllocPage, error) {
	l := h.cfg.Local
	o, err := l.Organisation(ctx, code)
	if err != nil {
		return subAllocPage{}, err
	}
	page := subAllocPage{Org: o, MayWrite: l.MayActFor(ctx, o.Code) == nil}
	for i := range subAllocRows {
		page.Rows = append(page.Rows, i)
	}
	agreements, _, err := l.Agreements(ctx, app.ListFilter{})
	if err != nil {
		return page, err
	}
	years := map[int64]int{}
	for _, a := range agreements {
		years[a.ID] = a.Year
	}
	subs, _, err := l.SubAllocations(ctx, app.ListFilter{OrgCode: o.Code})
	if err != nil {
		return page, err
	}
	children, _, err := l.Organisations(ctx, app.ListFilter{OrgCode: o.Code})
	if err != nil {
		return page, err
	}
	initiatives, _, err := l.Initiatives(ctx, app.ListFilter{OrgCode: o.Code})
	if err != nil {
		return page, err
	}
	names, titles := map[string]string{}, map[int64]string{}
	for _, c := range children {
		names[c.Code] = c.Name
		if c.Kind == grant.OrgCommittee || c.Kind == grant.OrgUnit {
			page.Receivers = append(page.Receivers, option{"org:" + c.Code, org(c.Name, c.Code)})
		}
	}
	for _, in := range initiatives {
		titles[in.ID] = in.Title
		page.Receivers = append(page.Receivers, option{"initiative:" + strconv.FormatInt(in.ID, 10), pick(lang, "Initiative: ", "Insats: ") + in.Title})
	}
	allocated := map[int64]money.Amount{}
	for _, s := range subs {
		line := subAllocLine{ID: s.ID, Version: s.Version, ToCode: s.ToOrg, Year: years[s.AgreementID], Amount: s.Amount,
			DecisionRef: s.DecisionRef, DecidedOn: string(s.DecidedOn), Status: subAllocStatus(lang, s.Status), Active: s.Status == grant.SubAllocActive}
		switch {
		case s.ToOrg != "":
			line.To = cmpOr(names[s.ToOrg], s.ToOrg)
		default:
			line.To = pick(lang, "Initiative: ", "Insats: ") + cmpOr(titles[s.InitiativeID], strconv.FormatInt(s.InitiativeID, 10))
		}
		if line.Active {
			if page.Total, err = page.Total.Add(s.Amount); err != nil {
				return page, err
			}
			if allocated[s.AgreementID], err = allocated[s.AgreementID].Add(s.Amount); err != nil {
				return page, err
			}
		}
		page.Lines = append(page.Lines, line)
	}
	// What was received is in the ledger, which only those who may read
	// the organisation's records see; the public sees the decisions only.
	for _, a := range agreements {
		bal, err := l.Balances(ctx, app.ListFilter{AgreementID: a.ID, OrgCode: o.Code, Kind: string(grant.EntryPaid)})
		switch grant.ErrorCode(err) {
		case "":
		case grant.EUNAUTHORIZED, grant.EFORBIDDEN:
			return page, nil
		default:
			return page, err
		}
		if bal[grant.EntryPaid] == 0 && allocated[a.ID] == 0 {
			continue
		}
		p := subAllocPool{AgreementID: a.ID, Year: a.Year, Title: a.Title, Received: bal[grant.EntryPaid], Allocated: allocated[a.ID]}
		if p.Remaining, err = p.Received.Sub(p.Allocated); err != nil {
			return page, err
		}
		page.Pools = append(page.Pools, p)
		page.Agreements = append(page.Agreements, option{strconv.FormatInt(a.ID, 10), fmt.Sprintf("%d: %s", a.Year, a.Title)})
	}
	return page, nil
}

func cmpOr(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

// remainingOf is what the chosen agreement leaves after the typed lines.
// An amount that cannot be read counts as nothing; the submit reports it.
func remainingOf(pools []subAllocPool, f *form) remainingView {
	id, _ := strconv.ParseInt(f.Get("agreement"), 10, 64)
	for _, p := range pools {
		if p.AgreementID != id {
			continue
		}
		left := p.Remaining
		for i := range maxSubAllocRows {
			a, err := money.Parse(f.Get(fmt.Sprintf("amount-%d", i)))
			if err == nil && a > 0 {
				left -= a
			}
		}
		if left < 0 {
			return remainingView{Known: true, Over: -left}
		}
		return remainingView{Known: true, Remaining: left}
	}
	return remainingView{}
}

// subAllocRemaining answers the editor's htmx request with the live figure.
func (h *Handler) subAllocRemaining(w http.ResponseWriter, r *http.Request) {
	ctx, code := r.Context(), r.PathValue("code")
	if err := h.cfg.Local.MayActFor(ctx, code); err != nil {
		h.fail(w, r, err)
		return
	}
	page, err := h.readSubAllocPage(ctx, language(r), code)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := newForm(r)
	h.fragment(w, r, "suballoc", "remaining", map[string]any{"Lang": f.Lang, "Remaining": remainingOf(page.Pools, f)})
}

// fragment writes one named template of a page, for htmx to swap in.
func (h *Handler) fragment(w http.ResponseWriter, r *http.Request, page, name string, data any) {
	var buf strings.Builder
	if err := h.pages[page].ExecuteTemplate(&buf, name, data); err != nil {
		h.fail(w, r, fmt.Errorf("web: fragment %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(buf.String()))
}

// createSubAllocations saves every filled line in one decision, or none.
func (h *Handler) createSubAllocations(w http.ResponseWriter, r *http.Request) {
	ctx, code := r.Context(), r.PathValue("code")
	if err := h.cfg.Local.MayActFor(ctx, code); err != nil {
		h.fail(w, r, err)
		return
	}
	f := newForm(r)
	agreement := f.Int("agreement", true)
	var (
		lines  []grant.SubAllocation
		fields []string // the service's field names → the form's, per saved line
	)
	for i := range maxSubAllocRows {
		n := func(s string) string { return fmt.Sprintf("%s-%d", s, i) }
		if f.Get(n("to")) == "" && f.Get(n("amount")) == "" && f.Get(n("ref")) == "" && f.Get(n("date")) == "" {
			continue
		}
		l := grant.SubAllocation{AgreementID: agreement, FromOrg: code, Amount: f.Amount(n("amount"), true),
			DecisionRef: f.Get(n("ref")), DecidedOn: f.Date(n("date"), true)}
		kind, ref, _ := strings.Cut(f.Required(n("to")), ":")
		switch kind {
		case "org":
			l.ToOrg = ref
		case "initiative":
			l.InitiativeID, _ = strconv.ParseInt(ref, 10, 64)
		}
		j := len(lines)
		for _, s := range [][2]string{{"amount", "amount"}, {"to_org", "to"}, {"initiative_id", "to"}, {"decided_on", "date"}, {"decision_ref", "ref"}} {
			fields = append(fields, grant.FieldIndex("lines", j, s[0]), n(s[1]))
		}
		fields = append(fields, grant.FieldIndex("lines", j, "agreement_id"), "agreement")
		lines = append(lines, l)
	}
	if len(lines) == 0 && f.OK() {
		f.Notice = pick(f.Lang, "Fill in at least one line.", "Fyll i minst en rad.")
	}
	if f.OK() {
		_, err := h.cfg.Local.CreateSubAllocations(ctx, lines)
		if err == nil {
			http.Redirect(w, r, "/organisations/"+code+"/sub-allocations", http.StatusSeeOther)
			return
		}
		if !f.Refused(err, fields...) {
			h.fail(w, r, err)
			return
		}
	}
	h.subAllocEditor(w, r, code, f, http.StatusUnprocessableEntity, false)
}

// withdrawSubAllocation withdraws a line read at the posted version.
func (h *Handler) withdrawSubAllocation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id", "sub-allocation", "fördelningen")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sa, err := h.cfg.Local.SubAllocation(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.cfg.Local.MayActFor(ctx, sa.FromOrg); err != nil {
		h.fail(w, r, err)
		return
	}
	f := newForm(r)
	version := f.Int("version", true)
	_, err = h.cfg.Local.WithdrawSubAllocation(ctx, id, version)
	if err == nil {
		http.Redirect(w, r, "/organisations/"+sa.FromOrg+"/sub-allocations", http.StatusSeeOther)
		return
	}
	if !f.Refused(err) {
		h.fail(w, r, err)
		return
	}
	if f.Notice == "" { // a field error names none of the editor's fields
		for _, m := range f.Errors {
			f.Notice = m
		}
		f.Errors = map[string]string{}
	}
	f.Values = map[string][]string{}
	h.subAllocEditor(w, r, sa.FromOrg, f, http.StatusConflict, false)
}
