package app

import (
	"context"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// CreateTask gives a member of a network a follow-up task, usually at a
// meeting (MeetingID).
func (s *Service) CreateTask(ctx context.Context, k grant.Task) (grant.Task, error) {
	if err := k.Validate(); err != nil {
		return k, err
	}
	err := s.store.Write(ctx, func(tx Tx) (err error) {
		k, err = s.writeTask(ctx, tx, k)
		return err
	})
	return k, err
}

// writeTask inserts a checked task in tx with its audit entry.
func (s *Service) writeTask(ctx context.Context, tx Tx, k grant.Task) (grant.Task, error) {
	ctx, n, err := s.editNetwork(ctx, tx, k.NetworkID)
	if err != nil {
		return k, err
	}
	if !isMember(n, k.OwnerOrg) {
		return k, grant.Errorf(grant.EINVALID, "owner_org", "%s is not a member of the network", "%s är inte medlem i nätverket", k.OwnerOrg)
	}
	if k.MeetingID != 0 {
		m, err := tx.Meeting(ctx, k.MeetingID)
		if err != nil {
			return k, fieldError(err, "meeting_id")
		}
		if m.NetworkID != k.NetworkID {
			return k, grant.Errorf(grant.EINVALID, "meeting_id", "meeting %d is not one of this network's", "möte %d hör inte till nätverket", k.MeetingID)
		}
	}
	if k.Status == grant.TaskDone {
		k.DoneAt = s.stamp()
	}
	k.Version = 1
	if err := tx.InsertTask(ctx, &k); err != nil {
		return k, err
	}
	k.Overdue = grant.TaskOverdue(k.Status, k.DueOn, s.now())
	return k, s.audit(ctx, tx, "create", "task", k.ID, nil, k)
}

// SetTaskStatus marks a task read at version done or open again. The
// network's editors may, and so may the coordinators of the task's owner.
func (s *Service) SetTaskStatus(ctx context.Context, id int64, status grant.TaskStatus, version int64) (k grant.Task, err error) {
	if err := grant.CheckTaskStatus(status); err != nil {
		return k, err
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Task(ctx, id)
		if err != nil {
			return err
		}
		ctx, _, err := s.editNetwork(ctx, tx, before.NetworkID)
		if code := grant.ErrorCode(err); code == grant.EFORBIDDEN || code == grant.EUNAUTHORIZED {
			ctx, err = s.actFor(ctx, tx, before.OwnerOrg)
		}
		if err != nil {
			return err
		}
		if before.Version != version {
			return planStale("task", "uppgiften", id)
		}
		k = before
		k.Status, k.DoneAt = status, ""
		if status == grant.TaskDone {
			k.DoneAt = s.stamp()
		}
		if k.Version, err = tx.UpdateTaskStatus(ctx, k); err != nil {
			return err
		}
		k.Overdue = grant.TaskOverdue(k.Status, k.DueOn, s.now())
		return s.audit(ctx, tx, "status", "task", k.ID, before, k)
	})
	return k, err
}

// MayMarkTask tells whether the actor may change the task's status.
func (s *Service) MayMarkTask(ctx context.Context, k grant.Task) bool {
	err := s.store.Read(ctx, func(tx Tx) error {
		if _, _, err := s.editNetwork(ctx, tx, k.NetworkID); err == nil {
			return nil
		}
		_, err := s.actFor(ctx, tx, k.OwnerOrg)
		return err
	})
	return err == nil
}

// Tasks lists follow-up tasks, overdue first, by network, owner (OrgCode)
// and status (open, done or overdue). Tasks are for those logged in.
func (s *Service) Tasks(ctx context.Context, f TaskFilter) (list []grant.Task, total int, err error) {
	a := ActorFrom(ctx)
	if err := allow(a, a.LoggedIn(), "", ""); err != nil {
		return nil, 0, err
	}
	switch f.Status {
	case "", "overdue", string(grant.TaskOpen), string(grant.TaskDone):
	default:
		return nil, 0, grant.Errorf(grant.EINVALID, "status", "status must be open, done or overdue, not %q", "status måste vara open, done eller overdue, inte %q", f.Status)
	}
	now := s.now()
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListTasks(ctx, f, grant.Date(now.Format(time.DateOnly)))
		return err
	})
	for i := range list {
		list[i].Overdue = grant.TaskOverdue(list[i].Status, list[i].DueOn, now)
	}
	return list, total, err
}

// Task reads one follow-up task, for those logged in.
func (s *Service) Task(ctx context.Context, id int64) (k grant.Task, err error) {
	a := ActorFrom(ctx)
	if err := allow(a, a.LoggedIn(), "", ""); err != nil {
		return k, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		k, err = tx.Task(ctx, id)
		return err
	})
	k.Overdue = grant.TaskOverdue(k.Status, k.DueOn, s.now())
	return k, err
}
