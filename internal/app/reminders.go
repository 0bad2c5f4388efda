package app

import (
	"context"
	"strings"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// ReminderRepo stores the reminders the scheduler sends (package remind)
// and reads what they are about.
type ReminderRepo interface {
	// Obligations lists what recipients must still do by a date on or
	// before until: conditions, requisitions and reports of use.
	Obligations(ctx context.Context, until grant.Date) ([]grant.Obligation, error)
	// ReminderRecipients lists an organisation's contacts (those answering
	// for the requirements first) and coordinators, perhaps with repeats.
	ReminderRecipients(ctx context.Context, org string) ([]string, error)
	// TickLock tells whether this transaction may work the tick: on
	// PostgreSQL only one instance at a time does.
	TickLock(ctx context.Context) (bool, error)
	// InsertReminders records reminders as pending; those recorded before,
	// in whatever state, are left alone.
	InsertReminders(ctx context.Context, rs []grant.Reminder, at string) error
	// ClaimReminders marks up to limit pending reminders, and those left
	// sending since before staleBefore, as sending and returns them.
	ClaimReminders(ctx context.Context, at, staleBefore string, limit int) ([]grant.Reminder, error)
	// FinishReminder ends a claim: sent, cancelled, or pending again.
	FinishReminder(ctx context.Context, id int64, state grant.ReminderState, lastError, at string) error
	ListReminders(ctx context.Context, f ListFilter) ([]grant.Reminder, int, error)
}

// Today is the service clock's date, the day reminders are worked out for.
func (s *Service) Today() time.Time { return s.now() }

// Obligations lists what falls due on or before until, for the reminder
// scheduler; administrators only (the scheduler acts as the operator).
func (s *Service) Obligations(ctx context.Context, until grant.Date) (list []grant.Obligation, err error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		list, err = tx.Obligations(ctx, until)
		return err
	})
	return list, err
}

// ReminderRecipients lists, for each organisation, who its reminders go
// to, in order and with repeats (package remind removes them).
func (s *Service) ReminderRecipients(ctx context.Context, orgs []string) (map[string][]string, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(orgs))
	err := s.store.Read(ctx, func(tx Tx) error {
		for _, o := range orgs {
			rs, err := tx.ReminderRecipients(ctx, o)
			if err != nil {
				return err
			}
			out[o] = rs
		}
		return nil
	})
	return out, err
}

// ClaimReminders records the reminders due now and claims up to limit
// unsent ones for this instance to send, in one transaction. A claim
// older than stale belongs to an instance that stopped mid-send and is
// taken over. worked is false when another instance holds the tick.
func (s *Service) ClaimReminders(ctx context.Context, due []grant.Reminder, stale time.Duration, limit int) (claimed []grant.Reminder, worked bool, err error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, false, err
	}
	now := s.now()
	err = s.store.Write(ctx, func(tx Tx) error {
		if worked, err = tx.TickLock(ctx); err != nil || !worked {
			return err
		}
		at := grant.Timestamp(now)
		if err := tx.InsertReminders(ctx, due, at); err != nil {
			return err
		}
		claimed, err = tx.ClaimReminders(ctx, at, grant.Timestamp(now.Add(-stale)), limit)
		return err
	})
	return claimed, worked, err
}

// FinishReminder records how sending a claimed reminder ended.
func (s *Service) FinishReminder(ctx context.Context, id int64, state grant.ReminderState, lastError string) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	if len(lastError) > 1000 {
		lastError = strings.ToValidUTF8(lastError[:1000], "") // a cut rune would be refused by PostgreSQL
	}
	return s.store.Write(ctx, func(tx Tx) error {
		return tx.FinishReminder(ctx, id, state, lastError, s.stamp())
	})
}

// Reminders lists reminders, newest first, by organisation, kind and
// state (Status): for administrators and auditors.
func (s *Service) Reminders(ctx context.Context, f ListFilter) (list []grant.Reminder, total int, err error) {
	if err := RequireOversight(ctx); err != nil {
		return nil, 0, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListReminders(ctx, f)
		return err
	})
	return list, total, err
}
