package api

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// languages are those a run's explanations are written in.
func languages() []allocate.Lang { return []allocate.Lang{allocate.Swedish, allocate.English} }

// warmLanguage is the language a warm-up encodes: the one an API client
// gets that names none (see lang). The other is encoded on its first read;
// warming both doubled the memory the server starts with.
const warmLanguage = allocate.English

// cacheRun encodes a decided run in the languages ls into the cache. With
// evict false it reports false, caching nothing, when the documents do not
// fit beside what the cache holds: a warm-up then stops rather than push
// out runs that readers have asked for.
func (h *Handler) cacheRun(run grant.AllocationRun, evict bool, ls ...allocate.Lang) (bool, error) {
	var entries []*docEntry
	size := 0
	for _, l := range ls {
		gz, err := h.runs.encode(runOut(l, run, true))
		if err != nil {
			return false, err
		}
		entries = append(entries, &docEntry{key: docKey{run.ID, l}, version: run.Version, gz: gz})
		size += len(gz)
	}
	if !evict && !h.runs.fits(size) {
		return false, nil
	}
	for _, e := range entries {
		h.runs.put(e)
	}
	return true, nil
}

// WarmRuns encodes the decided runs, newest first, in the default
// language (warmLanguage), until every one is in
// the cache or it is full, so that after a start no reader waits for a
// run's first encoding (recomputing 311 lines' explanations takes some
// milliseconds). It reads as the public, which may read decided runs, and
// returns how many runs it cached.
func (h *Handler) WarmRuns(ctx context.Context) (int, error) {
	ctx = app.WithActor(ctx, app.PublicActor())
	n := 0
	for offset := 0; ; offset += 100 {
		list, _, err := h.svc.Runs(ctx, app.ListFilter{Status: string(grant.RunDecided), Limit: 100, Offset: offset})
		if err != nil {
			return n, fmt.Errorf("warm runs: %w", err)
		}
		for _, summary := range list {
			if _, ok := h.runs.get(docKey{summary.ID, warmLanguage}); ok {
				continue
			}
			run, err := h.svc.Run(ctx, summary.ID)
			if err != nil {
				return n, fmt.Errorf("warm run %d: %w", summary.ID, err)
			}
			ok, err := h.cacheRun(run, false, warmLanguage)
			if err != nil || !ok {
				return n, err
			}
			n++
		}
		if len(list) < 100 {
			return n, nil
		}
	}
}
