package api

import (
	"net/http"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

func (h *Handler) registerCollab(rt *Router) {
	h.registerCollabAgreements(rt)
	h.registerGroups(rt)
}

// collabFilter reads the list filters of agreements and groups; days is
// how far ahead expiring_within looks.
func (h *Handler) collabFilter(r *http.Request) (app.CollabFilter, Page, error) {
	lf, p, err := listFilter(r)
	f := app.CollabFilter{ListFilter: lf}
	if err != nil {
		return f, p, err
	}
	if days, ok, err := QueryInt(r, "expiring_within"); err != nil {
		return f, p, err
	} else if ok {
		if days < 0 || days > 3650 {
			return f, p, grant.Errorf(grant.EINVALID, "expiring_within", "expected a number of days from 0 to 3650, got %d",
				"förväntade ett antal dagar från 0 till 3650, fick %d", days)
		}
		f.ExpiringBy = h.svc.ExpiringWithin(int(days))
	}
	return f, p, nil
}

func (h *Handler) registerCollabAgreements(rt *Router) {
	tags := []string{"collaboration"}
	id := []Param{{Name: "id", Type: Integer, Description: "The agreement's id"}}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/collaboration-agreements", Summary: "List collaboration agreements", Tags: tags,
		Description: "Samverkansöverenskommelser between regions, municipalities and partners, in id order; public.",
		Query: append(filterParams("org", "county"),
			enumParam("status", "Only agreements in this state.", "draft", "approved", "expired"),
			Param{Name: "expiring_within", Type: Integer, Description: "Only agreements still valid whose last day is within this many days (e.g. 90)."}),
		Paged: true, Response: List[CollabAgreement]{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			f, p, err := h.collabFilter(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			items, total, err := h.svc.CollabAgreements(ctx(r), f)
			respond(w, r, http.StatusOK, NewList(r, p, mapSlice(items, collabOut), total), err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/collaboration-agreements", Summary: "Record a collaboration agreement", Tags: tags,
		Description: "A draft; the caller must coordinate one of the parties. Each party then approves for itself.",
		Body:        CollabAgreementIn{}, Response: CollabAgreement{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in CollabAgreementIn
			if !decodeOK(w, r, &in) {
				return
			}
			a, err := h.svc.CreateCollabAgreement(ctx(r), collabIn(in))
			respondVersioned(w, r, http.StatusCreated, collabOut(a), a.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/collaboration-agreements/{id}", Summary: "Get a collaboration agreement", Tags: tags,
		Path: id, Response: CollabAgreement{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if n, ok := pathID(w, r); ok {
				a, err := h.svc.CollabAgreement(ctx(r), n)
				respondVersioned(w, r, http.StatusOK, collabOut(a), a.Version, err)
			}
		}})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/collaboration-agreements/{id}", Summary: "Replace a draft collaboration agreement", Tags: tags,
		Description: "By a coordinator of a party while a draft; the approvals given are cleared, since the text changed.",
		Path:        id, Body: CollabAgreementIn{}, Response: CollabAgreement{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var in CollabAgreementIn
			if !decodeOK(w, r, &in) {
				return
			}
			a := collabIn(in)
			a.ID, a.Version = n, version
			a, err := h.svc.UpdateCollabAgreement(ctx(r), a)
			respondVersioned(w, r, http.StatusOK, collabOut(a), a.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/collaboration-agreements/{id}/approve", Summary: "Approve a collaboration agreement for a party", Tags: tags,
		Description: "Records who approved for the party and when; the agreement is approved when the last party approves.",
		Path:        id, Body: ApprovalIn{}, Response: CollabAgreement{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var in ApprovalIn
			if !decodeOK(w, r, &in) {
				return
			}
			a, err := h.svc.ApproveCollabAgreement(ctx(r), n, version, in.OrgCode)
			respondVersioned(w, r, http.StatusOK, collabOut(a), a.Version, err)
		}})
}

func (h *Handler) registerGroups(rt *Router) {
	tags := []string{"collaboration"}
	id := []Param{{Name: "id", Type: Integer, Description: "The group's id"}}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/groups", Summary: "List leadership groups", Tags: tags,
		Description: "In id order; org is the group's organisation or a member's, county the group's county or its organisation's. Members' names only to logged-in users.",
		Query:       append(filterParams("org", "county"), enumParam("kind", "Only groups of this kind.", "children_youth", "adults", "other")),
		Paged:       true, Response: List[Group]{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			f, p, err := h.collabFilter(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			items, total, err := h.svc.Groups(ctx(r), f)
			respond(w, r, http.StatusOK, NewList(r, p, mapSlice(items, groupOut), total), err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/groups", Summary: "Create a leadership group", Tags: tags,
		Description: "Of an organisation or a county; the caller must coordinate the organisation, a principal of the county or a member's organisation.",
		Body:        GroupIn{}, Response: Group{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in GroupIn
			if !decodeOK(w, r, &in) {
				return
			}
			g, err := h.svc.CreateGroup(ctx(r), groupIn(in))
			respondVersioned(w, r, http.StatusCreated, groupOut(g), g.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/groups/{id}", Summary: "Get a leadership group", Tags: tags,
		Path: id, Response: Group{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if n, ok := pathID(w, r); ok {
				g, err := h.svc.Group(ctx(r), n)
				respondVersioned(w, r, http.StatusOK, groupOut(g), g.Version, err)
			}
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/groups/{id}/members", Summary: "List a group's members", Tags: tags,
		Path: id, Response: GroupMembers{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if n, ok := pathID(w, r); ok {
				g, err := h.svc.Group(ctx(r), n)
				respond(w, r, http.StatusOK, GroupMembers{Members: mapSlice(g.Members, memberOut)}, err)
			}
		}})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/groups/{id}", Summary: "Replace a leadership group", Tags: tags,
		Description: "With its members; by a coordinator of the group's organisation or of a member's.",
		Path:        id, Body: GroupIn{}, Response: Group{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var in GroupIn
			if !decodeOK(w, r, &in) {
				return
			}
			g := groupIn(in)
			g.ID, g.Version = n, version
			g, err := h.svc.UpdateGroup(ctx(r), g)
			respondVersioned(w, r, http.StatusOK, groupOut(g), g.Version, err)
		}})
	rt.Handle(Route{Method: "DELETE", Pattern: "/api/v1/groups/{id}", Summary: "Remove a leadership group", Tags: tags,
		Description: "Refused (409) while the group owns action plans.",
		Path:        id, IfMatch: true, Errors: []int{http.StatusConflict},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			if err := h.svc.DeleteGroup(ctx(r), n, version); err != nil {
				WriteError(w, r, err)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}})
	h.registerOwnedPlans(rt, tags)
}

// registerOwnedPlans serves the action plans of a group and of a county.
func (h *Handler) registerOwnedPlans(rt *Router, tags []string) {
	tags = append(tags, "action plans")
	for _, o := range []struct {
		pattern, what string
		param         Param
		owner         func(*http.Request, *grant.ActionPlan) error
		list          func(*http.Request) ([]grant.ActionPlan, error)
	}{
		{"/api/v1/groups/{id}/plans", "a leadership group", Param{Name: "id", Type: Integer, Description: "The group's id"},
			func(r *http.Request, p *grant.ActionPlan) (err error) {
				p.OwnerOrg, p.OwnerCounty = "", ""
				p.OwnerGroup, err = PathInt(r, "id")
				return err
			},
			func(r *http.Request) ([]grant.ActionPlan, error) {
				n, err := PathInt(r, "id")
				if err != nil {
					return nil, err
				}
				if _, err := h.svc.Group(ctx(r), n); err != nil {
					return nil, err
				}
				return h.svc.GroupPlans(ctx(r), n, "")
			}},
		{"/api/v1/counties/{code}/plans", "a county", Param{Name: "code", Description: "The county's two-digit code"},
			func(r *http.Request, p *grant.ActionPlan) error {
				p.OwnerOrg, p.OwnerGroup, p.OwnerCounty = "", 0, r.PathValue("code")
				return nil
			},
			func(r *http.Request) ([]grant.ActionPlan, error) {
				return h.svc.GroupPlans(ctx(r), 0, r.PathValue("code"))
			}},
	} {
		rt.Handle(Route{Method: "GET", Pattern: o.pattern, Summary: "List the action plans of " + o.what, Tags: tags,
			Description: "Adopted plans for anyone; drafts for coordinators of the organisations jointly responsible.",
			Path:        []Param{o.param}, Response: OwnedPlans{},
			Handler: func(w http.ResponseWriter, r *http.Request) {
				plans, err := o.list(r)
				respond(w, r, http.StatusOK, OwnedPlans{Items: mapSlice(plans, actionPlanOut)}, err)
			}})
		rt.Handle(Route{Method: "POST", Pattern: o.pattern, Summary: "Create an action plan of " + o.what, Tags: tags,
			Description: "As POST /api/v1/action-plans, with the owner taken from the path; owner fields in the body are ignored. Joint responsibility is recorded in responsible.",
			Path:        []Param{o.param}, Body: ActionPlanIn{}, Response: ActionPlan{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
			Handler: func(w http.ResponseWriter, r *http.Request) {
				var in ActionPlanIn
				if !decodeOK(w, r, &in) {
					return
				}
				p := actionPlanIn(in)
				if err := o.owner(r, &p); err != nil {
					WriteError(w, r, err)
					return
				}
				p, err := h.svc.CreateActionPlan(ctx(r), p)
				respondVersioned(w, r, http.StatusCreated, actionPlanOut(p), p.Version, err)
			}})
	}
}
