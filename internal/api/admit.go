package api

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// Admission runs a fixed number of API reads at once and queues the rest
// in the order they came. A read is processor work on the server's few
// cores (the database's too, on SQLite): running every request at once
// gains no throughput, and the scheduler then serves an answer from the
// list cache between every step of a page read from the database, so the
// reads that need the database wait longest. Queued in arrival order, no
// request waits behind more than the requests that came before it
// (docs/benchmarks.md, session 8: the ledger's p99 fell by a third).
type Admission struct {
	slots   chan struct{}
	maxWait time.Duration
	waiting atomic.Int64
}

// NewAdmission lets n reads run at once; a read that waits longer than
// maxWait for its turn is refused as EBUSY (503, Retry-After).
func NewAdmission(n int, maxWait time.Duration) *Admission {
	return &Admission{slots: make(chan struct{}, max(n, 1)), maxWait: maxWait}
}

// Waiting is the number of reads waiting for their turn now.
func (a *Admission) Waiting() int64 { return a.waiting.Load() }

// Running is the number of reads running now.
func (a *Admission) Running() int { return len(a.slots) }

func (a *Admission) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case a.slots <- struct{}{}:
			// A free slot. A released slot goes straight to the read that
			// waited longest (a channel's senders are woken in order), so
			// this cannot jump the queue.
		default:
			if err := a.wait(r); err != nil {
				w.Header().Set("Retry-After", "1")
				WriteError(w, r, err)
				return
			}
		}
		defer func() { <-a.slots }()
		next.ServeHTTP(w, r)
	})
}

func (a *Admission) wait(r *http.Request) error {
	a.waiting.Add(1)
	defer a.waiting.Add(-1)
	timer := time.NewTimer(a.maxWait)
	defer timer.Stop()
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-r.Context().Done(): // the client has gone; the answer is for the log
	case <-timer.C:
	}
	return grant.Errorf(EBUSY, "", "the server is busy; try again in a moment", "servern är upptagen; försök igen om en stund")
}
