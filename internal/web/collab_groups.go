package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// groupMemberRows is how many member lines the group form offers; a
// larger group is entered in several saves.
const groupMemberRows = 8

func groupKind(lang string, k grant.GroupKind) string {
	switch k {
	case grant.GroupChildrenYouth:
		return pick(lang, "children and young people (BUS)", "barn och unga (BUS)")
	case grant.GroupAdults:
		return pick(lang, "adults", "vuxna")
	case grant.GroupOther:
		return pick(lang, "other", "annan")
	}
	return string(k)
}

func memberRole(lang string, r grant.MemberRole) string {
	switch r {
	case grant.RoleSocialServices:
		return pick(lang, "social services", "socialtjänst")
	case grant.RoleSchool:
		return pick(lang, "school", "skola")
	case grant.RolePsychiatry:
		return pick(lang, "psychiatry", "psykiatri")
	case grant.RolePrimaryCare:
		return pick(lang, "primary care", "primärvård")
	case grant.RoleUserOrganisation:
		return pick(lang, "user organisation", "brukarorganisation")
	case grant.RoleOtherMember:
		return pick(lang, "other", "annan")
	}
	return string(r)
}

// groupRow is a group as lists show it.
type groupRow struct {
	grant.Group
	KindName, Owner string
}

func (h *Handler) groupRows(ctx context.Context, lang string, list []grant.Group) []groupRow {
	out := make([]groupRow, len(list))
	for i, g := range list {
		out[i] = groupRow{Group: g, KindName: groupKind(lang, g.Kind), Owner: h.groupOwner(ctx, g)}
	}
	return out
}

func (h *Handler) groupOwner(ctx context.Context, g grant.Group) string {
	if g.OrgCode != "" {
		return h.orgName(ctx, g.OrgCode)
	}
	return h.counties[g.CountyCode]
}

type groupMemberView struct {
	Role, Org, PersonName string
}

type groupPage struct {
	groupRow
	Members  []groupMemberView
	Plans    []orgPlan
	MayWrite bool
	MayPlan  bool // the plan form is served
}

func (h *Handler) pathGroup(w http.ResponseWriter, r *http.Request) (grant.Group, bool) {
	id, err := pathID(r, "id", "group", "gruppen")
	if err != nil {
		h.fail(w, r, err)
		return grant.Group{}, false
	}
	g, err := h.cfg.Collab.Group(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return g, false
	}
	return g, true
}

// group shows a leadership group with its members and action plans.
func (h *Handler) group(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), language(r)
	g, ok := h.pathGroup(w, r)
	if !ok {
		return
	}
	page := groupPage{groupRow: h.groupRows(ctx, lang, []grant.Group{g})[0], MayWrite: h.cfg.Collab.MayEditGroup(ctx, g.ID) == nil,
		MayPlan: h.cfg.Local != nil}
	for _, m := range g.Members {
		page.Members = append(page.Members, groupMemberView{Role: memberRole(lang, m.Role), Org: h.orgName(ctx, m.OrgCode), PersonName: m.PersonName})
	}
	plans, err := h.cfg.Collab.GroupPlans(ctx, g.ID, "")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.Plans = planRows(lang, plans)
	h.render(w, r, http.StatusOK, "group", g.Name, page)
}

func planRows(lang string, plans []grant.ActionPlan) []orgPlan {
	var out []orgPlan
	for _, p := range plans {
		out = append(out, orgPlan{ID: p.ID, Title: p.Title, Status: planStatus(lang, p.Status), FromYear: p.FromYear, ToYear: p.ToYear})
	}
	return out
}

type groupFormPage struct {
	Action string
	Edit   bool
	Form   *form
	Kinds  []option
	Roles  []option
	Rows   []int
}

func (h *Handler) groupForm(w http.ResponseWriter, r *http.Request, status int, edit bool, f *form) {
	lang := language(r)
	page := groupFormPage{Action: r.URL.RequestURI(), Edit: edit, Form: f}
	for _, k := range grant.GroupKinds {
		page.Kinds = append(page.Kinds, option{string(k), groupKind(lang, k)})
	}
	for _, ro := range grant.MemberRoles {
		page.Roles = append(page.Roles, option{string(ro), memberRole(lang, ro)})
	}
	for i := range groupMemberRows {
		page.Rows = append(page.Rows, i)
	}
	title := pick(lang, "New leadership group", "Ny ledningsgrupp")
	if edit {
		title = pick(lang, "Edit leadership group", "Ändra ledningsgrupp")
	}
	h.render(w, r, status, "group_form", title, page)
}

