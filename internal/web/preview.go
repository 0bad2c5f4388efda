package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// scenarioFields are the fields a preview or comparison may override.
func scenarioFields() []string {
	return []string{"key", "table", "ages", "sex", "reference_date", "unit", "bounds", "set_asides"}
}

// scenarioForm is the query's scenario for prefix ("" or "a.", "b."),
// filled with the pot's own values where the query is silent, and the pot
// as the scenario would have it.
func scenarioForm(f *form, prefix string, p grant.Pot) grant.Pot {
	stored := potValues(p)
	for _, name := range scenarioFields() {
		if !f.Values.Has(prefix + name) {
			f.Values.Set(prefix+name, stored.Get(name))
		}
	}
	readScenario(f, prefix, &p)
	return p
}

// previewLine is one line of a split with its reason.
type previewLine struct {
	Name, Code, County string
	Amount             money.Amount
	Why                string
}

// previewPage is a pot's split under a scenario.
type previewPage struct {
	Pot       grant.Pot
	Agreement grant.Agreement
	Form      *form
	Tables    []option
	Keys, Sex []option
	Key       string // the key's description from the engine
	Lines     []previewLine
	Total     money.Amount
	Admin     bool // may create a draft run
}

// scenarioRefused records a refusal of the scenario next to its field.
func scenarioRefused(f *form, prefix string, err error) bool {
	fields := []string{"population_table_id", prefix + "table"}
	for _, name := range scenarioFields() {
		fields = append(fields, name, prefix+name)
	}
	if m := indexedField(err, "bounds", "set_asides"); m != nil {
		fields = append(fields, m[0], prefix+m[1])
	}
	if e, ok := err.(*grant.Error); ok && e.Field == "age" {
		fields = append(fields, "age", prefix+"ages")
	}
	return f.Refused(err, fields...)
}

