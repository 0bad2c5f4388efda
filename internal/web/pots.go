package web

import (
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

// potFormPage is the pot form: new when ID is 0.
type potFormPage struct {
	ID         int64
	Agreement  grant.Agreement
	Form       *form
	Recipients []option
	Tables     []option
	Keys, Sex  []option
}

// option is one choice of a select.
type option struct{ Value, Label string }

// recipientOptions are the RecipientSet values a pot is usually split
// among, and current when it is something else typed through the API.
func (h *Handler) recipientOptions(lang, current string) []option {
	opts := []option{
		{"", pick(lang, "nobody: not split by formula", "ingen: fördelas inte med nyckel")},
		{"regions", recipientsText(lang, "regions")},
		{"municipalities", recipientsText(lang, "municipalities")},
		{"principals", recipientsText(lang, "principals")},
	}
	for i := 1; i <= 25; i++ {
		code := fmt.Sprintf("%02d", i)
		if name, ok := h.counties[code]; ok {
			opts = append(opts, option{"county:" + code, pick(lang, "the municipalities of ", "kommunerna i ") + name})
		}
	}
	for _, o := range opts {
		if o.Value == current {
			return opts
		}
	}
	return append(opts, option{current, current})
}

// recipientsText names a recipient set in words where it is a usual one.
func recipientsText(lang, set string) string {
	switch set {
	case "regions":
		return pick(lang, "all regions", "alla regioner")
	case "municipalities":
		return pick(lang, "all municipalities", "alla kommuner")
	case "principals":
		return pick(lang, "all regions and municipalities", "alla regioner och kommuner")
	}
	return set
}

func (h *Handler) tableOptions(r *http.Request) ([]option, error) {
	tables, err := h.cfg.Setup.PopulationTables(r.Context())
	if err != nil {
		return nil, err
	}
	opts := []option{{"", pick(language(r), "none", "ingen")}}
	for _, t := range tables {
		opts = append(opts, option{strconv.FormatInt(t.ID, 10), fmt.Sprintf("%s (%s)", t.Name, t.ReferenceDate)})
	}
	return opts, nil
}

// potValues are a pot's fields as the form shows them.
func potValues(p grant.Pot) url.Values {
	v := url.Values{}
	v.Set("name", p.Name)
	v.Set("purpose", p.Purpose)
	v.Set("amount", p.Amount.String())
	v.Set("recipients", string(p.Recipients))
	v.Set("key", string(p.Key))
	if p.PopulationTableID != 0 {
		v.Set("table", strconv.FormatInt(p.PopulationTableID, 10))
	}
	v.Set("ages", p.Ages)
	v.Set("sex", p.Sex)
	v.Set("reference_date", string(p.ReferenceDate))
	v.Set("unit", p.Unit.String())
	v.Set("requisition_deadline", string(p.RequisitionDeadline))
	v.Set("use_by", string(p.UseBy))
	v.Set("report_due", string(p.ReportDue))
	v.Set("bounds", boundsText(p.Bounds))
	v.Set("set_asides", setAsidesText(p.SetAsides))
	v.Set("version", strconv.FormatInt(p.Version, 10))
	return v
}

// readPot reads the pot form into p. The scenario fields (key, table,
// ages, sex, reference date, unit, bounds, set-asides) are readScenario's.
func readPot(f *form, p *grant.Pot) {
	p.Name = f.Required("name")
	p.Purpose = f.Get("purpose")
	p.Amount = f.Amount("amount", true)
	p.Recipients = grant.RecipientSet(f.Get("recipients"))
	readScenario(f, "", p)
	p.RequisitionDeadline = f.Date("requisition_deadline", false)
	p.UseBy = f.Date("use_by", false)
	p.ReportDue = f.Date("report_due", false)
	p.Version = f.Int("version", false)
}

// readScenario reads the fields of a split, each named prefix+field, into
// p; a field that is absent keeps p's value, so a scenario overrides only
// what it names.
func readScenario(f *form, prefix string, p *grant.Pot) {
	has := func(name string) bool { return f.Values.Has(prefix + name) }
	if has("key") {
		p.Key = allocate.KeyKind(f.Get(prefix + "key"))
	}
	if has("table") {
		p.PopulationTableID = f.Int(prefix+"table", false)
	}
	if has("ages") {
		p.Ages = f.Get(prefix + "ages")
	}
	if has("sex") {
		p.Sex = f.Get(prefix + "sex")
	}
	if has("reference_date") {
		p.ReferenceDate = f.Date(prefix+"reference_date", false)
	}
	if has("unit") {
		p.Unit = f.Amount(prefix+"unit", false)
	}
	if has("bounds") {
		p.Bounds = parseBounds(f, prefix+"bounds")
	}
	if has("set_asides") {
		p.SetAsides = parseSetAsides(f, prefix+"set_asides")
	}
}

// parseBounds reads one floor or cap per line, "0180 golv 1 000 000 kr"
// or "0180 floor 1 Mkr cap 3 Mkr", and reports the first line at fault.
func parseBounds(f *form, name string) []grant.Bound {
	var out []grant.Bound
	index := map[string]int{}
	for n, line := range strings.Split(f.Get(name), "\n") {
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		fail := func(en, sv string) []grant.Bound {
			f.fieldError(name, fmt.Sprintf("Line %d: %s", n+1, en), fmt.Sprintf("Rad %d: %s", n+1, sv))
			return nil
		}
		b := grant.Bound{Code: words[0]}
		if i, ok := index[b.Code]; ok {
			b = out[i]
		}
		var kind string
		var amount []string
		flush := func() bool {
			if kind == "" {
				return true
			}
			a, err := money.Parse(strings.Join(amount, " "))
			if err != nil || a <= 0 {
				return false
			}
			if kind == "floor" {
				b.Floor = a
			} else {
				b.Cap = a
			}
			return true
		}
		for _, w := range words[1:] {
			switch strings.ToLower(w) {
			case "floor", "golv", "cap", "tak":
				if !flush() {
					return fail("expected an amount after "+kind+", such as 1 000 000 kr.", "förväntade ett belopp efter "+kind+", till exempel 1 000 000 kr.")
				}
				kind, amount = "floor", nil
				if l := strings.ToLower(w); l == "cap" || l == "tak" {
					kind = "cap"
				}
			default:
				if kind == "" {
					return fail("expected a code followed by floor or cap and an amount, such as 0180 floor 1 000 000 kr.",
						"förväntade en kod följd av golv eller tak och ett belopp, till exempel 0180 golv 1 000 000 kr.")
				}
				amount = append(amount, w)
			}
		}
		if kind == "" {
			return fail("expected floor or cap after the code, such as 0180 floor 1 000 000 kr.", "förväntade golv eller tak efter koden, till exempel 0180 golv 1 000 000 kr.")
		}
		if !flush() {
			return fail("expected an amount after "+kind+", such as 1 000 000 kr.", "förväntade ett belopp efter "+kind+", till exempel 1 000 000 kr.")
		}
		if i, ok := index[b.Code]; ok {
			out[i] = b
		} else {
			index[b.Code] = len(out)
			out = append(out, b)
		}
	}
	return out
}

// boundsText writes bounds as parseBounds reads them.
func boundsText(bounds []grant.Bound) string {
	var b strings.Builder
	for _, x := range bounds {
		b.WriteString(x.Code)
		if x.Floor != 0 {
			b.WriteString(" golv " + x.Floor.String())
		}
		if x.Cap != 0 {
			b.WriteString(" tak " + x.Cap.String())
		}
		b.WriteString("\n")
	}
	return b.String()
}

// parseSetAsides reads one set-aside per line: county, rate and the
// holder of the joint line, "01 4 % storsthlm".
func parseSetAsides(f *form, name string) []allocate.SetAside {
	var out []allocate.SetAside
	for n, line := range strings.Split(f.Get(name), "\n") {
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		if len(words) < 3 {
			f.fieldError(name, fmt.Sprintf("Line %d: expected county, rate and holder, such as 01 4 %% storsthlm.", n+1),
				fmt.Sprintf("Rad %d: förväntade län, andel och innehavare, till exempel 01 4 %% storsthlm.", n+1))
			return nil
		}
		rate, err := allocate.ParseRate(strings.Join(words[1:len(words)-1], " "))
		if err != nil {
			f.fieldError(name, fmt.Sprintf("Line %d: expected a percentage such as 4 %%.", n+1),
				fmt.Sprintf("Rad %d: förväntade en procentsats som 4 %%.", n+1))
			return nil
		}
		out = append(out, allocate.SetAside{County: words[0], Rate: rate, Holder: words[len(words)-1]})
	}
	return out
}

// setAsidesText writes set-asides as parseSetAsides reads them.
func setAsidesText(list []allocate.SetAside) string {
	var b strings.Builder
	for _, sa := range list {
		fmt.Fprintf(&b, "%s %s %s\n", sa.County, sa.Rate, sa.Holder)
	}
	return b.String()
}

// potPage renders the pot form with its choices.
func (h *Handler) potPage(w http.ResponseWriter, r *http.Request, status int, page potFormPage) {
	var err error
	if page.Tables, err = h.tableOptions(r); err != nil {
		h.fail(w, r, err)
		return
	}
	page.Recipients = h.recipientOptions(page.Form.Lang, page.Form.Get("recipients"))
	page.Keys, page.Sex = keyOptions(page.Form.Lang), sexOptions(page.Form.Lang)
	title := pick(page.Form.Lang, "New pot", "Ny pott")
	if page.ID != 0 {
		title = pick(page.Form.Lang, "Edit pot", "Ändra pott")
	}
	h.render(w, r, status, "pot_form", title, page)
}

func (h *Handler) potNew(w http.ResponseWriter, r *http.Request) {
	a, ok := h.agreementToEdit(w, r)
	if !ok {
		return
	}
	f := emptyForm(language(r), url.Values{"recipients": {"principals"}, "key": {"population"}, "unit": {"1 kr"}})
	h.potPage(w, r, http.StatusOK, potFormPage{Agreement: a, Form: f})
}

func (h *Handler) potEdit(w http.ResponseWriter, r *http.Request) {
	if err := app.RequireAdmin(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	p, a, err := h.potAndAgreement(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.potPage(w, r, http.StatusOK, potFormPage{ID: p.ID, Agreement: a, Form: emptyForm(language(r), potValues(p))})
}

// potAndAgreement reads the pot the path names and its agreement.
func (h *Handler) potAndAgreement(r *http.Request) (grant.Pot, grant.Agreement, error) {
	id, err := pathID(r, "id", "pot", "potten")
	if err != nil {
		return grant.Pot{}, grant.Agreement{}, err
	}
	return h.potWithAgreement(r.Context(), id)
}

func (h *Handler) potCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := app.RequireAdmin(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	id, err := pathID(r, "id", "agreement", "överenskommelsen")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a, err := h.cfg.Allocations.Agreement(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.savePot(w, r, grant.Pot{AgreementID: a.ID}, a)
}

func (h *Handler) potUpdate(w http.ResponseWriter, r *http.Request) {
	if err := app.RequireAdmin(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	p, a, err := h.potAndAgreement(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.savePot(w, r, p, a)
}

// savePot creates (p.ID 0) or updates a pot from the form. An edit keeps
// the pot's conditions, which the form does not show.
func (h *Handler) savePot(w http.ResponseWriter, r *http.Request, p grant.Pot, a grant.Agreement) {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	f := newForm(r)
	readPot(f, &p)
	if f.OK() {
		var (
			saved grant.Pot
			err   error
		)
		if p.ID == 0 {
			saved, err = h.cfg.Setup.CreatePot(ctx, p)
		} else {
			saved, err = h.cfg.Setup.UpdatePot(ctx, p)
		}
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/agreements/%d", saved.AgreementID), http.StatusSeeOther)
			return
		}
		if !f.Refused(err, append(indexedField(err, "bounds", "set_asides"), "population_table_id", "table", "age", "ages")...) {
			h.fail(w, r, err)
			return
		}
		if grant.ErrorCode(err) == grant.EPRECONDITION {
			current, err := h.cfg.Allocations.Pot(ctx, p.ID)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			f.Values = potValues(current)
		}
	}
	h.potPage(w, r, http.StatusUnprocessableEntity, potFormPage{ID: p.ID, Agreement: a, Form: f})
}
