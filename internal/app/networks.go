package app

import (
	"context"
	"slices"

	"github.com/anslag/anslag/internal/grant"
)

// Who may see and change a coordinator network (issue 7, item 3):
//
//   - the public reads a network's name, county, organisation and number of
//     meetings, and its meetings' dates — what a calendar would publish;
//   - everyone logged in also reads its members, participants, decisions,
//     notes and follow-up tasks;
//   - the running organisation's coordinators and administrators change the
//     network, its meetings and tasks; the coordinators of a task's owner
//     may also mark that task done (or open again).

// CreateNetwork records a network with its members.
func (s *Service) CreateNetwork(ctx context.Context, n grant.Network) (grant.Network, error) {
	if err := n.Validate(); err != nil {
		return n, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		ctx, err := s.actFor(ctx, tx, n.RunBy)
		if err != nil {
			return err
		}
		if err := checkNetwork(ctx, tx, &n); err != nil {
			return err
		}
		n.Version = 1
		if err := tx.InsertNetwork(ctx, &n, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "network", n.ID, nil, n)
	})
	return n, err
}

// UpdateNetwork replaces a network read at version n.Version, members included.
func (s *Service) UpdateNetwork(ctx context.Context, n grant.Network) (grant.Network, error) {
	if err := n.Validate(); err != nil {
		return n, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Network(ctx, n.ID)
		if err != nil {
			return err
		}
		// The actor must act for the runner, and for the new runner if it changes.
		if _, err := s.actFor(ctx, tx, n.RunBy); err != nil {
			return err
		}
		if ctx, err = s.actFor(ctx, tx, before.RunBy); err != nil {
			return err
		}
		if before.Version != n.Version {
			return planStale("network", "nätverket", n.ID)
		}
		if err := checkNetwork(ctx, tx, &n); err != nil {
			return err
		}
		if n.Version, err = tx.UpdateNetwork(ctx, &n, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "update", "network", n.ID, before, n)
	})
	return n, err
}

// checkNetwork checks the organisations a network names and fills the
// members' names.
func checkNetwork(ctx context.Context, tx Tx, n *grant.Network) error {
	if _, err := tx.Organisation(ctx, n.RunBy); err != nil {
		return fieldError(err, "run_by")
	}
	for i := range n.Members {
		o, err := tx.Organisation(ctx, n.Members[i].OrgCode)
		if err != nil {
			return fieldError(err, grant.FieldIndex("members", i, "org_code"))
		}
		n.Members[i].OrgName = o.Name
	}
	return nil
}

// Network reads one network; the public gets what publicNetwork keeps.
func (s *Service) Network(ctx context.Context, id int64) (n grant.Network, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		n, err = tx.Network(ctx, id)
		return err
	})
	if err != nil {
		return grant.Network{}, err
	}
	if !ActorFrom(ctx).LoggedIn() {
		n = publicNetwork(n)
	}
	return n, nil
}

func publicNetwork(n grant.Network) grant.Network {
	n.Members, n.Description = nil, ""
	return n
}

// Networks lists networks by county and by an organisation that runs or
// is a member of them.
func (s *Service) Networks(ctx context.Context, f ListFilter) (list []grant.Network, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListNetworks(ctx, f)
		return err
	})
	if !ActorFrom(ctx).LoggedIn() {
		for i := range list {
			list[i] = publicNetwork(list[i])
		}
	}
	return list, total, err
}

// MayEditNetwork tells whether the actor may change the network (see the
// rules above), so that pages show forms only to those who may use them.
func (s *Service) MayEditNetwork(ctx context.Context, id int64) error {
	return s.store.Read(ctx, func(tx Tx) error {
		_, _, err := s.editNetwork(ctx, tx, id)
		return err
	})
}

// MayCreateNetwork tells whether the actor may start a network at all: an
// administrator, or a coordinator (who may run one for an organisation they
// coordinate; CreateNetwork checks the runner), so that pages offer the
// form only to those who can use it.
func (s *Service) MayCreateNetwork(ctx context.Context) error {
	a := ActorFrom(ctx)
	return allow(a, a.Admin() || len(a.coordinated()) > 0,
		"only an administrator or a coordinator may start a network", "bara en administratör eller en samordnare får starta ett nätverk")
}

// editNetwork reads a network and lets on the actor who may change it.
func (s *Service) editNetwork(ctx context.Context, tx Tx, id int64) (context.Context, grant.Network, error) {
	n, err := tx.Network(ctx, id)
	if err != nil {
		return ctx, n, err
	}
	ctx, err = s.actFor(ctx, tx, n.RunBy)
	return ctx, n, err
}

// Meetings lists a network's meetings of a year (0: every year) by date;
// the public sees their dates only.
func (s *Service) Meetings(ctx context.Context, networkID int64, year int) (list []grant.Meeting, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if _, err := tx.Network(ctx, networkID); err != nil {
			return err
		}
		list, err = tx.ListMeetings(ctx, networkID, year)
		return err
	})
	if !ActorFrom(ctx).LoggedIn() {
		for i := range list {
			list[i].Participants, list[i].Decisions, list[i].Notes = nil, nil, ""
		}
	}
	return list, err
}

