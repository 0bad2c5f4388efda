package api

import (
	"net/http"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// AgreementIn creates or replaces an agreement (överenskommelse).
type AgreementIn struct {
	Year         int          `json:"year" jsonschema:"description=The year the agreement's money is for,minimum=2000,maximum=2100"`
	Title        string       `json:"title"`
	Dnr          string       `json:"dnr,omitempty" jsonschema:"description=The diary number\\, e.g. S2016/07758/FS"`
	Parties      []string     `json:"parties,omitempty" jsonschema:"description=Codes of the organisations that signed\\, e.g. staten and skr"`
	Total        money.Amount `json:"total" jsonschema:"description=The agreement's total in öre; the pots may not exceed it"`
	DecisionDate grant.Date   `json:"decision_date,omitempty"`
}

// Agreement is an agreement as the API shows it.
type Agreement struct {
	ID           int64      `json:"id"`
	Year         int        `json:"year"`
	Title        string     `json:"title"`
	Dnr          string     `json:"dnr"`
	Parties      []string   `json:"parties"`
	Total        Money      `json:"total"`
	DecisionDate grant.Date `json:"decision_date,omitempty"`
	Version      int64      `json:"version"`
}

func agreementOut(a grant.Agreement) Agreement {
	parties := a.Parties
	if parties == nil {
		parties = []string{}
	}
	return Agreement{ID: a.ID, Year: a.Year, Title: a.Title, Dnr: a.Dnr, Parties: parties, Total: M(a.Total),
		DecisionDate: a.DecisionDate, Version: a.Version}
}

func (in AgreementIn) agreement() grant.Agreement {
	return grant.Agreement{Year: in.Year, Title: in.Title, Dnr: in.Dnr, Parties: in.Parties, Total: in.Total, DecisionDate: in.DecisionDate}
}

func (h *Handler) registerAgreements(rt *Router) {
	tags := []string{"agreements"}
	id := []Param{{Name: "id", Type: Integer, Description: "The agreement's id"}}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/agreements", Summary: "List agreements", Tags: tags,
		Description: "Agreements, newest year first.", Query: filterParams("year"), Paged: true, Response: List[Agreement]{},
		Handler: listOf(h.svc.Agreements, agreementOut)})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/agreements/{id}", Summary: "Get an agreement", Tags: tags,
		Path: id, Response: Agreement{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, ok := pathID(w, r)
			if !ok {
				return
			}
			a, err := h.svc.Agreement(ctx(r), id)
			respondVersioned(w, r, http.StatusOK, agreementOut(a), a.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/agreements", Summary: "Create an agreement", Tags: tags,
		Description: "Records an agreement; its parties must be known organisations. Add its pots with POST /api/v1/pots.",
		Body:        AgreementIn{}, Response: Agreement{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in AgreementIn
			if !decodeOK(w, r, &in) {
				return
			}
			a, err := h.svc.CreateAgreement(ctx(r), in.agreement())
			respondVersioned(w, r, http.StatusCreated, agreementOut(a), a.Version, err)
		}})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/agreements/{id}", Summary: "Change an agreement", Tags: tags,
		Description: "Replaces the agreement's fields. The total may not fall below the sum of its pots.",
		Path:        id, Body: AgreementIn{}, Response: Agreement{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var in AgreementIn
			if !decodeOK(w, r, &in) {
				return
			}
			a := in.agreement()
			a.ID, a.Version = id, version
			a, err := h.svc.UpdateAgreement(ctx(r), a)
			respondVersioned(w, r, http.StatusOK, agreementOut(a), a.Version, err)
		}})
}
