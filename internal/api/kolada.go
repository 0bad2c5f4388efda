package api

import (
	"bytes"
	"net/http"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
)

// KoladaPage is one page of an answer of Kolada's API (v2 or v3), as saved
// from it; unknown members (isdeleted, previous_page …) are ignored. The
// import also takes a JSON array of such pages.
type KoladaPage struct {
	Count    int           `json:"count,omitzero" jsonschema:"description=Kolada's count; not checked"`
	Values   []KoladaEntry `json:"values"`
	NextPage *string       `json:"next_page,omitempty" jsonschema:"description=The address of the next page; none or null on the last page (v3: next_url)"`
	NextURL  *string       `json:"next_url,omitempty" jsonschema:"description=v3's name for next_page"`
}

// KoladaEntry is a key figure's values for one organisation and period.
type KoladaEntry struct {
	KPI          string         `json:"kpi" jsonschema:"description=A letter and five digits\\, e.g. N17473"`
	Municipality string         `json:"municipality" jsonschema:"description=Kolada's id: a municipality code (0780)\\, a region as 00 and its county code (0007) or 0000 for Riket"`
	Period       int            `json:"period" jsonschema:"description=The year"`
	Values       []KoladaFigure `json:"values"`
}

// KoladaFigure is one value of a KoladaEntry, by gender.
type KoladaFigure struct {
	Gender string   `json:"gender" jsonschema:"enum=T,enum=K,enum=M,description=T total\\, K women\\, M men"`
	Count  int      `json:"count,omitzero"`
	Status string   `json:"status,omitempty" jsonschema:"description=e.g. Missing"`
	Value  *float64 `json:"value" jsonschema:"description=A number or null"`
}

// KoladaValues are the stored values of a key figure or an organisation.
type KoladaValues struct {
	Values []grant.KoladaValue `json:"values"`
}

// koladaImportsShown bounds the list of imports: it is for checking what
// was imported lately, not an archive.
const koladaImportsShown = 100

func (h *Handler) registerKolada(rt *Router) {
	tags := []string{"kolada"}
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/kolada/imports", Summary: "Import Kolada key figure values", Tags: tags,
		Description: "The body is an answer saved from Kolada's API (v2 or v3): one page, or a JSON array of the pages of a paginated answer. " +
			"Municipalities are stored under their code, regions (0007) under their county code (07) and Riket (0000) under 00. " +
			"All or nothing: an error names the page and the value at fault (field file). Values imported before are updated. " +
			"Administrators only; answers larger than the 1 MiB body limit are imported with the command line or the page /kolada.",
		Body: KoladaPage{}, Response: grant.KoladaImport{}, Status: http.StatusCreated, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
				WriteError(w, r, err)
				return
			}
			body, err := readBody(r.Body, MaxBodyBytes)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			if len(bytes.TrimSpace(body)) == 0 {
				WriteError(w, r, grant.Errorf(grant.EINVALID, "", "the request body is empty; expected a page of Kolada's answer",
					"begärans innehåll är tomt; förväntade en sida av Koladas svar"))
				return
			}
			im, err := h.svc.ImportKolada(ctx(r), []importer.KoladaFile{{Name: "body", R: bytes.NewReader(body)}})
			respond(w, r, http.StatusCreated, im, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/kolada/imports", Summary: "List Kolada imports", Tags: tags,
		Description: "The latest imports of Kolada values, newest first (at most 100). Administrators and auditors.",
		Paged:       true, Response: List[grant.KoladaImport]{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			p, err := ParsePage(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			list, err := h.svc.KoladaImports(ctx(r), koladaImportsShown)
			total := len(list)
			list = list[min(p.Offset, total):min(p.Offset+p.Limit, total)]
			respond(w, r, http.StatusOK, NewList(r, p, list, total), err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/kolada/values", Summary: "Read imported Kolada values", Tags: tags,
		Description: "The stored values of a key figure, an organisation or both, by key figure, organisation, period and gender (T, K, M). " +
			"Key figures are public statistics: anyone may read them.",
		Query: []Param{
			{Name: "kpi", Description: "A Kolada key figure id (N17473)"},
			{Name: "organisation", Description: "anslag's organisation code: 0780, 07, or 00 for Riket"},
			{Name: "gender", Description: "Only this gender", Enum: []string{"T", "K", "M"}},
		},
		Response: KoladaValues{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			q := query(r)
			list, err := h.svc.KoladaValues(ctx(r), app.KoladaFilter{KPI: q.Get("kpi"), OrgCode: q.Get("organisation"), Gender: q.Get("gender")})
			respond(w, r, http.StatusOK, KoladaValues{Values: list}, err)
		}})
}
