package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// admitFixture is an Admission over a handler that records the order in
// which requests ran and blocks each until the test releases it.
type admitFixture struct {
	a       *Admission
	h       http.Handler
	mu      sync.Mutex
	ran     []string
	release chan struct{}
}

func newAdmitFixture(n int, wait time.Duration) *admitFixture {
	f := &admitFixture{a: NewAdmission(n, wait), release: make(chan struct{})}
	f.h = f.a.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.ran = append(f.ran, r.URL.Path)
		f.mu.Unlock()
		if r.URL.Query().Has("panic") {
			panic("handler fault")
		}
		if r.URL.Query().Has("block") {
			<-f.release
		}
		w.Write([]byte("ok"))
	}))
	return f
}

func (f *admitFixture) serve(path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// until polls cond for up to a second.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 1000 {
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestAdmissionRunsInArrivalOrder(t *testing.T) {
	f := newAdmitFixture(1, time.Minute)
	var wg sync.WaitGroup
	wg.Go(func() { f.serve("/first?block") })
	until(t, "the first read to run", func() bool { return f.a.Running() == 1 })
	paths := []string{"/a", "/b", "/c", "/d", "/e"}
	for i, p := range paths {
		wg.Go(func() { f.serve(p) })
		until(t, p+" to wait", func() bool { return f.a.Waiting() == int64(i+1) })
	}
	close(f.release)
	wg.Wait()
	want := append([]string{"/first"}, paths...)
	if len(f.ran) != len(want) {
		t.Fatalf("ran %v, want %v", f.ran, want)
	}
	for i := range want {
		if f.ran[i] != want[i] {
			t.Fatalf("ran %v, want %v (arrival order)", f.ran, want)
		}
	}
	if f.a.Running() != 0 || f.a.Waiting() != 0 {
		t.Errorf("after the burst: %d running, %d waiting", f.a.Running(), f.a.Waiting())
	}
}

func TestAdmissionRunsUpToItsSlots(t *testing.T) {
	f := newAdmitFixture(3, time.Minute)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() { f.serve("/x?block") })
	}
	until(t, "three reads to run and two to wait", func() bool { return f.a.Running() == 3 && f.a.Waiting() == 2 })
	close(f.release)
	wg.Wait()
	if len(f.ran) != 5 {
		t.Errorf("%d reads ran, want 5", len(f.ran))
	}
}

func TestAdmissionRefusesAfterItsWait(t *testing.T) {
	f := newAdmitFixture(1, 20*time.Millisecond)
	var wg sync.WaitGroup
	wg.Go(func() { f.serve("/slow?block") })
	until(t, "the slow read to run", func() bool { return f.a.Running() == 1 })
	rec := f.serve("/late")
	close(f.release)
	wg.Wait()
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" {
		t.Fatalf("late read: %d, Retry-After %q; want 503 and 1", rec.Code, rec.Header().Get("Retry-After"))
	}
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Code != EBUSY || p.Detail == "" {
		t.Fatalf("late read: %s (%v); want a problem with code %q", rec.Body, err, EBUSY)
	}
	if len(f.ran) != 1 {
		t.Errorf("ran %v; the refused read must not run", f.ran)
	}
}

func TestAdmissionFreesTheSlotOfAPanic(t *testing.T) {
	f := newAdmitFixture(1, 50*time.Millisecond)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the handler's panic did not reach the caller")
			}
		}()
		f.serve("/bad?panic")
	}()
	if rec := f.serve("/next"); rec.Code != http.StatusOK {
		t.Fatalf("after a panic: %d %s; the slot was not freed", rec.Code, rec.Body)
	}
}