// potPreview shows the pot's split with the reason for every amount; the
// query may try another key, table, age band or rounding unit.
func (h *Handler) potPreview(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), language(r)
	if err := app.RequireOversight(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	p, a, err := h.potAndAgreement(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := previewPage{Pot: p, Agreement: a, Form: emptyForm(lang, r.URL.Query()), Admin: app.RequireAdmin(ctx) == nil,
		Keys: keyOptions(lang), Sex: sexOptions(lang)}
	if page.Tables, err = h.tableOptions(r); err != nil {
		h.fail(w, r, err)
		return
	}
	scenario := scenarioForm(page.Form, "", p)
	status := http.StatusOK
	if page.Form.OK() {
		res, err := h.cfg.Setup.PreviewScenario(ctx, scenario)
		switch {
		case err == nil:
			page.Key, page.Total = res.Key.Description, res.Total
			out := &sheet{Name: fmt.Sprintf("forhandsvisning-%s", p.Name), Header: []string{"Mottagare", "Kod", "Län", "Belopp (kr)", "Varför"}}
			for i, l := range res.Lines {
				why := res.Why(i, engineLang(lang))
				page.Lines = append(page.Lines, previewLine{Name: l.Name, Code: l.Code, County: h.counties[l.County], Amount: l.Amount, Why: why})
				out.add(l.Name, l.Code, h.counties[l.County], l.Amount, res.Why(i, allocate.Swedish))
			}
			if h.exported(w, r, out) {
				return
			}
		case scenarioRefused(page.Form, "", err):
			status = http.StatusUnprocessableEntity
		default:
			h.fail(w, r, err)
			return
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	h.render(w, r, status, "preview", pick(lang, "Preview: ", "Förhandsvisning: ")+p.Name, page)
}

func engineLang(lang string) allocate.Lang {
	if lang == "en" {
		return allocate.English
	}
	return allocate.Swedish
}

// compareLine is one recipient under scenarios A and B.
type compareLine struct {
	Name, Code, County string
	A, B               money.Amount
	Diff               string // B − A with its sign
}

// comparePage sets two scenarios of a pot side by side.
type comparePage struct {
	Pot        grant.Pot
	Agreement  grant.Agreement
	Form       *form
	Tables     []option
	Keys, Sex  []option
	KeyA, KeyB string
	Lines      []compareLine
	TotalA     money.Amount
	TotalB     money.Amount
	TotalDiff  string
	Computed   bool
}

// signed writes an amount with its sign, so that a difference does not
// rest on colour: "+1 234 kr", "−1 234 kr", "0 kr".
func signed(a money.Amount) string {
	if a > 0 {
		return "+" + a.HTML()
	}
	return a.HTML()
}

// potCompare splits the pot under two scenarios, A and B, and shows each
// recipient's amounts and their difference.
func (h *Handler) potCompare(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), language(r)
	if err := app.RequireOversight(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	p, a, err := h.potAndAgreement(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := comparePage{Pot: p, Agreement: a, Form: emptyForm(lang, r.URL.Query()), Keys: keyOptions(lang), Sex: sexOptions(lang)}
	if page.Tables, err = h.tableOptions(r); err != nil {
		h.fail(w, r, err)
		return
	}
	sa, sb := scenarioForm(page.Form, "a.", p), scenarioForm(page.Form, "b.", p)
	title := pick(lang, "Compare: ", "Jämför: ") + p.Name
	if !page.Form.OK() {
		h.render(w, r, http.StatusUnprocessableEntity, "compare", title, page)
		return
	}
	var results [2]*allocate.Result
	for i, s := range []grant.Pot{sa, sb} {
		prefix := [...]string{"a.", "b."}[i]
		if results[i], err = h.cfg.Setup.PreviewScenario(ctx, s); err != nil {
			if !scenarioRefused(page.Form, prefix, err) {
				h.fail(w, r, err)
				return
			}
		}
	}
	if !page.Form.OK() {
		h.render(w, r, http.StatusUnprocessableEntity, "compare", title, page)
		return
	}
	ra, rb := results[0], results[1]
	page.Computed, page.KeyA, page.KeyB, page.TotalA, page.TotalB = true, ra.Key.Description, rb.Key.Description, ra.Total, rb.Total
	// Lines by code, in A's order, then any line only B has (a set-aside).
	index := map[string]int{}
	for _, l := range ra.Lines {
		index[l.Code] = len(page.Lines)
		page.Lines = append(page.Lines, compareLine{Name: l.Name, Code: l.Code, County: h.counties[l.County], A: l.Amount})
	}
	for _, l := range rb.Lines {
		i, ok := index[l.Code]
		if !ok {
			i = len(page.Lines)
			page.Lines = append(page.Lines, compareLine{Name: l.Name, Code: l.Code, County: h.counties[l.County]})
		}
		page.Lines[i].B = l.Amount
	}
	out := &sheet{Name: fmt.Sprintf("jamforelse-%s", p.Name), Header: []string{"Mottagare", "Kod", "Län", "Belopp A (kr)", "Belopp B (kr)", "Skillnad B − A (kr)"}}
	for i := range page.Lines {
		l := &page.Lines[i]
		l.Diff = signed(l.B - l.A)
		out.add(l.Name, l.Code, l.County, l.A, l.B, l.B-l.A)
	}
	page.TotalDiff = signed(page.TotalB - page.TotalA)
	if h.exported(w, r, out) {
		return
	}
	h.render(w, r, http.StatusOK, "compare", title, page)
}

// runRefused shows why the service refused to create, recompute or decide
// a run, with a way back to where the user was.
func (h *Handler) runRefused(w http.ResponseWriter, r *http.Request, err error) {
	switch grant.ErrorCode(err) {
	case grant.ECONFLICT, grant.EPRECONDITION:
		h.render(w, r, http.StatusConflict, "error", pick(language(r), "Not done", "Inte utfört"), h.message(r, err))
	case grant.EINVALID:
		h.render(w, r, http.StatusUnprocessableEntity, "error", pick(language(r), "Not done", "Inte utfört"), h.message(r, err))
	default:
		h.fail(w, r, err)
	}
}

// runCreate computes the pot's split as a draft and shows it.
func (h *Handler) runCreate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "pot", "potten")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	run, err := h.cfg.Setup.CreateRun(r.Context(), id)
	if err != nil {
		h.runRefused(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/allocations/%d", run.ID), http.StatusSeeOther)
}

// runDecide decides the draft at the version the page showed.
func (h *Handler) runDecide(w http.ResponseWriter, r *http.Request) {
	h.runChange(w, r, h.cfg.Setup.DecideRun)
}

// runRecompute recomputes the draft from the pot as it is now.
func (h *Handler) runRecompute(w http.ResponseWriter, r *http.Request) {
	h.runChange(w, r, h.cfg.Setup.RecomputeRun)
}

func (h *Handler) runChange(w http.ResponseWriter, r *http.Request, change func(ctx context.Context, id, version int64) (grant.AllocationRun, error)) {
	id, err := pathID(r, "run", "allocation run", "fördelningskörningen")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	run, err := change(r.Context(), id, version)
	if err != nil {
		h.runRefused(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/allocations/%d", run.ID), http.StatusSeeOther)
}

// keyOptions are the keys a pot may be split by.
func keyOptions(lang string) []option {
	return []option{{string(allocate.KeyPopulation), pick(lang, "population", "befolkning")}, {string(allocate.KeyEqual), pick(lang, "equal shares", "lika delar")}}
}

// sexOptions are the sexes a population key may count.
func sexOptions(lang string) []option {
	return []option{{"", pick(lang, "both", "båda")}, {"kvinnor", pick(lang, "women", "kvinnor")}, {"män", pick(lang, "men", "män")}}
}
