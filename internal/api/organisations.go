package api

import (
	"net/http"

	"github.com/anslag/anslag/internal/grant"
)

// OrganisationIn is the body that creates a committee, unit, partner or
// association; regions and municipalities come from SCB's lists.
type OrganisationIn struct {
	Code       string `json:"code" jsonschema:"description=A code of your choosing without spaces, e.g. 07-hsn"`
	Kind       string `json:"kind" jsonschema:"enum=committee,enum=unit,enum=partner,enum=state,enum=association"`
	Name       string `json:"name"`
	ParentCode string `json:"parent_code,omitempty" jsonschema:"description=The region or municipality a committee or unit belongs to"`
	OrgNumber  string `json:"org_number,omitempty" jsonschema:"description=Organisationsnummer NNNNNN-NNNN, required for a partner"`
	CountyCode string `json:"county_code,omitempty"`
}

// Organisation is an organisation as the API shows it.
type Organisation struct {
	Code       string `json:"code"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	CountyCode string `json:"county_code,omitempty"`
	ParentCode string `json:"parent_code,omitempty"`
	OrgNumber  string `json:"org_number,omitempty"`
	Version    int64  `json:"version"`
}

func organisationOut(o grant.Organisation) Organisation {
	return Organisation{Code: o.Code, Kind: string(o.Kind), Name: o.Name, CountyCode: o.CountyCode, ParentCode: o.ParentCode,
		OrgNumber: o.OrgNumber, Version: o.Version}
}

func (h *Handler) registerOrganisations(rt *Router) {
	tags := []string{"organisations"}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/organisations", Summary: "List organisations", Tags: tags,
		Description: "Regions, municipalities, committees, units, partners and associations, in code order.",
		Query:       filterParams("kind", "county", "org"), Paged: true, Response: List[Organisation]{},
		Handler: listOf(h.svc.Organisations, organisationOut)})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/organisations/{code}", Summary: "Get an organisation", Tags: tags,
		Path: []Param{{Name: "code", Description: "SCB code or the code the organisation was given"}}, Response: Organisation{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			o, err := h.svc.Organisation(ctx(r), r.PathValue("code"))
			respondVersioned(w, r, http.StatusOK, organisationOut(o), o.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/organisations", Summary: "Create a committee, unit, partner or association", Tags: tags,
		Body: OrganisationIn{}, Response: Organisation{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in OrganisationIn
			if !decodeOK(w, r, &in) {
				return
			}
			o, err := h.svc.CreateOrganisation(ctx(r), grant.Organisation{Code: in.Code, Kind: grant.OrgKind(in.Kind), Name: in.Name,
				ParentCode: in.ParentCode, OrgNumber: in.OrgNumber, CountyCode: in.CountyCode})
			respondVersioned(w, r, http.StatusCreated, organisationOut(o), o.Version, err)
		}})
}
