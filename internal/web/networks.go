package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// Networks is what the coordinator network and requirements board pages need.
type Networks interface {
	Networks(ctx context.Context, f app.ListFilter) ([]grant.Network, int, error)
	Network(ctx context.Context, id int64) (grant.Network, error)
	Meetings(ctx context.Context, networkID int64, year int) ([]grant.Meeting, error)
	Meeting(ctx context.Context, id int64) (grant.Meeting, error)
	Tasks(ctx context.Context, f app.TaskFilter) ([]grant.Task, int, error)
	Task(ctx context.Context, id int64) (grant.Task, error)
	MayEditNetwork(ctx context.Context, id int64) error
	MayCreateNetwork(ctx context.Context) error
	CreateNetwork(ctx context.Context, n grant.Network) (grant.Network, error)
	UpdateNetwork(ctx context.Context, n grant.Network) (grant.Network, error)
	MayMarkTask(ctx context.Context, k grant.Task) bool
	PlanMeetings(ctx context.Context, networkID int64, year int) ([]grant.Meeting, error)
	RecordMeeting(ctx context.Context, m grant.Meeting, tasks []grant.Task) (grant.Meeting, []grant.Task, error)
	SetTaskStatus(ctx context.Context, id int64, status grant.TaskStatus, version int64) (grant.Task, error)
	RequirementsBoard(ctx context.Context, county string, year int) (app.Board, error)
}

func (h *Handler) registerNetworks(mux Mux) {
	if h.cfg.Networks == nil {
		return
	}
	mux.Handle("GET /networks", http.HandlerFunc(h.networks))
	mux.Handle("GET /networks/new", http.HandlerFunc(h.newNetwork))
	mux.Handle("POST /networks/new", http.HandlerFunc(h.createNetwork))
	mux.Handle("GET /networks/{id}", http.HandlerFunc(h.network))
	mux.Handle("GET /networks/{id}/edit", http.HandlerFunc(h.editNetwork))
	mux.Handle("POST /networks/{id}/edit", http.HandlerFunc(h.updateNetwork))
	mux.Handle("POST /networks/{id}/plan", http.HandlerFunc(h.planMeetings))
	mux.Handle("GET /networks/{id}/meetings/new", http.HandlerFunc(h.newMeeting))
	mux.Handle("POST /networks/{id}/meetings/new", http.HandlerFunc(h.saveMeeting))
	mux.Handle("GET /meetings/{id}/edit", http.HandlerFunc(h.editMeeting))
	mux.Handle("POST /meetings/{id}/edit", http.HandlerFunc(h.saveMeeting))
	mux.Handle("POST /tasks/{id}/status", http.HandlerFunc(h.taskStatus))
	mux.Handle("GET /counties/{code}/requirements", http.HandlerFunc(h.requirements))
}

// networksPage lists the networks and, for those logged in, the open
// follow-up tasks of every network, overdue first, by owner if asked.
type networksPage struct {
	Networks []networkRow
	Tasks    []taskRow
	Owner    string
	LoggedIn bool
	MayNew   bool // the actor may start a network
}

type networkRow struct {
	grant.Network
	CountyName, RunByName string
}

// nameOf is an organisation's name, or its code when it cannot be read.
func (h *Handler) nameOf(ctx context.Context, code string) string {
	if h.cfg.Organisations != nil {
		if o, err := h.cfg.Organisations.Organisation(ctx, code); err == nil {
			return o.Name
		}
	}
	return code
}

// networksTasksShown bounds the open tasks the list page shows.
const networksTasksShown = 200

func (h *Handler) networks(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), language(r)
	list, _, err := h.cfg.Networks.Networks(ctx, app.ListFilter{County: r.URL.Query().Get("county")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := networksPage{Owner: r.URL.Query().Get("owner"), LoggedIn: h.viewOf(r) != nil, MayNew: h.cfg.Networks.MayCreateNetwork(ctx) == nil}
	for _, n := range list {
		page.Networks = append(page.Networks, networkRow{n, h.counties[n.County], h.nameOf(ctx, n.RunBy)})
	}
	if page.LoggedIn {
		tasks, _, err := h.cfg.Networks.Tasks(ctx, app.TaskFilter{ListFilter: app.ListFilter{OrgCode: page.Owner, Status: string(grant.TaskOpen), Limit: networksTasksShown}})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, k := range tasks {
			page.Tasks = append(page.Tasks, taskRow{Task: k, State: taskState(lang, k)})
		}
	}
	h.render(w, r, http.StatusOK, "networks", pick(lang, "Coordinator networks", "Samordnarnätverk"), page)
}

// networkPage is a network with one year's meetings and its tasks.
type networkPage struct {
	Network    grant.Network
	CountyName string
	Year       int
	Years      []int
	Meetings   []grant.Meeting
	Held       int
	Tasks      []taskRow
	CanEdit    bool
	Notice     string            // why a change was refused
	Names      map[string]string // org code → name, for participants
}

type taskRow struct {
	grant.Task
	CanMark bool
	State   string
}

func (h *Handler) network(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "network", "nätverket")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.showNetwork(w, r, id, http.StatusOK, "")
}

