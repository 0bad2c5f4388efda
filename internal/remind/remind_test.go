package remind_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/mail"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/remind"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

var admin = app.WithActor(context.Background(), app.Operator("test"))

// day is 20 January 2018 at noon: the 2017 pots' requisition deadline
// (2017-03-31) and two conditions (2017-10-31) are overdue, and the
// reports of use (2018-01-31) fall within a 14-day notice.
var day = time.Date(2018, 1, 20, 12, 0, 0, 0, time.UTC)

// withDemo loads the demo into db and returns a service whose clock reads at.
func withDemo(t *testing.T, db *store.DB, at time.Time) *app.Service {
	t.Helper()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := app.Config{Store: db, Register: reg, Passwords: auth.TestParams}
	if _, err := app.New(cfg).SeedOrganisations(admin); err != nil {
		t.Fatal(err)
	}
	if ok, err := demo.Load(context.Background(), cfg); err != nil || !ok {
		t.Fatalf("demo: %v, %v", ok, err)
	}
	cfg.Now = func() time.Time { return at }
	return app.New(cfg)
}

func scheduler(t *testing.T, svc *app.Service, addr string) *remind.Scheduler {
	t.Helper()
	sender, err := mail.New(mail.Config{Addr: addr, From: "anslag@myndighet.example", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return remind.New(remind.Config{Service: svc, Sender: sender, Days: 14, PublicURL: "https://anslag.example/"})
}

func TestSchedulerSendsEachReminderOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := withDemo(t, db, day)
		srv := startSMTP(t)
		s := scheduler(t, svc, srv.Addr)
		res, err := s.Tick(context.Background())
		if err != nil || !res.Worked || res.Sent == 0 || res.Failed != 0 {
			t.Fatalf("first tick: %+v, %v", res, err)
		}
		got := srv.messages()
		if len(got) != res.Sent {
			t.Fatalf("server got %d messages, tick says %d sent", len(got), res.Sent)
		}
		// Region Kronoberg: its two contacts (the one answering for the
		// requirements first) and its coordinator, each once per reminder.
		var report *received
		to07 := map[string]bool{}
		for i, m := range got {
			if len(m.To) != 1 || m.From != "anslag@myndighet.example" {
				t.Fatalf("message %d: from %q to %v", i, m.From, m.To)
			}
			if strings.Contains(m.Subject, "Region Kronoberg") {
				to07[m.To[0]] = true
			}
			if m.To[0] == "lena.lindqvist@kronoberg.example" && strings.HasPrefix(m.Subject, "Påminnelse: redovisning till Analys och handlingsplaner") {
				report = &got[i]
			}
		}
		want := []string{"johan.berg@kronoberg.example", "kronoberg@demo.anslag.se", "lena.lindqvist@kronoberg.example"}
		if keys := slices.Sorted(maps.Keys(to07)); !slices.Equal(keys, want) {
			t.Errorf("Region Kronoberg's reminders went to %v, want %v", keys, want)
		}
		if report == nil {
			t.Fatalf("no report-of-use reminder to Region Kronoberg's contact among %d messages", len(got))
		}
		wantSubject := "Påminnelse: redovisning till Analys och handlingsplaner för Region Kronoberg förfaller 2018-01-31 / " +
			"Reminder: report of use to Analys och handlingsplaner for Region Kronoberg is due 2018-01-31"
		if report.Subject != wantSubject {
			t.Errorf("subject %q\nwant    %q", report.Subject, wantSubject)
		}
		for _, part := range []string{"Pott: Analys och handlingsplaner", "Utbetalt belopp: ", "Sista dag: 2018-01-31",
			"https://anslag.example/organisations/07", "Due date: 2018-01-31", "Amount paid: "} {
			if !strings.Contains(report.Body, part) {
				t.Errorf("body lacks %q:\n%s", part, report.Body)
			}
		}
		if sv, en := strings.Index(report.Body, "Hej!"), strings.Index(report.Body, "Hello,"); sv < 0 || en < sv {
			t.Errorf("Swedish must come first, then English:\n%s", report.Body)
		}
		if ct := report.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		// Overdue: the conditions due 2017-10-31 to Växjö.
		if !slices.ContainsFunc(got, func(m received) bool {
			return m.To[0] == "sara.nilsson@vaxjo.example" && strings.HasPrefix(m.Subject, "Försenat: villkoret ”Analys av behoven” för Växjö kommun")
		}) {
			t.Error("no overdue condition reminder to Växjö's contact")
		}
		// Nothing about 2018's requisition deadline (2018-03-31), outside the notice.
		for _, m := range got {
			if strings.Contains(m.Subject, "2018-03-31") {
				t.Errorf("reminder before the notice period: %s", m.Subject)
			}
		}

		res, err = s.Tick(context.Background())
		if err != nil || res.Sent != 0 || res.Failed != 0 || len(srv.messages()) != len(got) {
			t.Fatalf("second tick must send nothing new: %+v, %v; server has %d", res, err, len(srv.messages()))
		}
		list, total, err := svc.Reminders(admin, app.ListFilter{Status: string(grant.ReminderSent), Count: true})
		if err != nil || total != len(got) || list[0].SentAt == "" || list[0].Attempts != 1 {
			t.Fatalf("sent reminders recorded: %d of %d, %v", total, len(got), err)
		}
	})
}

