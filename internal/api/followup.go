package api

import (
	"net/http"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

func (h *Handler) registerFollowUp(rt *Router) {
	h.registerConditions(rt)
	h.registerReports(rt)
}

func (h *Handler) registerConditions(rt *Router) {
	tags := []string{"conditions"}
	cond := Param{Name: "id", Type: Integer, Description: "The condition's id (see the pot's conditions)"}
	org := Param{Name: "org", Description: "The recipient's organisation code"}
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/conditions/{id}/fulfilments", Summary: "Submit a document for a condition", Tags: tags,
		Description: "Hands in a recipient's document: the first time, or again after a rejection. A document awaiting review or an approved one is not replaced (409). " +
			"The recipient must share the pot's decided split.",
		Path: []Param{cond}, Body: FulfilmentIn{}, Response: Fulfilment{}, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, ok := pathID(w, r)
			if !ok {
				return
			}
			var in FulfilmentIn
			if !decodeOK(w, r, &in) {
				return
			}
			if strings.TrimSpace(in.OrgCode) == "" {
				WriteError(w, r, grant.Errorf(grant.EINVALID, "org_code", "an organisation is required", "en organisation krävs"))
				return
			}
			f, err := h.svc.SubmitCondition(ctx(r), id, in.OrgCode, in.Document)
			respondVersioned(w, r, http.StatusOK, fulfilmentOut(f), f.Version, err)
		}})
	decide := func(reject bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			id, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var f grant.Fulfilment
			var err error
			if reject {
				var in RejectionIn
				if !decodeOK(w, r, &in) {
					return
				}
				f, err = h.svc.RejectCondition(ctx(r), id, r.PathValue("org"), version, in.Reason)
			} else {
				f, err = h.svc.ApproveCondition(ctx(r), id, r.PathValue("org"), version)
			}
			respondVersioned(w, r, http.StatusOK, fulfilmentOut(f), f.Version, pathRecord(err, "org_code"))
		}
	}
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/conditions/{id}/fulfilments/{org}/approve", Summary: "Approve a submitted document", Tags: tags,
		Description: "If-Match carries the fulfilment's version, as the requirements board shows it.",
		Path:        []Param{cond, org}, Response: Fulfilment{}, ETag: true, IfMatch: true, Handler: decide(false)})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/conditions/{id}/fulfilments/{org}/reject", Summary: "Reject a submitted document", Tags: tags,
		Description: "The recipient may submit again. If-Match carries the fulfilment's version, as the requirements board shows it.",
		Path:        []Param{cond, org}, Body: RejectionIn{}, Response: Fulfilment{}, ETag: true, IfMatch: true, Handler: decide(true)})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/condition-statuses", Summary: "The requirements board", Tags: tags,
		Description: "Every condition × recipient of decided splits, by due date, with the overdue flag as of today.",
		Query: append(filterParams("pot_id", "agreement_id", "org", "county", "year"),
			enumParam("kind", "Only conditions of this kind.", "analysis", "action_plan", "report", "other"),
			enumParam("status", "Only cells in this state; overdue: past due with nothing awaiting review or approved.",
				"not_submitted", "submitted", "approved", "rejected", "overdue")),
		Paged: true, Response: List[ConditionStatus]{},
		Handler: listOf(h.svc.ConditionStatuses, conditionStatusOut)})
}

func (h *Handler) registerReports(rt *Router) {
	tags := []string{"reports of use"}
	id := func(what string) []Param {
		return []Param{{Name: "id", Type: Integer, Description: "The " + what + "'s id"}}
	}
	filters := filterParams("pot_id", "agreement_id", "org", "county", "year")
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/reports", Summary: "Submit a report of use", Tags: tags,
		Description: "One report per pot and recipient, accounting for every krona paid: used + unused = paid. Unused money is claimed back in the same step (claim_id).",
		Body:        UseReportIn{}, Response: UseReport{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in UseReportIn
			if !decodeOK(w, r, &in) {
				return
			}
			rep, err := h.svc.SubmitReport(ctx(r), app.ReportInput{PotID: in.PotID, OrgCode: in.OrgCode, Used: in.Used, Unused: in.Unused, Comment: in.Comment})
			respondVersioned(w, r, http.StatusCreated, useReportOut(rep), rep.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/reports/{id}", Summary: "Get a report of use", Tags: tags,
		Path: id("report"), Response: UseReport{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			if !ok {
				return
			}
			rep, err := h.svc.Report(ctx(r), n)
			respondVersioned(w, r, http.StatusOK, useReportOut(rep), rep.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/reports", Summary: "List reports of use", Tags: tags,
		Description: "By pot, then organisation, with the money summed over the whole list.",
		Query:       filters, Paged: true, Response: UseReportPage{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			f, p, err := listFilter(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			list, sum, err := h.svc.Reports(ctx(r), f)
			l := NewList(r, p, mapSlice(list, useReportOut), sum.Count)
			respond(w, r, http.StatusOK, UseReportPage{Items: l.Items, Total: sum.Count, Limit: l.Limit, Offset: l.Offset, Next: l.Next,
				Totals: UseReportTotals{Count: sum.Count, Paid: M(sum.Paid), Used: M(sum.Used), Unused: M(sum.Unused)}}, err)
		}})

	tags = []string{"claims"}
	// No ETag on claims: a partial repayment changes what a claim shows
	// without moving its version, which only settling does.
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/claims/{id}", Summary: "Get a repayment claim with its repayments", Tags: tags,
		Path: id("claim"), Response: Claim{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			if !ok {
				return
			}
			c, err := h.svc.Claim(ctx(r), n)
			respond(w, r, http.StatusOK, claimOut(c), err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/claims", Summary: "List repayment claims", Tags: tags,
		Description: "Oldest first, with claimed, repaid and outstanding money summed over the whole list.",
		Query:       append(filters, enumParam("status", "Only claims in this state.", "open", "settled")), Paged: true, Response: ClaimPage{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			f, p, err := listFilter(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			list, sum, err := h.svc.Claims(ctx(r), f)
			l := NewList(r, p, mapSlice(list, claimOut), sum.Count)
			respond(w, r, http.StatusOK, ClaimPage{Items: l.Items, Total: sum.Count, Limit: l.Limit, Offset: l.Offset, Next: l.Next,
				Totals: ClaimTotals{Count: sum.Count, Claimed: M(sum.Claimed), Repaid: M(sum.Repaid), Outstanding: M(sum.Outstanding)}}, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/claims/{id}/repayments", Summary: "Record a repayment", Tags: tags,
		Description: "Books money paid back against a claim; the repayment that completes it settles the claim. " +
			"The repayment is recorded under the Idempotency-Key header, or under idempotency_key when no header is sent: a retry with the same key and content answers the first repayment and books nothing.",
		Path: id("claim"), Body: RepaymentIn{}, Response: Repayment{}, Status: http.StatusCreated, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			if !ok {
				return
			}
			var in RepaymentIn
			if !decodeOK(w, r, &in) {
				return
			}
			key, err := moneyKey(r, in.IdempotencyKey)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			rep, err := h.svc.RecordRepayment(ctx(r), app.RepaymentInput{ClaimID: n, Amount: in.Amount, PaidOn: in.PaidOn, IdempotencyKey: key})
			respond(w, r, http.StatusCreated, repaymentOut(rep), pathRecord(err, "claim_id"))
		}})
}
