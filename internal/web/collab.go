package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// Collab is what the collaboration pages need: agreements between
// organisations (samverkansöverenskommelser) and leadership groups with
// their joint action plans. The service decides who may write.
type Collab interface {
	MayActFor(ctx context.Context, org string) error
	MayEditGroup(ctx context.Context, id int64) error
	MayPlanForCounty(ctx context.Context, county string) error
	Organisation(ctx context.Context, code string) (grant.Organisation, error)
	CollabAgreement(ctx context.Context, id int64) (grant.CollabAgreement, error)
	CollabAgreements(ctx context.Context, f app.CollabFilter) ([]grant.CollabAgreement, int, error)
	CreateCollabAgreement(ctx context.Context, a grant.CollabAgreement) (grant.CollabAgreement, error)
	UpdateCollabAgreement(ctx context.Context, a grant.CollabAgreement) (grant.CollabAgreement, error)
	ApproveCollabAgreement(ctx context.Context, id, version int64, org string) (grant.CollabAgreement, error)
	ExpiringWithin(days int) grant.Date
	Group(ctx context.Context, id int64) (grant.Group, error)
	Groups(ctx context.Context, f app.CollabFilter) ([]grant.Group, int, error)
	CreateGroup(ctx context.Context, g grant.Group) (grant.Group, error)
	UpdateGroup(ctx context.Context, g grant.Group) (grant.Group, error)
	GroupPlans(ctx context.Context, group int64, county string) ([]grant.ActionPlan, error)
}

// collabListMax bounds the lists on pages; the API pages through more.
const collabListMax = 500

// expiringDays is how far ahead the list's expiring filter looks.
const expiringDays = 90

func (h *Handler) registerCollab(mux Mux) {
	if h.cfg.Collab == nil {
		return
	}
	mux.Handle("GET /collaboration-agreements", http.HandlerFunc(h.collabAgreements))
	mux.Handle("GET /collaboration-agreements/new", http.HandlerFunc(h.newCollabAgreement))
	mux.Handle("POST /collaboration-agreements/new", http.HandlerFunc(h.createCollabAgreement))
	mux.Handle("GET /collaboration-agreements/{id}", http.HandlerFunc(h.collabAgreement))
	mux.Handle("GET /collaboration-agreements/{id}/edit", http.HandlerFunc(h.editCollabAgreement))
	mux.Handle("POST /collaboration-agreements/{id}/edit", http.HandlerFunc(h.updateCollabAgreement))
	mux.Handle("POST /collaboration-agreements/{id}/approve", http.HandlerFunc(h.approveCollabAgreement))
	mux.Handle("GET /groups/new", http.HandlerFunc(h.newGroup))
	mux.Handle("POST /groups/new", http.HandlerFunc(h.createGroup))
	mux.Handle("GET /groups/{id}", http.HandlerFunc(h.group))
	mux.Handle("GET /groups/{id}/edit", http.HandlerFunc(h.editGroup))
	mux.Handle("POST /groups/{id}/edit", http.HandlerFunc(h.updateGroup))
	mux.Handle("GET /counties/{code}/collaboration", http.HandlerFunc(h.countyCollab))
	if h.cfg.Local != nil {
		mux.Handle("GET /groups/{id}/plans/new", http.HandlerFunc(h.newGroupPlan))
		mux.Handle("POST /groups/{id}/plans/new", http.HandlerFunc(h.createGroupPlan))
		mux.Handle("GET /counties/{code}/plans/new", http.HandlerFunc(h.newCountyPlan))
		mux.Handle("POST /counties/{code}/plans/new", http.HandlerFunc(h.createCountyPlan))
	}
}

// collabRow is an agreement as lists show it.
type collabRow struct {
	grant.CollabAgreement
	StatusName, Target string
	PartyList          string // the parties' names, joined
}

func (h *Handler) collabRows(ctx context.Context, lang string, list []grant.CollabAgreement) []collabRow {
	out := make([]collabRow, len(list))
	for i, a := range list {
		out[i] = collabRow{CollabAgreement: a, StatusName: collabStatus(lang, a.Status), Target: targetGroup(lang, a.TargetGroup)}
		names := make([]string, len(a.Parties))
		for j, p := range a.Parties {
			names[j] = h.orgName(ctx, p.OrgCode)
		}
		out[i].PartyList = strings.Join(names, ", ")
	}
	return out
}

// orgName is an organisation's name with its code, or the code alone
// when it cannot be read.
func (h *Handler) orgName(ctx context.Context, code string) string {
	o, err := h.cfg.Collab.Organisation(ctx, code)
	if err != nil {
		return code
	}
	return org(o.Name, o.Code)
}

