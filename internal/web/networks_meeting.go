package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/grant"
)

// meetingPage is the form of a new meeting or of one being recorded as
// held, with an optional follow-up task given at it.
type meetingPage struct {
	Network  grant.Network
	Action   string
	Edit     bool
	Form     *form
	Members  []memberBox
	Owners   []option
	HeldNote string
}

type memberBox struct {
	Code, Name string
	Checked    bool
}

func (h *Handler) meetingForm(w http.ResponseWriter, r *http.Request, status int, n grant.Network, edit bool, f *form) {
	lang := language(r)
	page := meetingPage{Network: n, Action: r.URL.Path, Edit: edit, Form: f}
	chosen := f.Values["participants"]
	page.Owners = append(page.Owners, option{n.RunBy, h.nameOf(r.Context(), n.RunBy)})
	for _, m := range n.Members {
		page.Members = append(page.Members, memberBox{Code: m.OrgCode, Name: m.OrgName, Checked: slices.Contains(chosen, m.OrgCode)})
		page.Owners = append(page.Owners, option{m.OrgCode, m.OrgName})
	}
	title := pick(lang, "New meeting", "Nytt möte")
	if edit {
		title = pick(lang, "Record meeting", "Registrera möte")
	}
	h.render(w, r, status, "meeting_form", title, page)
}

// editedNetwork reads the network a meeting form is for and checks that
// the actor may change it.
func (h *Handler) editedNetwork(w http.ResponseWriter, r *http.Request, id int64) (grant.Network, bool) {
	n, err := h.cfg.Networks.Network(r.Context(), id)
	if err == nil {
		err = h.cfg.Networks.MayEditNetwork(r.Context(), id)
	}
	if err != nil {
		h.fail(w, r, err)
		return n, false
	}
	return n, true
}

func (h *Handler) newMeeting(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "network", "nätverket")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if n, ok := h.editedNetwork(w, r, id); ok {
		h.meetingForm(w, r, http.StatusOK, n, false, emptyForm(language(r), nil))
	}
}

// editedMeeting reads the meeting of the path and its network.
func (h *Handler) editedMeeting(w http.ResponseWriter, r *http.Request) (grant.Meeting, grant.Network, bool) {
	id, err := pathID(r, "id", "meeting", "mötet")
	if err != nil {
		h.fail(w, r, err)
		return grant.Meeting{}, grant.Network{}, false
	}
	m, err := h.cfg.Networks.Meeting(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return m, grant.Network{}, false
	}
	n, ok := h.editedNetwork(w, r, m.NetworkID)
	return m, n, ok
}

func (h *Handler) editMeeting(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.editedMeeting(w, r)
	if !ok {
		return
	}
	v := url.Values{"planned_on": {string(m.PlannedOn)}, "held_on": {string(m.HeldOn)}, "participants": m.Participants,
		"decisions": {strings.Join(m.Decisions, "\n")}, "notes": {m.Notes}, "version": {strconv.FormatInt(m.Version, 10)}}
	h.meetingForm(w, r, http.StatusOK, n, true, emptyForm(language(r), v))
}

// saveMeeting records a new or an edited meeting, and the task given at
// it when one is filled in, in one transaction: a refused task leaves the
// meeting unsaved too.
func (h *Handler) saveMeeting(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	edit := strings.HasPrefix(r.URL.Path, "/meetings/")
	var (
		m  grant.Meeting
		n  grant.Network
		ok bool
	)
	if edit {
		m, n, ok = h.editedMeeting(w, r)
	} else {
		id, err := pathID(r, "id", "network", "nätverket")
		if err != nil {
			h.fail(w, r, err)
			return
		}
		n, ok = h.editedNetwork(w, r, id)
		m.NetworkID = n.ID
	}
	if !ok {
		return
	}
	f := newForm(r)
	m.PlannedOn, m.HeldOn = f.Date("planned_on", false), f.Date("held_on", false)
	m.Participants, m.Decisions, m.Notes = f.Values["participants"], lines(f.Values.Get("decisions")), f.Get("notes")
	if edit {
		m.Version = f.Int("version", true)
	}
	var tasks []grant.Task
	if f.Get("task_description") != "" || f.Get("task_owner") != "" {
		tasks = append(tasks, grant.Task{OwnerOrg: f.Required("task_owner"), OwnerPerson: f.Get("task_person"),
			Description: f.Required("task_description"), DueOn: f.Date("task_due", true)})
	}
	if f.OK() {
		if !edit {
			m.ID = 0
		}
		m, _, err := h.cfg.Networks.RecordMeeting(ctx, m, tasks)
		if err == nil {
			http.Redirect(w, r, "/networks/"+strconv.FormatInt(n.ID, 10)+"?year="+strconv.Itoa(m.Year()), http.StatusSeeOther)
			return
		}
		if !f.Refused(err, "tasks[0].owner_org", "task_owner", "tasks[0].description", "task_description", "tasks[0].due_on", "task_due",
			"tasks[0].owner_person", "task_person") {
			h.fail(w, r, err)
			return
		}
	}
	h.meetingForm(w, r, http.StatusUnprocessableEntity, n, edit, f)
}
