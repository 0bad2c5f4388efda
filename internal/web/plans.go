package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// planView is an action plan as its page shows it: every child with the
// names of what it refers to.
type planView struct {
	Plan       grant.ActionPlan
	Owner      grant.Organisation
	OwnerHref  string // the owner's page: an organisation's, a group's or a county's
	OwnerName  string
	Joint      string // for a group's or county's plan, the organisations jointly responsible
	Status     string
	MayWrite   bool
	Goals      []planGoal
	Measures   []planMeasure
	Indicators []grant.Indicator
	FollowUps  []planFollowUp
	Trends     []koladaTrend // Kolada figures of the indicators with a key figure
	FigureOrg  grant.Organisation
}

type planGoal struct{ N, Horizon, Text string }

type planMeasure struct {
	Goal, Text, Initiative, TargetGroup string
	InitiativeID                        int64
}

type planFollowUp struct {
	Year                int
	Of, Status, Comment string
	Value               string
}

func horizonName(lang string, h grant.Horizon) string {
	switch h {
	case grant.HorizonShort:
		return pick(lang, "short-term", "kortsiktigt")
	case grant.HorizonLong:
		return pick(lang, "long-term", "långsiktigt")
	}
	return string(h)
}

func planStatus(lang string, s grant.PlanStatus) string {
	switch s {
	case grant.PlanDraft:
		return pick(lang, "draft", "utkast")
	case grant.PlanAdopted:
		return pick(lang, "adopted", "antagen")
	}
	return string(s)
}

func followUpStatus(lang string, s grant.FollowUpStatus) string {
	switch s {
	case grant.FollowUpNotStarted:
		return pick(lang, "not started", "ej påbörjad")
	case grant.FollowUpOngoing:
		return pick(lang, "ongoing", "pågår")
	case grant.FollowUpDone:
		return pick(lang, "done", "genomförd")
	case grant.FollowUpDelayed:
		return pick(lang, "delayed", "försenad")
	}
	return string(s)
}

// plan shows one action plan: adopted plans to everyone, drafts to those
// who may read the owner's records.
func (h *Handler) plan(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), language(r)
	p, ok := h.pathPlan(w, r)
	if !ok {
		return
	}
	if p.OwnerOrg == "" {
		h.jointPlan(w, r, p)
		return
	}
	owner, err := h.cfg.Local.Organisation(ctx, p.OwnerOrg)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	titles, err := h.initiativeTitles(ctx, p.OwnerOrg)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := planView{Plan: p, Owner: owner, OwnerHref: "/organisations/" + owner.Code, OwnerName: org(owner.Name, owner.Code),
		Status: planStatus(lang, p.Status), MayWrite: h.cfg.Local.MayActFor(ctx, p.OwnerOrg) == nil, Indicators: p.Indicators}
	if v.FigureOrg, err = h.figureOrg(ctx, owner); err != nil {
		h.fail(w, r, err)
		return
	}
	if v.Trends, err = h.planTrends(ctx, lang, p, v.FigureOrg.Code); err != nil {
		h.fail(w, r, err)
		return
	}
	h.showPlan(w, r, v, titles)
}

// jointPlan shows a group's or a county's plan with the organisations
// jointly responsible.
func (h *Handler) jointPlan(w http.ResponseWriter, r *http.Request, p grant.ActionPlan) {
	ctx, lang := r.Context(), language(r)
	v := planView{Plan: p, Status: planStatus(lang, p.Status), Indicators: p.Indicators}
	if p.OwnerGroup != 0 && h.cfg.Collab != nil {
		g, err := h.cfg.Collab.Group(ctx, p.OwnerGroup)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		v.OwnerHref, v.OwnerName = fmt.Sprintf("/groups/%d", g.ID), g.Name
		v.MayWrite = h.cfg.Collab.MayEditGroup(ctx, g.ID) == nil
	} else {
		v.OwnerHref, v.OwnerName = "/counties/"+p.OwnerCounty+"/collaboration", h.counties[p.OwnerCounty]
		v.MayWrite = h.cfg.Collab != nil && h.cfg.Collab.MayPlanForCounty(ctx, p.OwnerCounty) == nil
	}
	v.Joint = strings.Join(p.Responsible, ", ")
	h.showPlan(w, r, v, map[int64]string{})
}