func TestFailedSendIsRetriedNextTick(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := withDemo(t, db, day)
		srv := startSMTP(t)
		srv.refuse.Store(true)
		s := scheduler(t, svc, srv.Addr)
		res, err := s.Tick(context.Background())
		if err != nil || res.Sent != 0 || res.Failed == 0 {
			t.Fatalf("refusing server: %+v, %v", res, err)
		}
		pending, total, err := svc.Reminders(admin, app.ListFilter{Status: string(grant.ReminderPending), Count: true})
		if err != nil || total != res.Failed || pending[0].Attempts != 1 || !strings.Contains(pending[0].LastError, "refused for the test") {
			t.Fatalf("pending after failure: %d of %d, %+v, %v", total, res.Failed, pending[0], err)
		}
		// Växjö hands in its analysis meanwhile: the two reminders of it (to
		// its contact and its coordinator) are struck, not sent.
		obs, err := svc.Obligations(admin, "2018-12-31")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(obs, func(o grant.Obligation) bool { return o.OrgCode == "0780" && o.Title == "Analys av behoven" })
		if i < 0 {
			t.Fatal("no open analysis for Växjö")
		}
		if _, err := svc.SubmitCondition(admin, obs[i].SubjectID, "0780", "Dnr KS 2018/7"); err != nil {
			t.Fatal(err)
		}
		srv.refuse.Store(false)
		res2, err := s.Tick(context.Background())
		if err != nil || res2.Cancelled != 2 || res2.Sent != res.Failed-2 || res2.Failed != 0 || len(srv.messages()) != res2.Sent {
			t.Fatalf("retry: %+v after %+v, %v; server got %d", res2, res, err, len(srv.messages()))
		}
		if _, n, _ := svc.Reminders(admin, app.ListFilter{Status: string(grant.ReminderCancelled), Count: true}); n != 2 {
			t.Errorf("%d cancelled reminders recorded, want 2", n)
		}
		sent, _, err := svc.Reminders(admin, app.ListFilter{Status: string(grant.ReminderSent)})
		if err != nil || sent[0].Attempts != 2 {
			t.Fatalf("a retried reminder counts two attempts: %+v, %v", sent[0], err)
		}
	})
}