func collabStatus(lang string, s grant.CollabStatus) string {
	switch s {
	case grant.CollabDraft:
		return pick(lang, "draft, awaiting approvals", "utkast, inväntar godkännanden")
	case grant.CollabApproved:
		return pick(lang, "approved", "godkänd")
	case grant.CollabExpired:
		return pick(lang, "expired", "utgången")
	}
	return string(s)
}

type collabListPage struct {
	Rows     []collabRow
	Expiring bool
	Days     int
	Org      string
}

// collabAgreements lists the agreements, optionally those of one
// organisation and those expiring within 90 days.
func (h *Handler) collabAgreements(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), language(r)
	q := r.URL.Query()
	f := app.CollabFilter{ListFilter: app.ListFilter{OrgCode: q.Get("org"), County: q.Get("county"), Limit: collabListMax}}
	page := collabListPage{Expiring: q.Get("expiring") != "", Days: expiringDays, Org: f.OrgCode}
	if page.Expiring {
		f.ExpiringBy = h.cfg.Collab.ExpiringWithin(expiringDays)
	}
	list, _, err := h.cfg.Collab.CollabAgreements(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.Rows = h.collabRows(ctx, lang, list)
	h.render(w, r, http.StatusOK, "collab_agreements", pick(lang, "Collaboration agreements", "Samverkansöverenskommelser"), page)
}

type collabPage struct {
	collabRow
	Parties []collabPartyView
	Notice  string // why an approval was refused
}

type collabPartyView struct {
	grant.CollabParty
	Name       string
	MayApprove bool
}

func (h *Handler) pathCollab(w http.ResponseWriter, r *http.Request) (grant.CollabAgreement, bool) {
	id, err := pathID(r, "id", "collaboration agreement", "samverkansöverenskommelsen")
	if err != nil {
		h.fail(w, r, err)
		return grant.CollabAgreement{}, false
	}
	a, err := h.cfg.Collab.CollabAgreement(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return a, false
	}
	return a, true
}

// collabAgreement shows one agreement with each party's approval, and an
// approve button for the parties the actor acts for.
func (h *Handler) collabAgreement(w http.ResponseWriter, r *http.Request) {
	a, ok := h.pathCollab(w, r)
	if !ok {
		return
	}
	h.showCollab(w, r, http.StatusOK, a, "")
}

func (h *Handler) showCollab(w http.ResponseWriter, r *http.Request, status int, a grant.CollabAgreement, notice string) {
	ctx, lang := r.Context(), language(r)
	page := collabPage{collabRow: h.collabRows(ctx, lang, []grant.CollabAgreement{a})[0], Notice: notice}
	for _, p := range a.Parties {
		page.Parties = append(page.Parties, collabPartyView{CollabParty: p, Name: h.orgName(ctx, p.OrgCode),
			MayApprove: !p.Approved() && a.Status == grant.CollabDraft && h.cfg.Collab.MayActFor(ctx, p.OrgCode) == nil})
	}
	h.render(w, r, status, "collab_agreement", a.Subject, page)
}

type collabFormPage struct {
	Action string
	Edit   bool
	Form   *form
	Groups []option
}

func (h *Handler) collabForm(w http.ResponseWriter, r *http.Request, status int, edit bool, f *form) {
	lang := language(r)
	title := pick(lang, "New collaboration agreement", "Ny samverkansöverenskommelse")
	if edit {
		title = pick(lang, "Edit collaboration agreement", "Ändra samverkansöverenskommelse")
	}
	h.render(w, r, status, "collab_form", title, collabFormPage{Action: r.URL.Path, Edit: edit, Form: f, Groups: targetGroupOptions(lang)})
}

// newCollabAgreement offers the form to logged-in users; the service
// checks on saving that they coordinate a party. ?org= fills in the first party.
func (h *Handler) newCollabAgreement(w http.ResponseWriter, r *http.Request) {
	if !app.ActorFrom(r.Context()).LoggedIn() {
		h.fail(w, r, grant.Errorf(grant.EUNAUTHORIZED, "", "log in to do this", "logga in för att göra detta"))
		return
	}
	h.collabForm(w, r, http.StatusOK, false, emptyForm(language(r), url.Values{"parties": {r.URL.Query().Get("org")}, "target_group": {string(grant.TargetChildrenYouth)}}))
}

