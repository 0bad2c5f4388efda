package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/anslag/anslag/internal/grant"
)

// PopulationTableIn imports a population table: its description and the
// table itself as CSV text. The whole body is limited to 1 MiB, which holds
// the 290 municipalities by one-year age band and sex; import larger tables
// with the command line (anslag import).
type PopulationTableIn struct {
	Name          string     `json:"name" jsonschema:"description=A name that says what the table counts\\, e.g. SCB 1 nov 2016"`
	Source        string     `json:"source" jsonschema:"description=Where the figures come from\\, e.g. SCB; also names the table in error messages"`
	ReferenceDate grant.Date `json:"reference_date" jsonschema:"description=The day the table counts (1 November of the year before the agreement)"`
	IsExample     bool       `json:"is_example,omitzero" jsonschema:"description=True for synthetic or example figures; they are labelled so wherever used"`
	CSV           string     `json:"csv" jsonschema:"description=The table in anslag's CSV format (internal/population/FORMAT.md): a header with code and population and optionally age and sex; comma or semicolon separated; lines starting with # are comments"`
}

// PopulationTable describes a stored population table. Tables never change
// once imported: their ETag is always "v1".
type PopulationTable struct {
	ID            int64      `json:"id"`
	Name          string     `json:"name"`
	Source        string     `json:"source"`
	ReferenceDate grant.Date `json:"reference_date" jsonschema:"description=The day the table counts"`
	IsExample     bool       `json:"is_example" jsonschema:"description=Synthetic or example figures\\, not for real decisions"`
	HasAge        bool       `json:"has_age" jsonschema:"description=The table is split by age"`
	HasSex        bool       `json:"has_sex" jsonschema:"description=The table is split by sex"`
	Rows          int        `json:"rows" jsonschema:"description=The number of data rows"`
	Total         int64      `json:"total" jsonschema:"description=The number of inhabitants the table counts"`
	CreatedAt     string     `json:"created_at" jsonschema:"format=date-time"`
}

func populationTableOut(t grant.PopulationTable) PopulationTable {
	return PopulationTable{ID: t.ID, Name: t.Name, Source: t.Source, ReferenceDate: t.ReferenceDate, IsExample: t.IsExample,
		HasAge: t.HasAge, HasSex: t.HasSex, Rows: t.Rows, Total: t.Total, CreatedAt: t.CreatedAt}
}

// populationVersion is the version of every population table: they are immutable.
const populationVersion = 1

func (h *Handler) registerPopulation(rt *Router) {
	tags := []string{"population"}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/population-tables", Summary: "List population tables", Tags: tags,
		Description: "The imported population tables, newest reference date first.",
		Paged:       true, Response: List[PopulationTable]{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			p, err := ParsePage(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			// The app lists every table at once (there are few); page here.
			list, err := h.svc.PopulationTables(ctx(r))
			total := len(list)
			list = list[min(p.Offset, total):min(p.Offset+p.Limit, total)]
			out := make([]PopulationTable, len(list))
			for i, t := range list {
				out[i] = populationTableOut(t)
			}
			respond(w, r, http.StatusOK, NewList(r, p, out, total), err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/population-tables/{id}", Summary: "Get a population table's description", Tags: tags,
		Path: []Param{{Name: "id", Type: Integer, Description: "The table's id"}}, Response: PopulationTable{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, ok := pathID(w, r)
			if !ok {
				return
			}
			t, err := h.populationTable(r, id)
			respondVersioned(w, r, http.StatusOK, populationTableOut(t), populationVersion, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/population-tables", Summary: "Import a population table", Tags: tags,
		Description: "Reads the CSV text, checks every row against the register of regions and municipalities and stores the table, all or nothing. " +
			"An error in the text names the field csv and says the line, column and value at fault.",
		Body: PopulationTableIn{}, Response: PopulationTable{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in PopulationTableIn
			if !decodeOK(w, r, &in) {
				return
			}
			t, err := h.svc.ImportPopulation(ctx(r), grant.PopulationTable{Name: in.Name, Source: strings.TrimSpace(in.Source),
				ReferenceDate: in.ReferenceDate, IsExample: in.IsExample}, strings.NewReader(in.CSV))
			if ge, ok := errors.AsType[*grant.Error](err); ok && ge.Field == "file" { // the app's name for the uploaded file
				e := *ge
				e.Field = "csv"
				err = &e
			}
			respondVersioned(w, r, http.StatusCreated, populationTableOut(t), populationVersion, err)
		}})
}

// populationTable finds one table. The app has no read of a single
// table's description, so it is picked from the (short) list.
func (h *Handler) populationTable(r *http.Request, id int64) (grant.PopulationTable, error) {
	list, err := h.svc.PopulationTables(ctx(r))
	if err != nil {
		return grant.PopulationTable{}, err
	}
	for _, t := range list {
		if t.ID == id {
			return t, nil
		}
	}
	return grant.PopulationTable{}, grant.NotFound("population table", "befolkningstabell", id)
}
