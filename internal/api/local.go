package api

import (
	"net/http"
)

func (h *Handler) registerLocal(rt *Router) {
	h.registerSubAllocations(rt)
	h.registerInitiatives(rt)
	h.registerActionPlans(rt)
	h.registerDecisionText(rt) // decision_text.go
}

func (h *Handler) registerSubAllocations(rt *Router) {
	tags := []string{"sub-allocations"}
	id := []Param{{Name: "id", Type: Integer, Description: "The sub-allocation's id"}}
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/sub-allocations", Summary: "Record a sub-allocation", Tags: tags,
		Description: "Spreads money an organisation was paid under an agreement to one of its committees or units, or to an initiative.",
		Body:        SubAllocationIn{}, Response: SubAllocation{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in SubAllocationIn
			if !decodeOK(w, r, &in) {
				return
			}
			s, err := h.svc.CreateSubAllocation(ctx(r), subAllocationIn(in))
			respondVersioned(w, r, http.StatusCreated, subAllocationOut(s), s.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/sub-allocations/decisions", Summary: "Record a decision of several sub-allocations", Tags: tags,
		Description: "All or nothing: when one line is refused (the problem's field names it, e.g. lines[2].amount), none is stored.",
		Body:        SubAllocationDecisionIn{}, Response: SubAllocationDecision{}, Status: http.StatusCreated, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in SubAllocationDecisionIn
			if !decodeOK(w, r, &in) {
				return
			}
			lines, err := h.svc.CreateSubAllocations(ctx(r), mapSlice(in.Lines, subAllocationIn))
			respond(w, r, http.StatusCreated, SubAllocationDecision{Lines: mapSlice(lines, subAllocationOut)}, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/sub-allocations/{id}", Summary: "Get a sub-allocation", Tags: tags,
		Path: id, Response: SubAllocation{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if n, ok := pathID(w, r); ok {
				s, err := h.svc.SubAllocation(ctx(r), n)
				respondVersioned(w, r, http.StatusOK, subAllocationOut(s), s.Version, err)
			}
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/sub-allocations", Summary: "List sub-allocations", Tags: tags,
		Description: "In id order; org is the giving organisation.",
		Query: append(filterParams("agreement_id", "org", "year", "as_of"),
			enumParam("status", "Only sub-allocations in this state.", "active", "withdrawn")),
		Paged: true, Response: List[SubAllocation]{},
		Handler: listOf(h.svc.SubAllocations, subAllocationOut)})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/sub-allocations/{id}/withdraw", Summary: "Withdraw a sub-allocation", Tags: tags,
		Description: "Gives its money back to the organisation to spread again.",
		Path:        id, Response: SubAllocation{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			s, err := h.svc.WithdrawSubAllocation(ctx(r), n, version)
			respondVersioned(w, r, http.StatusOK, subAllocationOut(s), s.Version, err)
		}})
}

func (h *Handler) registerInitiatives(rt *Router) {
	tags := []string{"initiatives"}
	id := []Param{{Name: "id", Type: Integer, Description: "The initiative's id"}}
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/initiatives", Summary: "Create an initiative", Tags: tags,
		Description: "Something an organisation's money buys (insats): a training package, a one-off grant, a partnership.",
		Body:        InitiativeIn{}, Response: Initiative{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in InitiativeIn
			if !decodeOK(w, r, &in) {
				return
			}
			i, err := h.svc.CreateInitiative(ctx(r), initiativeIn(in))
			respondVersioned(w, r, http.StatusCreated, initiativeOut(i), i.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/initiatives/{id}", Summary: "Get an initiative", Tags: tags,
		Path: id, Response: Initiative{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if n, ok := pathID(w, r); ok {
				i, err := h.svc.Initiative(ctx(r), n)
				respondVersioned(w, r, http.StatusOK, initiativeOut(i), i.Version, err)
			}
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/initiatives", Summary: "List initiatives", Tags: tags,
		Description: "In id order; year selects those running that year.",
		Query: append(filterParams("org", "agreement_id", "year"),
			enumParam("kind", "Only initiatives of this kind.", "one_off", "recurring")),
		Paged: true, Response: List[Initiative]{},
		Handler: listOf(h.svc.Initiatives, initiativeOut)})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/initiatives/{id}", Summary: "Replace an initiative", Tags: tags,
		Description: "Its organisation stays: sub-allocations to it were checked against it.",
		Path:        id, Body: InitiativeIn{}, Response: Initiative{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var in InitiativeIn
			if !decodeOK(w, r, &in) {
				return
			}
			i := initiativeIn(in)
			i.ID, i.Version = n, version
			i, err := h.svc.UpdateInitiative(ctx(r), i)
			respondVersioned(w, r, http.StatusOK, initiativeOut(i), i.Version, err)
		}})
}

func (h *Handler) registerActionPlans(rt *Router) {
	tags := []string{"action plans"}
	id := []Param{{Name: "id", Type: Integer, Description: "The action plan's id"}}
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/action-plans", Summary: "Create an action plan", Tags: tags,
		Description: "An organisation's or county's handlingsplan with its goals, measures, indicators and yearly follow-ups, in one request.",
		Body:        ActionPlanIn{}, Response: ActionPlan{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in ActionPlanIn
			if !decodeOK(w, r, &in) {
				return
			}
			p, err := h.svc.CreateActionPlan(ctx(r), actionPlanIn(in))
			respondVersioned(w, r, http.StatusCreated, actionPlanOut(p), p.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/action-plans/{id}", Summary: "Get an action plan", Tags: tags,
		Path: id, Response: ActionPlan{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if n, ok := pathID(w, r); ok {
				p, err := h.svc.ActionPlan(ctx(r), n)
				respondVersioned(w, r, http.StatusOK, actionPlanOut(p), p.Version, err)
			}
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/action-plans", Summary: "List action plans", Tags: tags,
		Description: "With their children, in id order; org is the owner, year one the plan covers.",
		Query: append(filterParams("org", "year"),
			enumParam("status", "Only plans in this state.", "draft", "adopted")),
		Paged: true, Response: List[ActionPlan]{},
		Handler: listOf(h.svc.ActionPlans, actionPlanOut)})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/action-plans/{id}", Summary: "Replace an action plan", Tags: tags,
		Description: "The whole plan with its children: children sent with their id keep it (so follow-ups stay attached), children left out are removed.",
		Path:        id, Body: ActionPlanIn{}, Response: ActionPlan{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var in ActionPlanIn
			if !decodeOK(w, r, &in) {
				return
			}
			p := actionPlanIn(in)
			p.ID, p.Version = n, version
			p, err := h.svc.UpdateActionPlan(ctx(r), p)
			respondVersioned(w, r, http.StatusOK, actionPlanOut(p), p.Version, err)
		}})
}
