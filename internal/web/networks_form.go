package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// The network form: a network's own fields and its members, one row each.
// A network may have every principal of a county as a member (Stockholm's
// has 27), so the form offers the members it has plus a few blank rows to
// add more; the number of rows travels in the form so that a refused
// submit shows the same rows again. A row left blank is no member, which
// is how a member is removed.

const (
	networkBlankRows = 4   // empty member rows offered below the members
	networkNewRows   = 8   // member rows of a new network
	networkMaxRows   = 400 // more than any county has principals; bounds a forged "rows"
)

type networkFormPage struct {
	Action   string
	Edit     bool
	Network  grant.Network // the network edited, for the breadcrumb
	Form     *form
	Counties []option
	Rows     []int
}

func (h *Handler) networkForm(w http.ResponseWriter, r *http.Request, status int, n grant.Network, f *form) {
	lang := language(r)
	page := networkFormPage{Action: r.URL.RequestURI(), Edit: n.ID != 0, Network: n, Form: f}
	for code, name := range h.counties {
		page.Counties = append(page.Counties, option{code, name})
	}
	slices.SortFunc(page.Counties, func(a, b option) int { return cmp.Compare(a.Value, b.Value) })
	for i := range memberRowCount(f) {
		page.Rows = append(page.Rows, i)
	}
	title := pick(lang, "New coordinator network", "Nytt samordnarnätverk")
	if page.Edit {
		title = pick(lang, "Edit network", "Ändra nätverket")
	}
	h.render(w, r, status, "network_form", title, page)
}

// memberRowCount is the member rows the form has, from its "rows" field.
func memberRowCount(f *form) int {
	n, err := strconv.Atoi(f.Get("rows"))
	if err != nil || n < 0 {
		return networkNewRows
	}
	return min(n, networkMaxRows)
}

// networkValues fills the form from a network, with blank rows to add members.
func networkValues(n grant.Network, rows int) url.Values {
	rows = max(rows, len(n.Members)+networkBlankRows)
	v := url.Values{"name": {n.Name}, "county": {n.County}, "run_by": {n.RunBy}, "description": {n.Description},
		"meetings_per_year": {strconv.Itoa(n.MeetingsPerYear)}, "rows": {strconv.Itoa(rows)}}
	if n.Version != 0 {
		v.Set("version", strconv.FormatInt(n.Version, 10))
	}
	for i := range rows {
		var m grant.NetworkMember
		if i < len(n.Members) {
			m = n.Members[i]
		}
		k := fmt.Sprintf("m%d", i)
		v.Set(k+"-org", m.OrgCode)
		v.Set(k+"-person", m.Person)
		v.Set(k+"-role", m.Role)
	}
	return v
}

// readNetwork reads the posted fields into n and returns the service's
// field names paired with the form's, for f.Refused. Blank member rows are
// left out, so the service's members[j] is the form's j-th filled-in row.
func readNetwork(f *form, n *grant.Network) []string {
	n.Name = f.Required("name")
	n.County, n.RunBy, n.Description = f.Get("county"), f.Required("run_by"), f.Get("description")
	n.MeetingsPerYear = int(f.Int("meetings_per_year", true))
	n.Members = nil
	var fields []string
	for i := range memberRowCount(f) {
		k := fmt.Sprintf("m%d", i)
		m := grant.NetworkMember{OrgCode: f.Get(k + "-org"), Person: f.Get(k + "-person"), Role: f.Get(k + "-role")}
		if m == (grant.NetworkMember{}) {
			continue
		}
		j := len(n.Members)
		fields = append(fields, grant.FieldIndex("members", j, "org_code"), k+"-org", grant.FieldIndex("members", j, "person"), k+"-person")
		n.Members = append(n.Members, m)
	}
	return fields
}

// newNetwork offers the form to those who may start a network, with the
// organisation they coordinate (or ?org=) as the one running it.
func (h *Handler) newNetwork(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := h.cfg.Networks.MayCreateNetwork(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	n := grant.Network{RunBy: r.URL.Query().Get("org"), County: r.URL.Query().Get("county"), MeetingsPerYear: 4}
	if n.RunBy == "" {
		for _, ro := range app.ActorFrom(ctx).Roles {
			if ro.Kind == grant.RoleCoordinator {
				n.RunBy = ro.OrgCode
				break
			}
		}
	}
	h.networkForm(w, r, http.StatusOK, grant.Network{}, emptyForm(language(r), networkValues(n, networkNewRows)))
}

func (h *Handler) createNetwork(w http.ResponseWriter, r *http.Request) {
	if err := h.cfg.Networks.MayCreateNetwork(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	f := newForm(r)
	var n grant.Network
	fields := readNetwork(f, &n)
	if f.OK() {
		created, err := h.cfg.Networks.CreateNetwork(r.Context(), n)
		if err == nil {
			http.Redirect(w, r, "/networks/"+strconv.FormatInt(created.ID, 10), http.StatusSeeOther)
			return
		}
		if !refusedRunner(f, err) && !f.Refused(err, fields...) {
			h.fail(w, r, err)
			return
		}
	}
	h.networkForm(w, r, http.StatusUnprocessableEntity, grant.Network{}, f)
}

// editableNetwork reads the network of the path for one who may change it.
func (h *Handler) editableNetwork(w http.ResponseWriter, r *http.Request) (grant.Network, bool) {
	id, err := pathID(r, "id", "network", "nätverket")
	if err == nil {
		err = h.cfg.Networks.MayEditNetwork(r.Context(), id)
	}
	var n grant.Network
	if err == nil {
		n, err = h.cfg.Networks.Network(r.Context(), id)
	}
	if err != nil {
		h.fail(w, r, err)
		return n, false
	}
	return n, true
}

func (h *Handler) editNetwork(w http.ResponseWriter, r *http.Request) {
	n, ok := h.editableNetwork(w, r)
	if !ok {
		return
	}
	h.networkForm(w, r, http.StatusOK, n, emptyForm(language(r), networkValues(n, 0)))
}

// updateNetwork saves the form over the version it was read at; if someone
// saved in between, the form shows the current network with a notice
// instead of overwriting their change.
func (h *Handler) updateNetwork(w http.ResponseWriter, r *http.Request) {
	before, ok := h.editableNetwork(w, r)
	if !ok {
		return
	}
	f := newForm(r)
	n := grant.Network{ID: before.ID, Version: f.Int("version", true)}
	fields := readNetwork(f, &n)
	status := http.StatusUnprocessableEntity
	if f.OK() {
		_, err := h.cfg.Networks.UpdateNetwork(r.Context(), n)
		if err == nil {
			http.Redirect(w, r, "/networks/"+strconv.FormatInt(n.ID, 10), http.StatusSeeOther)
			return
		}
		if !refusedRunner(f, err) && !f.Refused(err, fields...) {
			h.fail(w, r, err)
			return
		}
		if grant.ErrorCode(err) == grant.EPRECONDITION {
			status = http.StatusConflict
			f.Values = networkValues(before, 0)
		}
	}
	h.networkForm(w, r, status, before, f)
}

// refusedRunner shows a refusal to act for the running organisation beside
// its field. The handlers have checked that the actor may start (or edit)
// networks at all, so what is forbidden is running it for an organisation
// they do not coordinate: theirs to correct, not a page to fail.
func refusedRunner(f *form, err error) bool {
	e, ok := errors.AsType[*grant.Error](err)
	if !ok || e.Code != grant.EFORBIDDEN {
		return false
	}
	f.Errors["run_by"] = pick(f.Lang, e.Message, e.Swedish)
	return true
}