// newGroup offers the form for the organisation (?org=) or county (?county=)
// the actor may act for.
func (h *Handler) newGroup(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !app.ActorFrom(r.Context()).LoggedIn() {
		h.fail(w, r, grant.Errorf(grant.EUNAUTHORIZED, "", "log in to do this", "logga in för att göra detta"))
		return
	}
	v := url.Values{"kind": {string(grant.GroupChildrenYouth)}, "org_code": {q.Get("org")}, "county_code": {q.Get("county")}}
	for i := range groupMemberRows {
		v.Set(fmt.Sprintf("m%d-role", i), "")
		v.Set(fmt.Sprintf("m%d-org", i), "")
		v.Set(fmt.Sprintf("m%d-name", i), "")
	}
	h.groupForm(w, r, http.StatusOK, false, emptyForm(language(r), v))
}

// readGroup reads the posted fields; member lines without an organisation are left out.
func readGroup(f *form, g *grant.Group) []string {
	g.Kind = grant.GroupKind(f.Required("kind"))
	g.Name = f.Required("name")
	g.OrgCode, g.CountyCode = f.Get("org_code"), f.Get("county_code")
	g.Members = nil
	fields := []string{"org_code", "org_code"}
	for i := range groupMemberRows {
		k := fmt.Sprintf("m%d", i)
		if f.Get(k+"-org") == "" && f.Get(k+"-name") == "" {
			continue
		}
		j := len(g.Members)
		fields = append(fields, grant.FieldIndex("members", j, "role"), k+"-role", grant.FieldIndex("members", j, "org_code"), k+"-org")
		g.Members = append(g.Members, grant.GroupMember{Role: grant.MemberRole(f.Get(k + "-role")), OrgCode: f.Get(k + "-org"), PersonName: f.Get(k + "-name")})
	}
	return fields
}

func groupValues(g grant.Group) url.Values {
	v := url.Values{"kind": {string(g.Kind)}, "name": {g.Name}, "org_code": {g.OrgCode}, "county_code": {g.CountyCode},
		"version": {strconv.FormatInt(g.Version, 10)}}
	for i := range groupMemberRows {
		var m grant.GroupMember
		if i < len(g.Members) {
			m = g.Members[i]
		}
		v.Set(fmt.Sprintf("m%d-role", i), string(m.Role))
		v.Set(fmt.Sprintf("m%d-org", i), m.OrgCode)
		v.Set(fmt.Sprintf("m%d-name", i), m.PersonName)
	}
	return v
}

func (h *Handler) createGroup(w http.ResponseWriter, r *http.Request) {
	if !app.ActorFrom(r.Context()).LoggedIn() {
		h.fail(w, r, grant.Errorf(grant.EUNAUTHORIZED, "", "log in to do this", "logga in för att göra detta"))
		return
	}
	f := newForm(r)
	var g grant.Group
	fields := readGroup(f, &g)
	if f.OK() {
		created, err := h.cfg.Collab.CreateGroup(r.Context(), g)
		if err == nil {
			http.Redirect(w, r, "/groups/"+strconv.FormatInt(created.ID, 10), http.StatusSeeOther)
			return
		}
		if !f.Refused(err, fields...) {
			h.fail(w, r, err)
			return
		}
	}
	h.groupForm(w, r, http.StatusUnprocessableEntity, false, f)
}

func (h *Handler) editableGroup(w http.ResponseWriter, r *http.Request) (grant.Group, bool) {
	g, ok := h.pathGroup(w, r)
	if !ok {
		return g, false
	}
	if err := h.cfg.Collab.MayEditGroup(r.Context(), g.ID); err != nil {
		h.fail(w, r, err)
		return g, false
	}
	return g, true
}

func (h *Handler) editGroup(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editableGroup(w, r)
	if !ok {
		return
	}
	h.groupForm(w, r, http.StatusOK, true, emptyForm(language(r), groupValues(g)))
}