// showNetwork renders a network's page; notice says why a change from it
// was refused.
func (h *Handler) showNetwork(w http.ResponseWriter, r *http.Request, id int64, status int, notice string) {
	ctx, lang := r.Context(), language(r)
	n, err := h.cfg.Networks.Network(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	all, err := h.cfg.Networks.Meetings(ctx, id, 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := networkPage{Network: n, Notice: notice, CountyName: h.counties[n.County], CanEdit: h.cfg.Networks.MayEditNetwork(ctx, id) == nil,
		Names: map[string]string{n.RunBy: h.nameOf(ctx, n.RunBy)}}
	for _, m := range all {
		if y := m.Year(); !slices.Contains(page.Years, y) {
			page.Years = append(page.Years, y)
		}
	}
	slices.Sort(page.Years)
	page.Year, _ = strconv.Atoi(r.URL.Query().Get("year"))
	if page.Year == 0 {
		page.Year = h.now().Year()
		// The latest year that has meetings and has begun, else the first planned.
		for _, y := range page.Years {
			if y <= page.Year {
				page.Year = y
			}
		}
		if len(page.Years) > 0 && page.Years[0] > page.Year {
			page.Year = page.Years[0]
		}
	}
	for _, m := range all {
		if m.Year() == page.Year {
			page.Meetings = append(page.Meetings, m)
			if m.Held() {
				page.Held++
			}
		}
	}
	for _, mb := range n.Members {
		page.Names[mb.OrgCode] = mb.OrgName
	}
	if view := h.viewOf(r); view != nil {
		tasks, _, err := h.cfg.Networks.Tasks(ctx, app.TaskFilter{NetworkID: id})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, k := range tasks {
			page.Tasks = append(page.Tasks, taskRow{Task: k, CanMark: h.cfg.Networks.MayMarkTask(ctx, k), State: taskState(lang, k)})
		}
	}
	h.render(w, r, status, "network", n.Name, page)
}

// viewOf is the logged-in user of the request, or nil for the public.
func (h *Handler) viewOf(r *http.Request) *grant.User {
	if a := app.ActorFrom(r.Context()); a.LoggedIn() {
		return &grant.User{Email: a.User}
	}
	return nil
}

// taskState names a task's state in words: overdue is said, not coloured only.
func taskState(lang string, k grant.Task) string {
	switch {
	case k.Overdue:
		return pick(lang, "overdue", "försenad")
	case k.Status == grant.TaskDone:
		return pick(lang, "done", "klar")
	}
	return pick(lang, "open", "öppen")
}

func (h *Handler) planMeetings(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "network", "nätverket")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := newForm(r)
	year := int(f.Int("year", true))
	if !f.OK() {
		h.showNetwork(w, r, id, http.StatusUnprocessableEntity, f.Errors["year"])
		return
	}
	if _, err := h.cfg.Networks.PlanMeetings(r.Context(), id, year); err != nil {
		h.refusedOnNetwork(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/networks/"+strconv.FormatInt(id, 10)+"?year="+strconv.Itoa(year), http.StatusSeeOther)
}

func (h *Handler) taskStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "task", "uppgiften")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := newForm(r)
	version := f.Int("version", true)
	k, err := h.cfg.Networks.SetTaskStatus(r.Context(), id, grant.TaskStatus(f.Get("status")), version)
	if err != nil {
		if k, rerr := h.cfg.Networks.Task(r.Context(), id); rerr == nil {
			h.refusedOnNetwork(w, r, k.NetworkID, err)
			return
		}
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/networks/"+strconv.FormatInt(k.NetworkID, 10)+"#tasks", http.StatusSeeOther)
}

// refusedOnNetwork shows the network page again with why a change was
// refused, when it is the user's to correct; other errors fail the page.
func (h *Handler) refusedOnNetwork(w http.ResponseWriter, r *http.Request, networkID int64, err error) {
	f := emptyForm(language(r), nil)
	if !f.Refused(err) {
		h.fail(w, r, err)
		return
	}
	status := http.StatusConflict
	switch grant.ErrorCode(err) {
	case grant.EPRECONDITION:
		status = http.StatusPreconditionFailed
	case grant.EINVALID:
		status = http.StatusUnprocessableEntity
	}
	notice := f.Notice
	for _, msg := range f.Errors {
		notice = strings.TrimSpace(notice + " " + msg)
	}
	h.showNetwork(w, r, networkID, status, notice)
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
