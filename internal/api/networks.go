package api

import (
	"net/http"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

func (h *Handler) registerNetworks(rt *Router) {
	tags := []string{"networks"}
	id := []Param{{Name: "id", Type: Integer, Description: "The network's id"}}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/networks", Summary: "List coordinator networks", Tags: tags,
		Description: "By name; org selects the networks an organisation runs or is a member of. The public sees names, not members.",
		Query:       filterParams("county", "org"), Paged: true, Response: List[grant.Network]{},
		Handler: listOf(h.svc.Networks, same[grant.Network])})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/networks", Summary: "Create a coordinator network", Tags: tags,
		Description: "For the running organisation's coordinators and administrators.",
		Body:        NetworkIn{}, Response: grant.Network{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in NetworkIn
			if !decodeOK(w, r, &in) {
				return
			}
			n, err := h.svc.CreateNetwork(ctx(r), networkIn(in))
			respondVersioned(w, r, http.StatusCreated, n, n.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/networks/{id}", Summary: "Get a coordinator network", Tags: tags,
		Description: "With its members for those logged in.", Path: id, Response: grant.Network{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if n, ok := pathID(w, r); ok {
				nw, err := h.svc.Network(ctx(r), n)
				respondVersioned(w, r, http.StatusOK, nw, nw.Version, err)
			}
		}})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/networks/{id}", Summary: "Replace a coordinator network", Tags: tags,
		Description: "Its members included: members left out leave the network.", Path: id, Body: NetworkIn{}, Response: grant.Network{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var in NetworkIn
			if !decodeOK(w, r, &in) {
				return
			}
			nw := networkIn(in)
			nw.ID, nw.Version = n, version
			nw, err := h.svc.UpdateNetwork(ctx(r), nw)
			respondVersioned(w, r, http.StatusOK, nw, nw.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/networks/{id}/members", Summary: "List a network's members", Tags: tags,
		Description: "For those logged in.", Path: id, Response: NetworkMembers{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if n, ok := pathID(w, r); ok {
				list, err := h.svc.NetworkMembers(ctx(r), n)
				if list == nil {
					list = []grant.NetworkMember{}
				}
				respond(w, r, http.StatusOK, NetworkMembers{Items: list}, err)
			}
		}})
	h.registerMeetings(rt, id)
}

// yearOf reads the year parameter; this year when it is left out.
func yearOf(r *http.Request) (int, error) {
	y, ok, err := QueryInt(r, "year")
	if err != nil || !ok {
		return time.Now().Year(), err
	}
	return int(y), nil
}

var yearParam = Param{Name: "year", Type: Integer, Description: "The year; this year when left out."}

func (h *Handler) registerMeetings(rt *Router, id []Param) {
	tags := []string{"networks"}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/networks/{id}/meetings", Summary: "List a network's meetings of a year", Tags: tags,
		Description: "Planned and held, by date, with the rule's number planned and the number held. The public sees dates only.",
		Path:        id, Query: []Param{yearParam}, Response: Meetings{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			if !ok {
				return
			}
			year, err := yearOf(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			nw, err := h.svc.Network(ctx(r), n)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			list, err := h.svc.Meetings(ctx(r), n, year)
			out := Meetings{Year: year, Planned: nw.MeetingsPerYear, Items: list}
			for _, m := range list {
				if m.Held() {
					out.Held++
				}
			}
			if out.Items == nil {
				out.Items = []grant.Meeting{}
			}
			respond(w, r, http.StatusOK, out, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/networks/{id}/meetings", Summary: "Record a meeting", Tags: tags,
		Description: "Planned (planned_on) or held (held_on, with participants and decisions).",
		Path:        id, Body: MeetingIn{}, Response: grant.Meeting{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			var in MeetingIn
			if !ok || !decodeOK(w, r, &in) {
				return
			}
			m := meetingIn(in)
			m.NetworkID = n
			m, err := h.svc.CreateMeeting(ctx(r), m)
			respondVersioned(w, r, http.StatusCreated, m, m.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/networks/{id}/meetings/plan", Summary: "Plan a year's meetings", Tags: tags,
		Description: "Adds the rule's number of planned meetings, one per period (four: the 15th of February, May, August and November); refused when the year is planned.",
		Path:        id, Query: []Param{yearParam}, Response: Meetings{}, Status: http.StatusCreated,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			if !ok {
				return
			}
			year, err := yearOf(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			list, err := h.svc.PlanMeetings(ctx(r), n, year)
			respond(w, r, http.StatusCreated, Meetings{Year: year, Planned: len(list), Items: list}, err)
		}})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/meetings/{id}", Summary: "Replace a meeting", Tags: tags,
		Description: "Moves a planned date, or records the meeting as held with participants and decisions.",
		Path:        []Param{{Name: "id", Type: Integer, Description: "The meeting's id"}}, Body: MeetingIn{}, Response: grant.Meeting{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			var in MeetingIn
			if !ok || !decodeOK(w, r, &in) {
				return
			}
			m := meetingIn(in)
			m.ID, m.Version = n, version
			m, err := h.svc.UpdateMeeting(ctx(r), m)
			respondVersioned(w, r, http.StatusOK, m, m.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/networks/{id}/tasks", Summary: "Give a member a follow-up task", Tags: tags,
		Path: id, Body: TaskIn{}, Response: grant.Task{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			var in TaskIn
			if !ok || !decodeOK(w, r, &in) {
				return
			}
			k := taskIn(in)
			k.NetworkID = n
			k, err := h.svc.CreateTask(ctx(r), k)
			respondVersioned(w, r, http.StatusCreated, k, k.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/tasks", Summary: "List follow-up tasks", Tags: tags,
		Description: "Overdue first, then by due date; org is the owner. For those logged in.",
		Query: append(filterParams("org"), Param{Name: "network_id", Type: Integer, Description: "Only tasks of this network."},
			enumParam("status", "open, done, or overdue (open and due before today).", "open", "done", "overdue")),
		Paged: true, Response: List[grant.Task]{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			f, p, err := listFilter(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			tf := app.TaskFilter{ListFilter: f}
			if v, ok, err := QueryInt(r, "network_id"); err != nil {
				WriteError(w, r, err)
				return
			} else if ok {
				tf.NetworkID = v
			}
			items, total, err := h.svc.Tasks(ctx(r), tf)
			respond(w, r, http.StatusOK, NewList(r, p, items, total), err)
		}})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/tasks/{id}/status", Summary: "Mark a task done or open", Tags: tags,
		Description: "For the network's editors and the coordinators of the task's owner.",
		Path:        []Param{{Name: "id", Type: Integer, Description: "The task's id"}}, Body: TaskStatusIn{}, Response: grant.Task{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			var in TaskStatusIn
			if !ok || !decodeOK(w, r, &in) {
				return
			}
			k, err := h.svc.SetTaskStatus(ctx(r), n, grant.TaskStatus(in.Status), version)
			respondVersioned(w, r, http.StatusOK, k, k.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/counties/{code}/requirements", Summary: "A county's requirements board", Tags: []string{"conditions"},
		Description: "Every condition of the year's pots for every principal of the county, with on-track and overdue counts per condition and per principal, " +
			"and the county-joint set-asides with what they fund. Like the conditions list: logged in; a coordinator sees its own principals' rows.",
		Path:  []Param{{Name: "code", Description: "The county's two-digit code, e.g. 01"}},
		Query: []Param{yearParam}, Response: Requirements{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			year, err := yearOf(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			b, err := h.svc.RequirementsBoard(ctx(r), r.PathValue("code"), year)
			respond(w, r, http.StatusOK, requirementsOut(b), err)
		}})
}