// PlanMeetings adds a year's planned meetings to a network that has none
// planned that year: as many as its rule says, one per period (see
// grant.PlanDates). Their dates may then be edited one by one.
func (s *Service) PlanMeetings(ctx context.Context, networkID int64, year int) (list []grant.Meeting, err error) {
	if year < 2000 || year > 2100 {
		return nil, grant.Errorf(grant.EINVALID, "year", "year must be 2000–2100, not %d", "året måste vara 2000–2100, inte %d", year)
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		ctx, n, err := s.editNetwork(ctx, tx, networkID)
		if err != nil {
			return err
		}
		have, err := tx.ListMeetings(ctx, networkID, year)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(have, func(m grant.Meeting) bool { return m.PlannedOn != "" }) {
			return grant.Errorf(grant.ECONFLICT, "year", "the meetings of %d are already planned; change their dates instead",
				"mötena %d är redan planerade; ändra deras datum i stället", year)
		}
		for _, d := range grant.PlanDates(year, n.MeetingsPerYear) {
			m := grant.Meeting{NetworkID: networkID, PlannedOn: d, Version: 1}
			if err := tx.InsertMeeting(ctx, &m); err != nil {
				return err
			}
			list = append(list, m)
		}
		return s.audit(ctx, tx, "plan", "network", networkID, nil, list)
	})
	return list, err
}

// CreateMeeting records a meeting, planned or held.
func (s *Service) CreateMeeting(ctx context.Context, m grant.Meeting) (grant.Meeting, error) {
	m.ID = 0
	m, _, err := s.RecordMeeting(ctx, m, nil)
	return m, err
}

// UpdateMeeting replaces a meeting read at version m.Version: moves its
// planned date, or records it as held with participants and decisions.
func (s *Service) UpdateMeeting(ctx context.Context, m grant.Meeting) (grant.Meeting, error) {
	if m.ID == 0 {
		return m, grant.NotFound("meeting", "mötet", 0)
	}
	m, _, err := s.RecordMeeting(ctx, m, nil)
	return m, err
}

// RecordMeeting creates (ID 0) or updates a meeting and gives the tasks
// decided at it, all in one transaction: a refused task leaves the meeting
// as it was. A task's fields are named tasks[i].field.
func (s *Service) RecordMeeting(ctx context.Context, m grant.Meeting, tasks []grant.Task) (grant.Meeting, []grant.Task, error) {
	if err := m.Validate(s.now()); err != nil {
		return m, nil, err
	}
	for i := range tasks {
		if err := tasks[i].Validate(); err != nil {
			return m, nil, prefixField(err, grant.FieldIndex("tasks", i, ""))
		}
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		var err error
		if m, err = s.writeMeeting(ctx, tx, m); err != nil {
			return err
		}
		for i := range tasks {
			tasks[i].NetworkID, tasks[i].MeetingID = m.NetworkID, m.ID
			if tasks[i], err = s.writeTask(ctx, tx, tasks[i]); err != nil {
				return prefixField(err, grant.FieldIndex("tasks", i, ""))
			}
		}
		return nil
	})
	return m, tasks, err
}

// writeMeeting inserts or updates m in tx with its audit entry.
func (s *Service) writeMeeting(ctx context.Context, tx Tx, m grant.Meeting) (grant.Meeting, error) {
	var before *grant.Meeting
	if m.ID != 0 {
		b, err := tx.Meeting(ctx, m.ID)
		if err != nil {
			return m, err
		}
		before, m.NetworkID = &b, b.NetworkID
	}
	ctx, n, err := s.editNetwork(ctx, tx, m.NetworkID)
	if err != nil {
		return m, err
	}
	if before != nil && before.Version != m.Version {
		return m, planStale("meeting", "mötet", m.ID)
	}
	if err := checkParticipants(n, m.Participants); err != nil {
		return m, err
	}
	if before == nil {
		m.Version = 1
		if err := tx.InsertMeeting(ctx, &m); err != nil {
			return m, err
		}
		return m, s.audit(ctx, tx, "create", "meeting", m.ID, nil, m)
	}
	if m.Version, err = tx.UpdateMeeting(ctx, &m); err != nil {
		return m, err
	}
	return m, s.audit(ctx, tx, "update", "meeting", m.ID, *before, m)
}

// prefixField puts prefix before the field an error names ("tasks[0]" and
// "due_on" make "tasks[0].due_on").
func prefixField(err error, prefix string) error {
	e, ok := err.(*grant.Error)
	if !ok || e.Field == "" {
		return err
	}
	c := *e
	c.Field = prefix + "." + e.Field
	return &c
}

// isMember tells whether org runs or is a member of n.
func isMember(n grant.Network, org string) bool {
	return org == n.RunBy || slices.ContainsFunc(n.Members, func(m grant.NetworkMember) bool { return m.OrgCode == org })
}

func checkParticipants(n grant.Network, orgs []string) error {
	for i, o := range orgs {
		if !isMember(n, o) {
			return grant.Errorf(grant.EINVALID, grant.FieldIndex("participants", i, ""), "%s is not a member of the network", "%s är inte medlem i nätverket", o)
		}
	}
	return nil
}

// NetworkMembers reads a network's members, for those logged in.
func (s *Service) NetworkMembers(ctx context.Context, id int64) ([]grant.NetworkMember, error) {
	a := ActorFrom(ctx)
	if err := allow(a, a.LoggedIn(), "", ""); err != nil {
		return nil, err
	}
	n, err := s.Network(ctx, id)
	return n.Members, err
}

// Meeting reads one meeting; the public gets its dates only.
func (s *Service) Meeting(ctx context.Context, id int64) (m grant.Meeting, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		m, err = tx.Meeting(ctx, id)
		return err
	})
	if !ActorFrom(ctx).LoggedIn() {
		m.Participants, m.Decisions, m.Notes = nil, nil, ""
	}
	return m, err
}
