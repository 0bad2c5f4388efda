package remind

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/mail"
)

// Service is what the scheduler needs of the application (*app.Service).
type Service interface {
	Today() time.Time
	Obligations(ctx context.Context, until grant.Date) ([]grant.Obligation, error)
	ReminderRecipients(ctx context.Context, orgs []string) (map[string][]string, error)
	ClaimReminders(ctx context.Context, due []grant.Reminder, stale time.Duration, limit int) ([]grant.Reminder, bool, error)
	FinishReminder(ctx context.Context, id int64, state grant.ReminderState, lastError string) error
}

// Sender delivers one e-mail (*mail.Sender).
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
}

// Config holds what a Scheduler depends on.
type Config struct {
	Service Service
	Sender  Sender
	// Days is how many days before the due date the first reminder goes;
	// 0 means 14.
	Days int
	// Interval is the time between ticks; 0 means an hour.
	Interval time.Duration
	// PublicURL is the site's address, for the link in each message.
	PublicURL string
	Logger    *slog.Logger // nil: slog.Default()
	// Stale is how long a claim may go unfinished before another tick takes
	// it over (the instance stopped mid-send); 0 means an hour.
	Stale time.Duration
	// Batch bounds the reminders one claim takes; 0 means 200.
	Batch int
}

// Scheduler sends the reminders that are due, once each.
type Scheduler struct {
	cfg Config
}

// New makes a Scheduler, filling in defaults.
func New(cfg Config) *Scheduler {
	if cfg.Days <= 0 {
		cfg.Days = 14
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Stale <= 0 {
		cfg.Stale = time.Hour
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 200
	}
	return &Scheduler{cfg: cfg}
}

// Run ticks at once and then every Interval until ctx ends. A failed tick
// is logged; the next one tries again.
func (s *Scheduler) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Interval)
	defer t.Stop()
	for {
		if r, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Logger.Error("reminders", "err", err)
		} else if r.Sent+r.Failed+r.Cancelled > 0 {
			s.cfg.Logger.Info("reminders", "sent", r.Sent, "failed", r.Failed, "cancelled", r.Cancelled)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Result counts what one tick did.
type Result struct {
	Worked                  bool // false when another instance held the tick
	Sent, Failed, Cancelled int
}

// Tick records the reminders due today, claims the unsent ones and sends
// them. A reminder whose obligation was met since it was recorded is
// cancelled instead; one whose send failed stays pending for the next tick.
func (s *Scheduler) Tick(ctx context.Context) (Result, error) {
	var res Result
	ctx = app.WithActor(ctx, app.Operator("remind"))
	today := s.cfg.Service.Today()
	obs, err := s.cfg.Service.Obligations(ctx, Horizon(today, s.cfg.Days))
	if err != nil {
		return res, fmt.Errorf("reminders: %w", err)
	}
	var orgs []string
	seen := map[string]bool{}
	for _, o := range obs {
		if !seen[o.OrgCode] {
			seen[o.OrgCode] = true
			orgs = append(orgs, o.OrgCode)
		}
	}
	recipients, err := s.cfg.Service.ReminderRecipients(ctx, orgs)
	if err != nil {
		return res, fmt.Errorf("reminders: %w", err)
	}
	due := Due(obs, recipients, today, s.cfg.Days)
	type subject struct {
		kind grant.ReminderKind
		id   int64
		org  string
	}
	bySubject := make(map[subject]grant.Obligation, len(obs))
	for _, o := range obs {
		bySubject[subject{o.Kind, o.SubjectID, o.OrgCode}] = o
	}
	// about is what each reminder due today is about; a claimed one not in
	// it was met since it was recorded.
	about := make(map[string]grant.Obligation, len(due))
	for _, r := range due {
		about[r.Key()] = bySubject[subject{r.Kind, r.SubjectID, r.OrgCode}]
	}
	for {
		claimed, worked, err := s.cfg.Service.ClaimReminders(ctx, due, s.cfg.Stale, s.cfg.Batch)
		if err != nil {
			return res, fmt.Errorf("reminders: %w", err)
		}
		res.Worked = res.Worked || worked
		if !worked {
			return res, nil
		}
		due = nil // recorded
		failed := res.Failed
		for _, r := range claimed {
			if err := s.send(ctx, r, about, &res); err != nil {
				return res, err
			}
		}
		// A failed reminder is pending again at once: claiming on would send
		// it again in this tick, and forever while the server refuses.
		if len(claimed) < s.cfg.Batch || res.Failed > failed {
			return res, nil
		}
	}
}

// send sends one claimed reminder and records how it went. The record is
// written even if ctx ends meanwhile, so that a sent message is not sent
// again after the claim goes stale.
func (s *Scheduler) send(ctx context.Context, r grant.Reminder, about map[string]grant.Obligation, res *Result) error {
	state, lastError := grant.ReminderSent, ""
	if o, ok := about[r.Key()]; !ok {
		state, lastError = grant.ReminderCancelled, "no longer due"
		res.Cancelled++
	} else if err := s.cfg.Sender.Send(ctx, Message(r, o, s.cfg.PublicURL)); err != nil {
		state, lastError = grant.ReminderPending, err.Error()
		res.Failed++
		s.cfg.Logger.Warn("reminder not sent", "id", r.ID, "to", r.Recipient, "attempts", r.Attempts, "err", err)
	} else {
		res.Sent++
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.cfg.Service.FinishReminder(fctx, r.ID, state, lastError); err != nil {
		return fmt.Errorf("reminder %d: %w", r.ID, err)
	}
	return ctx.Err()
}