// showPlan fills in the plan's children and renders it, or its export.
func (h *Handler) showPlan(w http.ResponseWriter, r *http.Request, v planView, titles map[int64]string) {
	lang, p := language(r), v.Plan
	goals := &sheet{Name: fmt.Sprintf("handlingsplan-%d-mal", p.ID), Header: []string{"Nr", "Sikt", "Mål"}}
	for i, g := range p.Goals {
		v.Goals = append(v.Goals, planGoal{N: strconv.Itoa(i + 1), Horizon: horizonName(lang, g.Horizon), Text: g.Text})
		goals.add(i+1, horizonName("sv", g.Horizon), g.Text)
	}
	measures := &sheet{Name: fmt.Sprintf("handlingsplan-%d-atgarder", p.ID), Header: []string{"Mål", "Åtgärd", "Insats", "Målgrupp"}}
	for _, m := range p.Measures {
		pm := planMeasure{Text: m.Text, Initiative: titles[m.InitiativeID], InitiativeID: m.InitiativeID, TargetGroup: targetGroup(lang, m.TargetGroup)}
		if m.GoalIndex != nil && *m.GoalIndex < len(p.Goals) {
			pm.Goal = fmt.Sprintf("%d. %s", *m.GoalIndex+1, p.Goals[*m.GoalIndex].Text)
		}
		v.Measures = append(v.Measures, pm)
		measures.add(pm.Goal, m.Text, pm.Initiative, targetGroup("sv", m.TargetGroup))
	}
	indicators := &sheet{Name: fmt.Sprintf("handlingsplan-%d-indikatorer", p.ID), Header: []string{"Indikator", "Enhet", "Kolada", "Målvärde"}}
	for _, in := range p.Indicators {
		indicators.add(in.Name, in.Unit, in.KoladaKPI, number(in.Target))
	}
	followUps := &sheet{Name: fmt.Sprintf("handlingsplan-%d-uppfoljning", p.ID), Header: []string{"År", "Avser", "Status", "Värde", "Kommentar"}}
	for _, fu := range p.FollowUps {
		pf := planFollowUp{Year: fu.Year, Status: followUpStatus(lang, fu.Status), Value: number(fu.Value), Comment: fu.Comment}
		switch {
		case fu.MeasureIndex != nil && *fu.MeasureIndex < len(p.Measures):
			pf.Of = pick(lang, "Measure: ", "Åtgärd: ") + p.Measures[*fu.MeasureIndex].Text
		case fu.IndicatorIndex != nil && *fu.IndicatorIndex < len(p.Indicators):
			pf.Of = pick(lang, "Indicator: ", "Indikator: ") + p.Indicators[*fu.IndicatorIndex].Name
		}
		v.FollowUps = append(v.FollowUps, pf)
		followUps.add(fu.Year, pf.Of, followUpStatus("sv", fu.Status), pf.Value, fu.Comment)
	}
	out := map[string]*sheet{"goals": goals, "measures": measures, "indicators": indicators}[r.URL.Query().Get("table")]
	if out == nil {
		out = followUps
	}
	if h.exported(w, r, out) {
		return
	}
	h.render(w, r, http.StatusOK, "plan", p.Title, v)
}

// number writes an optional figure; none is empty.
func number(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// pathPlan reads the plan the path names.
func (h *Handler) pathPlan(w http.ResponseWriter, r *http.Request) (grant.ActionPlan, bool) {
	id, err := pathID(r, "id", "action plan", "handlingsplanen")
	if err != nil {
		h.fail(w, r, err)
		return grant.ActionPlan{}, false
	}
	p, err := h.cfg.Local.ActionPlan(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return p, false
	}
	return p, true
}

func (h *Handler) initiativeTitles(ctx context.Context, org string) (map[int64]string, error) {
	list, _, err := h.cfg.Local.Initiatives(ctx, app.ListFilter{OrgCode: org})
	if err != nil {
		return nil, err
	}
	titles := map[int64]string{}
	for _, in := range list {
		titles[in.ID] = in.Title
	}
	return titles, nil
}

// orgPlan is a plan as the organisation page lists it.
type orgPlan struct {
	ID               int64
	Title, Status    string
	FromYear, ToYear int
}

// orgLocal adds the organisation's action plans and whether the actor may
// act for it (for the links to the forms); without Local it adds nothing.
func (h *Handler) orgLocal(ctx context.Context, lang string, page *orgPage, _ *orgReads) error {
	if h.cfg.Local == nil {
		return nil
	}
	page.Local = true
	page.MayWrite = h.cfg.Local.MayActFor(ctx, page.Org.Code) == nil
	plans, _, err := h.cfg.Local.ActionPlans(ctx, app.ListFilter{OrgCode: page.Org.Code})
	if err != nil {
		return err
	}
	for _, p := range plans {
		if p.OwnerOrg != page.Org.Code {
			continue
		}
		page.Plans = append(page.Plans, orgPlan{ID: p.ID, Title: p.Title, Status: planStatus(lang, p.Status), FromYear: p.FromYear, ToYear: p.ToYear})
	}
	return nil
}
