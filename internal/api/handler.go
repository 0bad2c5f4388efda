package api

import (
	"context"
	"net/http"

	"github.com/anslag/anslag/internal/app"
)

// Handler serves anslag's use cases as the JSON API under /api/v1. Its
// resources are declared, one file each, by the register* methods that
// Register calls.
type Handler struct {
	svc  *app.Service
	runs *docCache // decided runs, encoded
}

// NewHandler makes a Handler over the service.
func NewHandler(svc *app.Service) *Handler {
	return &Handler{svc: svc, runs: newDocCache(DocCacheBytes)}
}

// Register declares every route of the API on rt.
func (h *Handler) Register(rt *Router) {
	h.registerOrganisations(rt)    // organisations.go
	h.registerPopulation(rt)       // population.go
	h.registerPopulationImport(rt) // population_import.go
	h.registerAgreements(rt)       // agreements.go
	h.registerPots(rt)             // pots.go
	h.registerRuns(rt)             // runs.go
	h.registerLedger(rt)           // ledger.go: ledger entries, balances, audit log
	h.registerRequisitions(rt)     // requisitions.go: requisitions and payments
	h.registerFollowUp(rt)         // followup.go: conditions, reports of use, claims, repayments
	h.registerLocal(rt)            // local.go: sub-allocations, initiatives, action plans
	h.registerKolada(rt)           // kolada.go: Kolada key figures
	h.registerCollab(rt)           // collab.go: collaboration agreements, leadership groups
	h.registerNetworks(rt)         // networks.go: coordinator networks, meetings, tasks, county requirements
	h.registerSession(rt)          // session.go: login, logout, API tokens
	h.registerContacts(rt)         // contacts.go: contact persons, reminders
}

// ctx is the request's context, carrying the acting user that the
// server's authentication put there. A request that reached the API
// without it acts as the public: mounting the API without authentication
// must never grant more.
func ctx(r *http.Request) context.Context {
	c := r.Context()
	if !app.HasActor(c) {
		c = app.WithActor(c, app.PublicActor())
	}
	return c
}

// respond writes v with status, or the problem document of err.
func respond[T any](w http.ResponseWriter, r *http.Request, status int, v T, err error) {
	if err != nil {
		WriteError(w, r, err)
		return
	}
	Write(w, r, status, v)
}

// respondVersioned writes v with its ETag, answering 304 when the client
// already holds this version.
func respondVersioned[T any](w http.ResponseWriter, r *http.Request, status int, v T, version int64, err error) {
	if err != nil {
		WriteError(w, r, err)
		return
	}
	if status == http.StatusOK && NotModified(w, r, version) {
		return
	}
	SetETag(w, version)
	Write(w, r, status, v)
}

// listFilter reads the common list filters and the page.
func listFilter(r *http.Request) (app.ListFilter, Page, error) {
	var f app.ListFilter
	p, err := ParsePage(r)
	if err != nil {
		return f, p, err
	}
	f.Limit, f.Offset, f.Count = p.Limit, p.Offset, p.Count
	for _, q := range []struct {
		name string
		dst  *int64
	}{{"agreement_id", &f.AgreementID}, {"pot_id", &f.PotID}} {
		if v, ok, err := QueryInt(r, q.name); err != nil {
			return f, p, err
		} else if ok {
			*q.dst = v
		}
	}
	if v, ok, err := QueryInt(r, "year"); err != nil {
		return f, p, err
	} else if ok {
		f.Year = int(v)
	}
	if d, ok, err := QueryDate(r, "as_of"); err != nil {
		return f, p, err
	} else if ok {
		f.AsOf = d
	}
	for _, q := range []struct {
		name string
		dst  *string
	}{{"org", &f.OrgCode}, {"county", &f.County}, {"kind", &f.Kind}, {"status", &f.Status}} {
		if v, ok, err := QueryString(r, q.name); err != nil {
			return f, p, err
		} else if ok {
			*q.dst = v
		}
	}
	return f, p, nil
}

// Common documented query parameters of lists.
func filterParams(names ...string) []Param {
	doc := map[string]Param{
		"year":         {Name: "year", Type: Integer, Description: "The agreement year."},
		"agreement_id": {Name: "agreement_id", Type: Integer, Description: "Only records of this agreement."},
		"pot_id":       {Name: "pot_id", Type: Integer, Description: "Only records of this pot."},
		"org":          {Name: "org", Description: "Only records of this organisation (code)."},
		"county":       {Name: "county", Description: "Only records of organisations in this county (two-digit code)."},
		"kind":         {Name: "kind", Description: "Only records of this kind."},
		"status":       {Name: "status", Description: "Only records in this state."},
		"as_of":        {Name: "as_of", Type: Date, Description: "The records as they stood at the end of this day (YYYY-MM-DD), rebuilt from the audit log and the ledger."},
	}
	out := make([]Param, len(names))
	for i, n := range names {
		out[i] = doc[n]
	}
	return out
}

// pathID reads the path's id, writing the problem if it is not a number.
func pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	n, err := PathInt(r, "id")
	if err != nil {
		WriteError(w, r, err)
	}
	return n, err == nil
}

// pathVersion reads the path's id and the If-Match version an update
// needs, writing the problem if either is missing or wrong.
func pathVersion(w http.ResponseWriter, r *http.Request) (id, version int64, ok bool) {
	if id, ok = pathID(w, r); !ok {
		return 0, 0, false
	}
	version, err := IfMatch(r)
	if err != nil {
		WriteError(w, r, err)
		return 0, 0, false
	}
	return id, version, true
}

// decodeOK decodes the body into dst, writing the problem if it fails.
func decodeOK(w http.ResponseWriter, r *http.Request, dst any) bool {
	err := Decode(r, dst)
	if err != nil {
		WriteError(w, r, err)
	}
	return err == nil
}

// listOf serves a list: the filter and page from the query, the records
// from list, each shown with out.
func listOf[T, U any](list func(context.Context, app.ListFilter) ([]T, int, error), out func(T) U) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, p, err := listFilter(r)
		if err != nil {
			WriteError(w, r, err)
			return
		}
		items, total, err := list(ctx(r), f)
		respond(w, r, http.StatusOK, NewList(r, p, mapSlice(items, out), total), err)
	}
}

// mapSlice applies f to every element of list.
func mapSlice[T, U any](list []T, f func(T) U) []U {
	out := make([]U, len(list))
	for i, v := range list {
		out[i] = f(v)
	}
	return out
}