func (h *Handler) updateGroup(w http.ResponseWriter, r *http.Request) {
	before, ok := h.editableGroup(w, r)
	if !ok {
		return
	}
	f := newForm(r)
	g := grant.Group{ID: before.ID, Version: f.Int("version", true)}
	fields := readGroup(f, &g)
	status := http.StatusUnprocessableEntity
	if f.OK() {
		_, err := h.cfg.Collab.UpdateGroup(r.Context(), g)
		if err == nil {
			http.Redirect(w, r, "/groups/"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
			return
		}
		if status, err = f.refusedSave(err, currentValues(groupValues(before)), fields...); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.groupForm(w, r, status, true, f)
}

// collabSection is the organisation page's "Samverkan": its agreements and groups.
type collabSection struct {
	Agreements []collabRow
	Groups     []groupRow
	MayWrite   bool
}

// orgCollab adds the organisation's collaboration; without Collab nothing.
func (h *Handler) orgCollab(ctx context.Context, lang string, page *orgPage, _ *orgReads) error {
	if h.cfg.Collab == nil {
		return nil
	}
	f := app.CollabFilter{ListFilter: app.ListFilter{OrgCode: page.Org.Code, Limit: collabListMax}}
	agreements, _, err := h.cfg.Collab.CollabAgreements(ctx, f)
	if err != nil {
		return err
	}
	groups, _, err := h.cfg.Collab.Groups(ctx, f)
	if err != nil {
		return err
	}
	page.Collab = &collabSection{Agreements: h.collabRows(ctx, lang, agreements), Groups: h.groupRows(ctx, lang, groups),
		MayWrite: h.cfg.Collab.MayActFor(ctx, page.Org.Code) == nil}
	return nil
}

type countyCollabPage struct {
	Code, Name string
	Plans      []orgPlan
	Groups     []groupRow
	Agreements []collabRow
	MayWrite   bool
	MayPlan    bool // the plan form is served
}

// countyCollab shows a county's joint action plans, its groups and the
// agreements its organisations are party to.
func (h *Handler) countyCollab(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), language(r)
	code := r.PathValue("code")
	name, ok := h.counties[code]
	if !ok {
		h.fail(w, r, grant.NotFound("county", "länet", code))
		return
	}
	page := countyCollabPage{Code: code, Name: name, MayWrite: h.cfg.Collab.MayPlanForCounty(ctx, code) == nil, MayPlan: h.cfg.Local != nil}
	plans, err := h.cfg.Collab.GroupPlans(ctx, 0, code)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.Plans = planRows(lang, plans)
	f := app.CollabFilter{ListFilter: app.ListFilter{County: code, Limit: collabListMax}}
	groups, _, err := h.cfg.Collab.Groups(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.Groups = h.groupRows(ctx, lang, groups)
	agreements, _, err := h.cfg.Collab.CollabAgreements(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.Agreements = h.collabRows(ctx, lang, agreements)
	h.render(w, r, http.StatusOK, "county_collab", pick(lang, "Collaboration in ", "Samverkan i ")+name, page)
}

// groupPlanOwner is the organisation whose initiatives a group's plan may
// name: the group's own, or for a county's group its region.
func (h *Handler) groupPlanOwner(w http.ResponseWriter, r *http.Request, g grant.Group) (grant.Organisation, bool) {
	code := g.OrgCode
	if code == "" {
		code = g.CountyCode // a region's code is its county's
	}
	o, err := h.cfg.Local.Organisation(r.Context(), code)
	if err != nil {
		h.fail(w, r, err)
		return o, false
	}
	return o, true
}

// newGroupPlan offers the action plan form for a group, to those who may edit the group.
func (h *Handler) newGroupPlan(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editableGroup(w, r)
	if !ok {
		return
	}
	o, ok := h.groupPlanOwner(w, r, g)
	if !ok {
		return
	}
	h.planForm(w, r, http.StatusOK, o, false, emptyForm(language(r), planValues(grant.ActionPlan{Status: grant.PlanDraft})))
}

// createGroupPlan saves a group's plan, jointly owned by its organisations.
func (h *Handler) createGroupPlan(w http.ResponseWriter, r *http.Request) {
	g, ok := h.editableGroup(w, r)
	if !ok {
		return
	}
	o, ok := h.groupPlanOwner(w, r, g)
	if !ok {
		return
	}
	f := newForm(r)
	p := grant.ActionPlan{OwnerGroup: g.ID}
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

// jointPlanOwner checks that the actor may write a group's or county's plan
// and returns the organisation whose initiatives the plan form offers.
func (h *Handler) jointPlanOwner(w http.ResponseWriter, r *http.Request, p grant.ActionPlan) (grant.Organisation, bool) {
	ctx := r.Context()
	if p.OwnerGroup != 0 {
		g, err := h.cfg.Collab.Group(ctx, p.OwnerGroup)
		if err == nil {
			err = h.cfg.Collab.MayEditGroup(ctx, g.ID)
		}
		if err != nil {
			h.fail(w, r, err)
			return grant.Organisation{}, false
		}
		return h.groupPlanOwner(w, r, g)
	}
	if err := h.cfg.Collab.MayPlanForCounty(ctx, p.OwnerCounty); err != nil {
		h.fail(w, r, err)
		return grant.Organisation{}, false
	}
	return h.groupPlanOwner(w, r, grant.Group{CountyCode: p.OwnerCounty})
}

// newCountyPlan offers the action plan form for a county-wide plan.
func (h *Handler) newCountyPlan(w http.ResponseWriter, r *http.Request) {
	o, ok := h.jointPlanOwner(w, r, grant.ActionPlan{OwnerCounty: r.PathValue("code")})
	if !ok {
		return
	}
	h.planForm(w, r, http.StatusOK, o, false, emptyForm(language(r), planValues(grant.ActionPlan{Status: grant.PlanDraft})))
}

// createCountyPlan saves a county-wide plan, jointly owned by the county's
// region, municipalities and county-wide groups' organisations.
func (h *Handler) createCountyPlan(w http.ResponseWriter, r *http.Request) {
	county := r.PathValue("code")
	o, ok := h.jointPlanOwner(w, r, grant.ActionPlan{OwnerCounty: county})
	if !ok {
		return
	}
	f := newForm(r)
	p := grant.ActionPlan{OwnerCounty: county}
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
