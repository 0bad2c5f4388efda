package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/grant"
)

// The plan form has one row per goal, measure, indicator and follow-up,
// named g0-text, m1-goal, n0-name, u2-status and so on, and the existing
// children plus planBlankRows empty rows of each; a row left empty is not
// part of the plan. A measure names its goal, and a follow-up its measure
// or indicator, by the row.
const (
	planBlankRows = 2
	planMaxRows   = 60 // a bound on what a posted form may ask for
)

// planFormPage is the form of a new or an edited plan.
type planFormPage struct {
	Owner                         grant.Organisation
	Action                        string
	Edit                          bool
	Form                          *form
	GoalRows, MeasureRows         []int
	IndicatorRows, FollowUpRows   []int
	Horizons, Statuses, FUStatus  []option
	Groups, Initiatives, GoalOpts []option
	Targets                       []option // what a follow-up can be of
}

// rowCounts are the numbers of rows of each list.
type rowCounts struct{ goals, measures, indicators, followUps int }

func (h *Handler) planForm(w http.ResponseWriter, r *http.Request, status int, owner grant.Organisation, edit bool, f *form) {
	lang := language(r)
	page := planFormPage{Owner: owner, Action: r.URL.Path, Edit: edit, Form: f, Groups: targetGroupOptions(lang),
		Horizons: []option{{string(grant.HorizonShort), horizonName(lang, grant.HorizonShort)}, {string(grant.HorizonLong), horizonName(lang, grant.HorizonLong)}},
		Statuses: []option{{string(grant.PlanDraft), planStatus(lang, grant.PlanDraft)}, {string(grant.PlanAdopted), planStatus(lang, grant.PlanAdopted)}}}
	for _, s := range []grant.FollowUpStatus{grant.FollowUpNotStarted, grant.FollowUpOngoing, grant.FollowUpDone, grant.FollowUpDelayed} {
		page.FUStatus = append(page.FUStatus, option{string(s), followUpStatus(lang, s)})
	}
	titles, err := h.initiativeTitles(r.Context(), owner.Code)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for id, title := range titles {
		page.Initiatives = append(page.Initiatives, option{strconv.FormatInt(id, 10), title})
	}
	n := formRowCounts(f)
	page.GoalRows, page.MeasureRows, page.IndicatorRows, page.FollowUpRows = rows(n.goals), rows(n.measures), rows(n.indicators), rows(n.followUps)
	for i := range n.goals {
		page.GoalOpts = append(page.GoalOpts, option{strconv.Itoa(i), labelled(pick(lang, "Goal", "Mål"), i, f.Get(fmt.Sprintf("g%d-text", i)))})
	}
	for i := range n.measures {
		page.Targets = append(page.Targets, option{fmt.Sprintf("m%d", i), labelled(pick(lang, "Measure", "Åtgärd"), i, f.Get(fmt.Sprintf("m%d-text", i)))})
	}
	for i := range n.indicators {
		page.Targets = append(page.Targets, option{fmt.Sprintf("n%d", i), labelled(pick(lang, "Indicator", "Indikator"), i, f.Get(fmt.Sprintf("n%d-name", i)))})
	}
	title := pick(lang, "New action plan", "Ny handlingsplan")
	if edit {
		title = pick(lang, "Edit action plan", "Ändra handlingsplan")
	}
	h.render(w, r, status, "plan_form", title, page)
}

func labelled(what string, i int, text string) string {
	if text == "" {
		return fmt.Sprintf("%s %d", what, i+1)
	}
	return fmt.Sprintf("%s %d: %s", what, i+1, text)
}