func TestConcurrentSchedulersSendOnce(t *testing.T) {
	url, db := storetest.PostgresURL(t)
	svc := withDemo(t, db, day)
	db2, err := store.Open(context.Background(), store.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	reg, _ := refdata.Load()
	svc2 := app.New(app.Config{Store: db2, Register: reg, Now: func() time.Time { return day }})
	srv := startSMTP(t)
	a, b := scheduler(t, svc, srv.Addr), scheduler(t, svc2, srv.Addr)
	var wg sync.WaitGroup
	for _, s := range []*remind.Scheduler{a, b, a, b} {
		wg.Go(func() {
			if _, err := s.Tick(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got := srv.messages()
	seen := map[string]bool{}
	for _, m := range got {
		k := m.To[0] + " " + m.Subject
		if seen[k] {
			t.Errorf("sent twice: %s", k)
		}
		seen[k] = true
	}
	_, total, err := svc.Reminders(admin, app.ListFilter{Status: string(grant.ReminderSent), Count: true})
	if err != nil || total == 0 || total != len(got) {
		t.Fatalf("%d sent reminders recorded, server got %d, %v", total, len(got), err)
	}
	if _, n, _ := svc.Reminders(admin, app.ListFilter{Status: string(grant.ReminderPending), Count: true}); n != 0 {
		t.Errorf("%d reminders left pending", n)
	}
}

func TestObligationsLeaveOutWhatIsDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := withDemo(t, db, day)
		find := func(kind grant.ReminderKind, pot, org string) *grant.Obligation {
			obs, err := svc.Obligations(admin, "2018-12-31")
			if err != nil {
				t.Fatal(err)
			}
			for i, o := range obs {
				if o.Kind == kind && o.PotName == pot && o.OrgCode == org && (kind != grant.RemindCondition || o.Title == "Analys av behoven") {
					return &obs[i]
				}
			}
			return nil
		}
		// Region Kronoberg requisitioned all of "Nå unga" but none of "Ungdomsmottagningar".
		if o := find(grant.RemindRequisition, "Nå unga", "07"); o != nil {
			t.Errorf("fully requisitioned pot reminded: %+v", o)
		}
		if o := find(grant.RemindRequisition, "Ungdomsmottagningar", "07"); o == nil || o.Amount <= 0 || o.DueDate != "2017-03-31" {
			t.Errorf("unrequisitioned money not reminded: %+v", o)
		}
		// Paid and not reported: a report of use of the amount paid.
		if o := find(grant.RemindReport, "Analys och handlingsplaner", "07"); o == nil || o.Amount <= 0 || o.DueDate != "2018-01-31" {
			t.Errorf("report of use not reminded: %+v", o)
		}
		if o := find(grant.RemindReport, "Ungdomsmottagningar", "07"); o != nil {
			t.Errorf("report reminded for a pot nothing was paid from: %+v", o)
		}
		c := find(grant.RemindCondition, "Analys och handlingsplaner", "07")
		if c == nil {
			t.Fatal("open condition not listed")
		}
		if _, err := svc.SubmitCondition(admin, c.SubjectID, "07", "Dnr RK 2017/123"); err != nil {
			t.Fatal(err)
		}
		if o := find(grant.RemindCondition, "Analys och handlingsplaner", "07"); o != nil {
			t.Errorf("submitted condition still reminded: %+v", o)
		}
	})
}

// TestBatchesEndOnFailure: with more reminders than a batch, a tick claims
// batch after batch, but stops at a batch with failures instead of
// claiming its failed reminders again.
func TestBatchesEndOnFailure(t *testing.T) {
	db := storetest.OpenSQLite(t)
	svc := withDemo(t, db, day)
	srv := startSMTP(t)
	sender, err := mail.New(mail.Config{Addr: srv.Addr, From: "anslag@myndighet.example", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s := remind.New(remind.Config{Service: svc, Sender: sender, PublicURL: "https://anslag.example", Batch: 2})
	srv.refuse.Store(true)
	res, err := s.Tick(context.Background())
	if err != nil || res.Failed != 2 || res.Sent != 0 {
		t.Fatalf("refused: %+v, %v", res, err)
	}
	srv.refuse.Store(false)
	res, err = s.Tick(context.Background())
	if err != nil || res.Sent <= 2 || len(srv.messages()) != res.Sent {
		t.Fatalf("batches of 2: %+v, %v; server got %d", res, err, len(srv.messages()))
	}
	if _, n, _ := svc.Reminders(admin, app.ListFilter{Status: string(grant.ReminderPending), Count: true}); n != 0 {
		t.Errorf("%d left pending", n)
	}
}
