package api

import (
	"net/http"

	"github.com/anslag/anslag/internal/grant"
)

func (h *Handler) registerPots(rt *Router) {
	tags := []string{"pots"}
	id := []Param{{Name: "id", Type: Integer, Description: "The pot's id"}}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/pots", Summary: "List pots", Tags: tags,
		Description: "Pots by agreement, in id order.", Query: filterParams("agreement_id", "year"), Paged: true, Response: List[EarmarkedPot]{},
		Handler: listOf(h.svc.Pots, potOut)})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/pots/{id}", Summary: "Get a pot", Tags: tags,
		Path: id, Response: EarmarkedPot{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, ok := pathID(w, r)
			if !ok {
				return
			}
			p, err := h.svc.Pot(ctx(r), id)
			respondVersioned(w, r, http.StatusOK, potOut(p), p.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/pots", Summary: "Create a pot", Tags: tags,
		Description: "Adds a pot to an agreement; the pots together may not exceed the agreement's total.",
		Body:        PotIn{}, Response: EarmarkedPot{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in PotIn
			if !decodeOK(w, r, &in) {
				return
			}
			p, err := in.pot()
			if err == nil && p.AgreementID == 0 {
				err = grant.Errorf(grant.EINVALID, "agreement_id", "the agreement is required", "överenskommelsen krävs")
			}
			if err == nil {
				p, err = h.svc.CreatePot(ctx(r), p)
			}
			respondVersioned(w, r, http.StatusCreated, potOut(p), p.Version, err)
		}})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/pots/{id}", Summary: "Change a pot", Tags: tags,
		Description: "Replaces the pot's fields. Once its split is decided, its amount, recipients, key and unit can no longer change (409).",
		Path:        id, Body: PotIn{}, Response: EarmarkedPot{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var in PotIn
			if !decodeOK(w, r, &in) {
				return
			}
			p, err := in.pot()
			if err != nil {
				WriteError(w, r, err)
				return
			}
			if p.AgreementID != 0 { // the app keeps the stored agreement; say so rather than ignore a move
				before, err := h.svc.Pot(ctx(r), id)
				if err == nil && before.AgreementID != p.AgreementID {
					err = grant.Errorf(grant.EINVALID, "agreement_id", "a pot cannot move to another agreement", "en pott kan inte flyttas till en annan överenskommelse")
				}
				if err != nil {
					WriteError(w, r, err)
					return
				}
			}
			p.ID, p.Version = id, version
			p, err = h.svc.UpdatePot(ctx(r), p)
			respondVersioned(w, r, http.StatusOK, potOut(p), p.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/pots/{id}/preview", Summary: "Preview a pot's split", Tags: tags,
		Description: "Computes the split of the pot as it is now, without storing anything: every line with its exact share, " +
			"remainder rank, bound, set-aside and amount, and why, a sentence in Swedish or English after Accept-Language. " +
			"The rule: largest remainder (Hamilton) in exact integer arithmetic at the pot's rounding unit; ties go to the lower code; " +
			"floors and caps are water-filled.",
		Path: id, Response: AllocationPreview{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, ok := pathID(w, r)
			if !ok {
				return
			}
			res, err := h.svc.Preview(ctx(r), id)
			w.Header().Add("Vary", "Accept-Language") // the explanations
			respond(w, r, http.StatusOK, previewOut(r, id, res), err)
		}})
}
