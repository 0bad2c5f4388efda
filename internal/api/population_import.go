package api

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// MaxImportBytes caps an uploaded population file: SCB's largest tables
// by municipality, one-year age and sex over fifty years are about 150 MB.
const MaxImportBytes = 200 << 20

// PopulationImport is what an import of an SCB file stored: one table per
// chosen year.
type PopulationImport struct {
	Tables []PopulationTable `json:"tables" jsonschema:"description=The stored tables\\, one per chosen year\\, in the file's order"`
}

func (h *Handler) registerPopulationImport(rt *Router) {
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/population-tables/import", Summary: "Import a population file downloaded from SCB", Tags: []string{"population"},
		Description: "The body is the file exactly as downloaded from SCB's Statistikdatabasen (PxWeb): CSV separated by comma, semicolon or tab, " +
			"in UTF-8 (with or without BOM) or ISO-8859-1/Windows-1252, with region codes and/or names, optional age and sex, and one column per year; " +
			"or the PxWeb API's JSON-stat 2.0. The file is streamed into the database in one transaction, all or nothing, up to 200 MiB. " +
			"An error names the field file (or year) and says the line, column and value at fault. See docs/import.md.",
		Query: []Param{
			{Name: "year", Description: `The year column to import, e.g. 2016 or 2016M10, or "all" for one table per year. Required when the file has several.`},
			{Name: "name", Description: `The table's name; default "SCB folkmängd YEAR". With year=all each name ends with its year.`},
			{Name: "source", Description: `Where the figures come from; default "SCB". Also names the file in error messages.`},
			{Name: "reference_date", Type: Date, Description: "The day the table counts, for one year only; default 31 December of the year (the last day of a month)."},
			{Name: "example", Type: Boolean, Description: "True for synthetic or example figures."},
		},
		Upload: []Upload{
			{MediaType: "text/csv", Binary: true, Description: "PxWeb CSV, as downloaded"},
			{MediaType: "application/json", Description: "A JSON-stat 2.0 dataset from the PxWeb API"},
		},
		MaxBytes: MaxImportBytes, Response: PopulationImport{}, Status: http.StatusCreated,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			switch mt {
			case "text/csv", "text/plain", "text/tab-separated-values", "application/json", "application/octet-stream":
			default:
				WriteError(w, r, grant.Errorf(EUNSUPPORTEDMEDIA, "Content-Type",
					"send the file as Content-Type text/csv (PxWeb CSV) or application/json (JSON-stat 2.0), not %q",
					"skicka filen som Content-Type text/csv (PxWeb CSV) eller application/json (JSON-stat 2.0), inte %q", mt))
				return
			}
			q := query(r)
			in := app.SCBImport{Year: q.Get("year"), Name: q.Get("name"), Source: q.Get("source"),
				ReferenceDate: grant.Date(q.Get("reference_date")), IsExample: q.Get("example") == "true", Size: r.ContentLength}
			body := &watchedBody{r: r.Body}
			tables, err := h.svc.ImportSCB(ctx(r), in, body)
			if body.tooLarge != nil {
				err = body.tooLarge // the limit, not the half-read row it cut, is the fault (413)
			}
			out := PopulationImport{Tables: make([]PopulationTable, len(tables))}
			for i, t := range tables {
				out.Tables[i] = populationTableOut(t)
			}
			respond(w, r, http.StatusCreated, out, err)
		}})
}

// watchedBody remembers that the body passed its limit, which the reader's
// own error, worded for a file, no longer shows.
type watchedBody struct {
	r        io.Reader
	tooLarge error
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		b.tooLarge = err
	}
	return n, err
}