// readCollab reads the posted fields; parties are codes separated by
// commas or spaces.
func readCollab(f *form, a *grant.CollabAgreement) {
	a.Parties = nil
	for _, c := range strings.FieldsFunc(f.Required("parties"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		a.Parties = append(a.Parties, grant.CollabParty{OrgCode: c})
	}
	a.Subject = f.Required("subject")
	a.TargetGroup = grant.TargetGroup(f.Required("target_group"))
	a.ValidFrom = f.Date("valid_from", true)
	a.ValidTo = f.Date("valid_to", true)
	a.DocumentRef = f.Get("document_ref")
}

// collabFields maps the service's field names to the form's.
func collabFields(n int) []string {
	out := []string{}
	for i := range n {
		out = append(out, grant.FieldIndex("parties", i, "org_code"), "parties")
	}
	return out
}

func (h *Handler) createCollabAgreement(w http.ResponseWriter, r *http.Request) {
	if !app.ActorFrom(r.Context()).LoggedIn() {
		h.fail(w, r, grant.Errorf(grant.EUNAUTHORIZED, "", "log in to do this", "logga in för att göra detta"))
		return
	}
	f := newForm(r)
	var a grant.CollabAgreement
	readCollab(f, &a)
	if f.OK() {
		created, err := h.cfg.Collab.CreateCollabAgreement(r.Context(), a)
		if err == nil {
			http.Redirect(w, r, "/collaboration-agreements/"+strconv.FormatInt(created.ID, 10), http.StatusSeeOther)
			return
		}
		if !f.Refused(err, collabFields(len(a.Parties))...) {
			h.fail(w, r, err)
			return
		}
	}
	h.collabForm(w, r, http.StatusUnprocessableEntity, false, f)
}

func collabValues(a grant.CollabAgreement) url.Values {
	codes := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		codes[i] = p.OrgCode
	}
	return url.Values{"parties": {strings.Join(codes, ", ")}, "subject": {a.Subject}, "target_group": {string(a.TargetGroup)},
		"valid_from": {string(a.ValidFrom)}, "valid_to": {string(a.ValidTo)}, "document_ref": {a.DocumentRef},
		"version": {strconv.FormatInt(a.Version, 10)}}
}

// editableCollab reads the agreement of the path for a party's coordinator.
func (h *Handler) editableCollab(w http.ResponseWriter, r *http.Request) (grant.CollabAgreement, bool) {
	a, ok := h.pathCollab(w, r)
	if !ok {
		return a, false
	}
	if !app.ActorFrom(r.Context()).LoggedIn() {
		h.fail(w, r, grant.Errorf(grant.EUNAUTHORIZED, "", "log in to do this", "logga in för att göra detta"))
		return a, false
	}
	for _, p := range a.Parties {
		if h.cfg.Collab.MayActFor(r.Context(), p.OrgCode) == nil {
			return a, true
		}
	}
	h.fail(w, r, grant.Errorf(grant.EFORBIDDEN, "", "only coordinators of the parties may change the agreement", "bara samordnare för parterna får ändra överenskommelsen"))
	return a, false
}

func (h *Handler) editCollabAgreement(w http.ResponseWriter, r *http.Request) {
	a, ok := h.editableCollab(w, r)
	if !ok {
		return
	}
	h.collabForm(w, r, http.StatusOK, true, emptyForm(language(r), collabValues(a)))
}

func (h *Handler) updateCollabAgreement(w http.ResponseWriter, r *http.Request) {
	before, ok := h.editableCollab(w, r)
	if !ok {
		return
	}
	f := newForm(r)
	a := grant.CollabAgreement{ID: before.ID, Version: f.Int("version", true)}
	readCollab(f, &a)
	status := http.StatusUnprocessableEntity
	if f.OK() {
		_, err := h.cfg.Collab.UpdateCollabAgreement(r.Context(), a)
		if err == nil {
			http.Redirect(w, r, "/collaboration-agreements/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
			return
		}
		if status, err = f.refusedSave(err, currentValues(collabValues(before)), collabFields(len(a.Parties))...); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.collabForm(w, r, status, true, f)
}

// approveCollabAgreement records one party's approval from the agreement's page.
func (h *Handler) approveCollabAgreement(w http.ResponseWriter, r *http.Request) {
	a, ok := h.pathCollab(w, r)
	if !ok {
		return
	}
	f := newForm(r)
	if _, err := h.cfg.Collab.ApproveCollabAgreement(r.Context(), a.ID, f.Int("version", true), f.Get("org")); err != nil {
		if !f.Refused(err) {
			h.fail(w, r, err)
			return
		}
		if a, err = h.cfg.Collab.CollabAgreement(r.Context(), a.ID); err != nil {
			h.fail(w, r, err)
			return
		}
		h.showCollab(w, r, http.StatusConflict, a, f.Notice)
		return
	}
	http.Redirect(w, r, "/collaboration-agreements/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}
