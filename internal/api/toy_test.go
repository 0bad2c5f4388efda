package api_test

import (
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"sync"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// The toy API: pots kept in memory, served through every feature of the
// framework, for the OpenAPI tests.

// Pot is a pot as the toy API shows it.
type Pot struct {
	ID      int64      `json:"id" jsonschema:"minimum=1"`
	Name    string     `json:"name"`
	Year    int        `json:"year"`
	Amount  api.Money  `json:"amount"`
	Lines   []PotLine  `json:"lines"`
	Decided grant.Date `json:"decided,omitempty" jsonschema:"description=Decision date; absent until decided"`
	Version int64      `json:"version"`
}

// PotLine is one recipient's share.
type PotLine struct {
	Code   string    `json:"code" jsonschema:"pattern=^[0-9]{2}([0-9]{2})?$"`
	Amount api.Money `json:"amount"`
}

// NewPot is the body of a create.
type NewPot struct {
	Name   string         `json:"name" jsonschema:"minLength=1"`
	Year   int            `json:"year" jsonschema:"minimum=2000,maximum=2100"`
	Amount money.Amount   `json:"amount"`
	Lines  []NewPotLine   `json:"lines,omitempty"`
	Meta   map[string]int `json:"meta,omitempty"`
}

// NewPotLine is one line of a create.
type NewPotLine struct {
	Code   string       `json:"code"`
	Amount money.Amount `json:"amount"`
}

// PotUpdate is the body of an update.
type PotUpdate struct {
	Name    string     `json:"name"`
	Decided grant.Date `json:"decided,omitempty"`
}

type toyAPI struct {
	mu     sync.Mutex
	pots   []Pot
	nextID int64
}

func toyRouter(store api.IdempotencyStore) (*api.Router, *toyAPI) {
	t := &toyAPI{nextID: 1}
	rt := api.NewRouter(api.Config{Idempotency: store, Actor: func(r *http.Request) string { return r.Header.Get("X-User") },
		Log: slog.New(slog.DiscardHandler)})
	idParam := []api.Param{{Name: "id", Type: api.Integer, Description: "The pot's id"}}
	rt.Handle(api.Route{Method: "GET", Pattern: "/api/v1/pots", Summary: "List pots", Tags: []string{"pots"}, Paged: true,
		Query: []api.Param{
			{Name: "year", Type: api.Integer, Description: "Only pots of this year"},
			{Name: "decided_after", Type: api.Date},
			{Name: "state", Enum: []string{"open", "decided"}},
		},
		Response: api.List[Pot]{}, Handler: t.list})
	rt.Handle(api.Route{Method: "GET", Pattern: "/api/v1/pots/{id}", Summary: "Get a pot", Tags: []string{"pots"}, Path: idParam,
		Response: Pot{}, ETag: true, Handler: t.get})
	rt.Handle(api.Route{Method: "POST", Pattern: "/api/v1/pots", Summary: "Create a pot", Tags: []string{"pots"},
		Body: NewPot{}, Response: Pot{}, Status: http.StatusCreated, ETag: true, Idempotent: true, Handler: t.create})
	rt.Handle(api.Route{Method: "PUT", Pattern: "/api/v1/pots/{id}", Summary: "Change a pot", Tags: []string{"pots"}, Path: idParam,
		Body: PotUpdate{}, Response: Pot{}, ETag: true, IfMatch: true, Handler: t.update})
	rt.Handle(api.Route{Method: "DELETE", Pattern: "/api/v1/pots/{id}", Summary: "Delete a pot", Tags: []string{"pots"}, Path: idParam,
		IfMatch: true, Handler: t.delete})
	return rt, t
}

func (t *toyAPI) list(w http.ResponseWriter, r *http.Request) {
	page, err := api.ParsePage(r)
	if err != nil {
		api.WriteError(w, r, err)
		return
	}
	year, hasYear, err := api.QueryInt(r, "year")
	if err != nil {
		api.WriteError(w, r, err)
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var match []Pot
	for _, p := range t.pots {
		if !hasYear || int64(p.Year) == year {
			match = append(match, p)
		}
	}
	items := match[min(page.Offset, len(match)):min(page.Offset+page.Limit, len(match))]
	api.Write(w, r, http.StatusOK, api.NewList(r, page, items, len(match)))
}

func (t *toyAPI) find(r *http.Request) (int, error) {
	id, err := api.PathInt(r, "id")
	if err != nil {
		return 0, err
	}
	i := slices.IndexFunc(t.pots, func(p Pot) bool { return p.ID == id })
	if i < 0 {
		return 0, grant.NotFound("pot", "pott", id)
	}
	return i, nil
}

func (t *toyAPI) get(w http.ResponseWriter, r *http.Request) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, err := t.find(r)
	if err != nil {
		api.WriteError(w, r, err)
		return
	}
	if api.NotModified(w, r, t.pots[i].Version) {
		return
	}
	api.Write(w, r, http.StatusOK, t.pots[i])
}

func (t *toyAPI) create(w http.ResponseWriter, r *http.Request) {
	var in NewPot
	if err := api.Decode(r, &in); err != nil {
		api.WriteError(w, r, err)
		return
	}
	if in.Name == "boom" {
		api.WriteError(w, r, errors.New("toy: the database is on fire"))
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	p := Pot{ID: t.nextID, Name: in.Name, Year: in.Year, Amount: api.M(in.Amount), Version: 1}
	for _, l := range in.Lines {
		p.Lines = append(p.Lines, PotLine{Code: l.Code, Amount: api.M(l.Amount)})
	}
	t.nextID++
	t.pots = append(t.pots, p)
	api.SetETag(w, p.Version)
	api.Write(w, r, http.StatusCreated, p)
}

func (t *toyAPI) update(w http.ResponseWriter, r *http.Request) {
	version, err := api.IfMatch(r)
	if err != nil {
		api.WriteError(w, r, err)
		return
	}
	var in PotUpdate
	if err := api.Decode(r, &in); err != nil {
		api.WriteError(w, r, err)
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	i, err := t.find(r)
	if err == nil && t.pots[i].Version != version {
		err = grant.Errorf(grant.EPRECONDITION, "", "the pot has changed since it was read", "potten har ändrats sedan den lästes")
	}
	if err != nil {
		api.WriteError(w, r, err)
		return
	}
	p := &t.pots[i]
	p.Name, p.Decided = in.Name, in.Decided
	p.Version++
	api.SetETag(w, p.Version)
	api.Write(w, r, http.StatusOK, *p)
}

func (t *toyAPI) delete(w http.ResponseWriter, r *http.Request) {
	version, err := api.IfMatch(r)
	if err != nil {
		api.WriteError(w, r, err)
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	i, err := t.find(r)
	if err == nil && t.pots[i].Version != version {
		err = grant.Errorf(grant.EPRECONDITION, "", "the pot has changed since it was read", "potten har ändrats sedan den lästes")
	}
	if err != nil {
		api.WriteError(w, r, err)
		return
	}
	t.pots = slices.Delete(t.pots, i, i+1)
	w.WriteHeader(http.StatusNoContent)
}