func rows(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// formRowCounts reads the row counts the form carries in hidden fields.
func formRowCounts(f *form) rowCounts {
	c := func(name string) int {
		n, err := strconv.Atoi(f.Get(name))
		if err != nil || n < planBlankRows {
			return planBlankRows
		}
		return min(n, planMaxRows)
	}
	return rowCounts{c("goals"), c("measures"), c("indicators"), c("follow_ups")}
}

// planValues writes a plan into the form's fields, with blank rows after
// the existing children.
func planValues(p grant.ActionPlan) url.Values {
	v := url.Values{}
	set := func(k string, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("title", p.Title)
	set("status", string(p.Status))
	if p.FromYear != 0 {
		set("from_year", strconv.Itoa(p.FromYear))
		set("to_year", strconv.Itoa(p.ToYear))
	}
	if p.Version != 0 {
		set("version", strconv.FormatInt(p.Version, 10))
	}
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	for i, g := range p.Goals {
		set(fmt.Sprintf("g%d-id", i), id(g.ID))
		set(fmt.Sprintf("g%d-horizon", i), string(g.Horizon))
		set(fmt.Sprintf("g%d-text", i), g.Text)
	}
	for i, m := range p.Measures {
		set(fmt.Sprintf("m%d-id", i), id(m.ID))
		if m.GoalIndex != nil {
			set(fmt.Sprintf("m%d-goal", i), strconv.Itoa(*m.GoalIndex))
		}
		set(fmt.Sprintf("m%d-text", i), m.Text)
		set(fmt.Sprintf("m%d-initiative", i), id(m.InitiativeID))
		set(fmt.Sprintf("m%d-target", i), string(m.TargetGroup))
	}
	for i, in := range p.Indicators {
		set(fmt.Sprintf("n%d-id", i), id(in.ID))
		set(fmt.Sprintf("n%d-name", i), in.Name)
		set(fmt.Sprintf("n%d-unit", i), in.Unit)
		set(fmt.Sprintf("n%d-kpi", i), in.KoladaKPI)
		set(fmt.Sprintf("n%d-target", i), number(in.Target))
	}
	for i, fu := range p.FollowUps {
		set(fmt.Sprintf("u%d-id", i), id(fu.ID))
		set(fmt.Sprintf("u%d-year", i), strconv.Itoa(fu.Year))
		switch {
		case fu.MeasureIndex != nil:
			set(fmt.Sprintf("u%d-of", i), fmt.Sprintf("m%d", *fu.MeasureIndex))
		case fu.IndicatorIndex != nil:
			set(fmt.Sprintf("u%d-of", i), fmt.Sprintf("n%d", *fu.IndicatorIndex))
		}
		set(fmt.Sprintf("u%d-status", i), string(fu.Status))
		set(fmt.Sprintf("u%d-value", i), number(fu.Value))
		set(fmt.Sprintf("u%d-comment", i), fu.Comment)
	}
	v.Set("goals", strconv.Itoa(len(p.Goals)+planBlankRows))
	v.Set("measures", strconv.Itoa(len(p.Measures)+planBlankRows))
	v.Set("indicators", strconv.Itoa(len(p.Indicators)+planBlankRows))
	v.Set("follow_ups", strconv.Itoa(len(p.FollowUps)+planBlankRows))
	return v
}

// readPlan reads the posted plan. fields maps the service's field names of
// the children it kept to the form's rows, for Refused.
func readPlan(f *form, p *grant.ActionPlan) (fields []string) {
	p.Title = f.Required("title")
	p.FromYear, p.ToYear = int(f.Int("from_year", true)), int(f.Int("to_year", true))
	p.Status = grant.PlanStatus(f.Get("status"))
	n := formRowCounts(f)
	p.Goals, p.Measures, p.Indicators, p.FollowUps = nil, nil, nil, nil
	mapField := func(list string, j int, form string, names ...string) {
		for _, name := range names {
			fields = append(fields, grant.FieldIndex(list, j, name), form+"-"+strings.Split(name, "_")[0])
		}
	}
	goalAt, measureAt, indicatorAt := map[int]int{}, map[int]int{}, map[int]int{}
	for i := range n.goals {
		k := fmt.Sprintf("g%d", i)
		if f.Get(k+"-text") == "" {
			continue
		}
		goalAt[i] = len(p.Goals)
		fields = append(fields, grant.FieldIndex("goals", len(p.Goals), "horizon"), k+"-horizon", grant.FieldIndex("goals", len(p.Goals), "text"), k+"-text")
		p.Goals = append(p.Goals, grant.Goal{ID: f.Int(k+"-id", false), Horizon: grant.Horizon(f.Get(k + "-horizon")), Text: f.Get(k + "-text")})
	}
	for i := range n.measures {
		k := fmt.Sprintf("m%d", i)
		if f.Get(k+"-text") == "" {
			continue
		}
		m := grant.Measure{ID: f.Int(k+"-id", false), Text: f.Get(k + "-text"), InitiativeID: f.Int(k+"-initiative", false),
			TargetGroup: grant.TargetGroup(f.Get(k + "-target"))}
		if row := f.Get(k + "-goal"); row != "" {
			r, _ := strconv.Atoi(row)
			if g, ok := goalAt[r]; ok {
				m.GoalIndex = &g
			} else {
				f.fieldError(k+"-goal", "Choose a goal that is filled in.", "Välj ett mål som är ifyllt.")
			}
		}
		measureAt[i] = len(p.Measures)
		mapField("measures", len(p.Measures), k, "text", "initiative_id", "target_group", "goal_index", "goal_id")
		p.Measures = append(p.Measures, m)
	}
	for i := range n.indicators {
		k := fmt.Sprintf("n%d", i)
		if f.Get(k+"-name") == "" {
			continue
		}
		in := grant.Indicator{ID: f.Int(k+"-id", false), Name: f.Get(k + "-name"), Unit: f.Get(k + "-unit"), KoladaKPI: f.Get(k + "-kpi"),
			Target: f.Float(k + "-target")}
		indicatorAt[i] = len(p.Indicators)
		fields = append(fields, grant.FieldIndex("indicators", len(p.Indicators), "name"), k+"-name",
			grant.FieldIndex("indicators", len(p.Indicators), "kolada_kpi"), k+"-kpi", grant.FieldIndex("indicators", len(p.Indicators), "target"), k+"-target")
		p.Indicators = append(p.Indicators, in)
	}
	for i := range n.followUps {
		k := fmt.Sprintf("u%d", i)
		if f.Get(k+"-year") == "" {
			continue
		}
		fu := grant.FollowUp{ID: f.Int(k+"-id", false), Year: int(f.Int(k+"-year", true)), Status: grant.FollowUpStatus(f.Get(k + "-status")),
			Value: f.Float(k + "-value"), Comment: f.Get(k + "-comment")}
		of := f.Required(k + "-of")
		row, _ := strconv.Atoi(of[min(1, len(of)):])
		switch {
		case strings.HasPrefix(of, "m"):
			if j, ok := measureAt[row]; ok {
				fu.MeasureIndex = &j
			} else {
				f.fieldError(k+"-of", "Choose a measure that is filled in.", "Välj en åtgärd som är ifylld.")
			}
		case strings.HasPrefix(of, "n"):
			if j, ok := indicatorAt[row]; ok {
				fu.IndicatorIndex = &j
			} else {
				f.fieldError(k+"-of", "Choose an indicator that is filled in.", "Välj en indikator som är ifylld.")
			}
		}
		j := len(p.FollowUps)
		fields = append(fields, grant.FieldIndex("follow_ups", j, "year"), k+"-year", grant.FieldIndex("follow_ups", j, "status"), k+"-status",
			grant.FieldIndex("follow_ups", j, "value"), k+"-value", grant.FieldIndex("follow_ups", j, "measure"), k+"-of",
			grant.FieldIndex("follow_ups", j, "measure_index"), k+"-of", grant.FieldIndex("follow_ups", j, "indicator_index"), k+"-of")
		p.FollowUps = append(p.FollowUps, fu)
	}
	return fields
}

func (h *Handler) newPlan(w http.ResponseWriter, r *http.Request) {
	o, ok := h.actingOrg(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	h.planForm(w, r, http.StatusOK, o, false, emptyForm(language(r), planValues(grant.ActionPlan{Status: grant.PlanDraft})))
}

func (h *Handler) createPlan(w http.ResponseWriter, r *http.Request) {
	o, ok := h.actingOrg(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	f := newForm(r)
	p := grant.ActionPlan{OwnerOrg: o.Code}
	fields := readPlan(f, &p)
	if f.OK() {
		created, err := h.cfg.Local.CreateActionPlan(r.Context(), p)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/plans/%d", created.ID), http.StatusSeeOther)
			return
		}
		if !f.Refused(err, fields...) {
			h.fail(w, r, err)
			return
		}
	}
	h.planForm(w, r, http.StatusUnprocessableEntity, o, false, f)
}

// editedPlan reads the plan of the path and checks that the actor may act
// for its owner.
func (h *Handler) editedPlan(w http.ResponseWriter, r *http.Request) (grant.ActionPlan, grant.Organisation, bool) {
	p, ok := h.pathPlan(w, r)
	if !ok {
		return p, grant.Organisation{}, false
	}
	if p.OwnerOrg == "" && h.cfg.Collab != nil {
		o, ok := h.jointPlanOwner(w, r, p)
		return p, o, ok
	}
	o, ok := h.actingOrg(w, r, p.OwnerOrg)
	return p, o, ok
}

func (h *Handler) editPlan(w http.ResponseWriter, r *http.Request) {
	p, o, ok := h.editedPlan(w, r)
	if !ok {
		return
	}
	h.planForm(w, r, http.StatusOK, o, true, emptyForm(language(r), planValues(p)))
}

// updatePlan saves an edit; one made on a stale page shows the current
// plan with a notice.
func (h *Handler) updatePlan(w http.ResponseWriter, r *http.Request) {
	before, o, ok := h.editedPlan(w, r)
	if !ok {
		return
	}
	f := newForm(r)
	p := grant.ActionPlan{ID: before.ID, OwnerOrg: before.OwnerOrg, OwnerGroup: before.OwnerGroup, OwnerCounty: before.OwnerCounty,
		Version: f.Int("version", true)}
	fields := readPlan(f, &p)
	status := http.StatusUnprocessableEntity
	if f.OK() {
		_, err := h.cfg.Local.UpdateActionPlan(r.Context(), p)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/plans/%d", p.ID), http.StatusSeeOther)
			return
		}
		status, err = f.refusedSave(err, func() (url.Values, error) {
			current, err := h.cfg.Local.ActionPlan(r.Context(), p.ID)
			return planValues(current), err
		}, fields...)
		if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.planForm(w, r, status, o, true, f)
}

// Float reads an optional decimal number, written with a comma or a point;
// empty is nil.
func (f *form) Float(name string) *float64 {
	s := strings.ReplaceAll(strings.ReplaceAll(f.Get(name), " ", ""), ",", ".")
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		f.fieldError(name, "Enter a number.", "Ange ett tal.")
		return nil
	}
	return &v
}
