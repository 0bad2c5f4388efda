package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/anslag/anslag/internal/grant"
)

// initiativePage is the form of a new or an edited initiative.
type initiativePage struct {
	Org    grant.Organisation
	Action string // where the form posts
	Edit   bool
	Form   *form
	Kinds  []option
	Groups []option
}

func (h *Handler) initiativeForm(w http.ResponseWriter, r *http.Request, status int, o grant.Organisation, action string, edit bool, f *form) {
	lang := language(r)
	page := initiativePage{Org: o, Action: action, Edit: edit, Form: f,
		Kinds: []option{{string(grant.InitiativeOneOff), initiativeKind(lang, grant.InitiativeOneOff)},
			{string(grant.InitiativeRecurring), initiativeKind(lang, grant.InitiativeRecurring)}},
		Groups: targetGroupOptions(lang)}
	title := pick(lang, "New initiative", "Ny insats")
	if edit {
		title = pick(lang, "Edit initiative", "Ändra insats")
	}
	h.render(w, r, status, "initiative_form", title, page)
}

func targetGroupOptions(lang string) []option {
	var out []option
	for _, g := range []grant.TargetGroup{grant.TargetChildrenYouth, grant.TargetAdults, grant.TargetElderly, grant.TargetAll} {
		out = append(out, option{string(g), targetGroup(lang, g)})
	}
	return out
}

// newInitiative shows an empty form to those who may act for the organisation.
func (h *Handler) newInitiative(w http.ResponseWriter, r *http.Request) {
	o, ok := h.actingOrg(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	f := emptyForm(language(r), url.Values{"kind": {string(grant.InitiativeOneOff)}, "target_group": {string(grant.TargetAll)}})
	// A proposal read from a decision text links here with its fields filled in.
	q := r.URL.Query()
	for _, name := range []string{"title", "description", "kind", "start_year", "end_year", "amount", "target_group", "partner_code"} {
		if v := q.Get(name); v != "" {
			f.Values.Set(name, v)
		}
	}
	h.initiativeForm(w, r, http.StatusOK, o, r.URL.Path, false, f)
}

// actingOrg reads the organisation and checks that the actor may act for
// it, answering the request itself when not.
func (h *Handler) actingOrg(w http.ResponseWriter, r *http.Request, code string) (grant.Organisation, bool) {
	ctx := r.Context()
	o, err := h.cfg.Local.Organisation(ctx, code)
	if err == nil {
		err = h.cfg.Local.MayActFor(ctx, o.Code)
	}
	if err != nil {
		h.fail(w, r, err)
		return o, false
	}
	return o, true
}

// readInitiative reads the posted fields into in.
func readInitiative(f *form, in *grant.Initiative) {
	in.Title = f.Required("title")
	in.Description = f.Get("description")
	in.Kind = grant.InitiativeKind(f.Required("kind"))
	in.StartYear = int(f.Int("start_year", true))
	in.EndYear = int(f.Int("end_year", false))
	in.Amount = f.Amount("amount", true)
	in.TargetGroup = grant.TargetGroup(f.Required("target_group"))
	in.PartnerCode = f.Get("partner_code")
}

func (h *Handler) createInitiative(w http.ResponseWriter, r *http.Request) {
	o, ok := h.actingOrg(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	f := newForm(r)
	in := grant.Initiative{OrgCode: o.Code}
	readInitiative(f, &in)
	if f.OK() {
		_, err := h.cfg.Local.CreateInitiative(r.Context(), in)
		if err == nil {
			http.Redirect(w, r, "/organisations/"+o.Code+"#initiatives", http.StatusSeeOther)
			return
		}
		if !f.Refused(err) {
			h.fail(w, r, err)
			return
		}
	}
	h.initiativeForm(w, r, http.StatusUnprocessableEntity, o, r.URL.Path, false, f)
}

// initiativeValues are an initiative's fields as the form writes them.
func initiativeValues(in grant.Initiative) url.Values {
	v := url.Values{"title": {in.Title}, "description": {in.Description}, "kind": {string(in.Kind)},
		"start_year": {strconv.Itoa(in.StartYear)}, "amount": {in.Amount.HTML()}, "target_group": {string(in.TargetGroup)},
		"partner_code": {in.PartnerCode}, "version": {strconv.FormatInt(in.Version, 10)}}
	if in.EndYear != 0 {
		v.Set("end_year", strconv.Itoa(in.EndYear))
	}
	return v
}

// editedInitiative reads the initiative of the path and checks that the
// actor may act for its organisation.
func (h *Handler) editedInitiative(w http.ResponseWriter, r *http.Request) (grant.Initiative, grant.Organisation, bool) {
	id, err := pathID(r, "id", "initiative", "insatsen")
	if err != nil {
		h.fail(w, r, err)
		return grant.Initiative{}, grant.Organisation{}, false
	}
	in, err := h.cfg.Local.Initiative(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return in, grant.Organisation{}, false
	}
	o, ok := h.actingOrg(w, r, in.OrgCode)
	return in, o, ok
}

func (h *Handler) editInitiative(w http.ResponseWriter, r *http.Request) {
	in, o, ok := h.editedInitiative(w, r)
	if !ok {
		return
	}
	h.initiativeForm(w, r, http.StatusOK, o, r.URL.Path, true, emptyForm(language(r), initiativeValues(in)))
}

// updateInitiative saves an edit; one made on a stale page shows the
// current values with a notice.
func (h *Handler) updateInitiative(w http.ResponseWriter, r *http.Request) {
	in, o, ok := h.editedInitiative(w, r)
	if !ok {
		return
	}
	f := newForm(r)
	edited := grant.Initiative{ID: in.ID, OrgCode: in.OrgCode, AgreementID: in.AgreementID, Version: f.Int("version", true)}
	readInitiative(f, &edited)
	status := http.StatusUnprocessableEntity
	if f.OK() {
		_, err := h.cfg.Local.UpdateInitiative(r.Context(), edited)
		if err == nil {
			http.Redirect(w, r, "/organisations/"+o.Code+"#initiatives", http.StatusSeeOther)
			return
		}
		status, err = f.refusedSave(err, func() (url.Values, error) {
			current, err := h.cfg.Local.Initiative(r.Context(), in.ID)
			return initiativeValues(current), err
		})
		if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.initiativeForm(w, r, status, o, r.URL.Path, true, f)
}
