package api

import (
	"net/http"

	"github.com/anslag/anslag/internal/grant"
)

func (h *Handler) registerRuns(rt *Router) {
	tags := []string{"runs"}
	id := []Param{{Name: "id", Type: Integer, Description: "The run's id"}}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/runs", Summary: "List allocation runs", Tags: tags,
		Description: "Runs without their lines, newest first.",
		Query: []Param{filterParams("pot_id")[0],
			{Name: "status", Enum: []string{"draft", "decided"}, Description: "Only drafts or only decided runs."}},
		Paged: true, Response: List[Run]{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			f, p, err := listFilter(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			list, total, err := h.svc.Runs(ctx(r), f)
			out := make([]Run, len(list))
			for i, run := range list {
				out[i] = runOut(lang(r), run, false)
			}
			respond(w, r, http.StatusOK, NewList(r, p, out, total), err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/runs/{id}", Summary: "Get an allocation run with its lines", Tags: tags,
		Description: "Every line with its exact share, remainder rank, bound, set-aside and amount, and why, " +
			"a sentence in Swedish or English after Accept-Language.",
		Path: id, Response: Run{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, ok := pathID(w, r)
			if !ok {
				return
			}
			w.Header().Add("Vary", "Accept-Language") // the explanations
			key := docKey{id, lang(r)}
			if e, ok := h.runs.get(key); ok {
				writeGzipped(w, r, e)
				return
			}
			run, err := h.svc.Run(ctx(r), id)
			if err != nil || run.Status != grant.RunDecided {
				respondVersioned(w, r, http.StatusOK, runOut(lang(r), run, err == nil), run.Version, err)
				return
			}
			// A decided run never changes: encode it once.
			gz, err := h.runs.encode(runOut(lang(r), run, true))
			if err != nil {
				WriteError(w, r, err)
				return
			}
			e := &docEntry{key: key, version: run.Version, gz: gz}
			h.runs.put(e)
			writeGzipped(w, r, e)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/pots/{id}/runs", Summary: "Compute a pot's split as a draft run", Tags: tags,
		Description: "Computes the split from the pot as it is now and stores it with all its inputs. A pot whose split is decided gets no new run (409).",
		Path:        []Param{{Name: "id", Type: Integer, Description: "The pot's id"}}, Response: Run{}, Status: http.StatusCreated,
		ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, ok := pathID(w, r)
			if !ok {
				return
			}
			run, err := h.svc.CreateRun(ctx(r), id)
			respondVersioned(w, r, http.StatusCreated, runOut(lang(r), run, err == nil), run.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/runs/{id}/recompute", Summary: "Recompute a draft run", Tags: tags,
		Description: "Recomputes a draft from its pot as it is now. A decided run cannot be recomputed (409).",
		Path:        id, Response: Run{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			run, err := h.svc.RecomputeRun(ctx(r), id, version)
			respondVersioned(w, r, http.StatusOK, runOut(lang(r), run, err == nil), run.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/runs/{id}/decide", Summary: "Decide a draft run", Tags: tags,
		Description: "Freezes the draft as the pot's split: every line enters the ledger as allocated money and nothing about the run can change. " +
			"A pot has at most one decided run (409).",
		Path: id, Response: Run{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			run, err := h.svc.DecideRun(ctx(r), id, version)
			if err == nil { // the documents every later read serves
				if _, err := h.cacheRun(run, true, languages()...); err != nil {
					Logger(r.Context()).WarnContext(r.Context(), "api: encode a decided run", "run", run.ID, "err", err)
				}
			}
			respondVersioned(w, r, http.StatusOK, runOut(lang(r), run, err == nil), run.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/runs/{id}/verify", Summary: "Verify a run", Tags: tags,
		Description: "Recomputes the run from its stored inputs and tells whether every line comes out exactly as stored.",
		Path:        id, Response: RunVerification{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, ok := pathID(w, r)
			if !ok {
				return
			}
			same, err := h.svc.VerifyRun(ctx(r), id)
			respond(w, r, http.StatusOK, RunVerification{Same: same}, err)
		}})
}
