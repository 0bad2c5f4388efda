package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const networkColumns = `id, name, county_code, run_by, meetings_per_year, description, version`

func scanNetwork(row rowScanner) (grant.Network, error) {
	var n grant.Network
	err := row.Scan(&n.ID, &n.Name, &n.County, &n.RunBy, &n.MeetingsPerYear, &n.Description, &n.Version)
	return n, err
}

// InsertNetwork implements app.NetworkRepo.
func (t *Tx) InsertNetwork(ctx context.Context, n *grant.Network, at string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO networks (name, county_code, run_by, meetings_per_year, description, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id`, n.Name, n.County, n.RunBy, n.MeetingsPerYear, n.Description, at).Scan(&n.ID)
	if err != nil {
		return fmt.Errorf("insert network: %w", mapError(err))
	}
	return t.writeNetworkMembers(ctx, n)
}

// UpdateNetwork implements app.NetworkRepo.
func (t *Tx) UpdateNetwork(ctx context.Context, n *grant.Network, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE networks SET name = $1, county_code = $2, run_by = $3, meetings_per_year = $4, description = $5,
		version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8`, n.Name, n.County, n.RunBy, n.MeetingsPerYear, n.Description, at, n.ID, n.Version)
	if err != nil {
		return 0, fmt.Errorf("update network %d: %w", n.ID, mapError(err))
	}
	v, err := t.bumped(ctx, res, "networks", "id", n.ID, n.Version, "network", "nätverket")
	if err != nil {
		return 0, err
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM network_members WHERE network_id = $1`, n.ID); err != nil {
		return 0, fmt.Errorf("network %d members: %w", n.ID, err)
	}
	return v, t.writeNetworkMembers(ctx, n)
}

func (t *Tx) writeNetworkMembers(ctx context.Context, n *grant.Network) error {
	for i, m := range n.Members {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO network_members (network_id, org_code, position, person, role) VALUES ($1, $2, $3, $4, $5)`,
			n.ID, m.OrgCode, i, m.Person, m.Role); err != nil {
			return fmt.Errorf("network %d member %s: %w", n.ID, m.OrgCode, mapError(err))
		}
	}
	return nil
}

// Network implements app.NetworkRepo.
func (t *Tx) Network(ctx context.Context, id int64) (grant.Network, error) {
	n, err := scanNetwork(t.tx.QueryRowContext(ctx, `SELECT `+networkColumns+` FROM networks WHERE id = $1`, id))
	if err != nil {
		return n, notFound(err, "network", "nätverket", id)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT m.org_code, o.name, m.person, m.role FROM network_members m
		JOIN organisations o ON o.code = m.org_code WHERE m.network_id = $1 ORDER BY m.position`, id)
	if err != nil {
		return n, fmt.Errorf("network %d members: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m grant.NetworkMember
		if err := rows.Scan(&m.OrgCode, &m.OrgName, &m.Person, &m.Role); err != nil {
			return n, fmt.Errorf("network %d members: %w", id, err)
		}
		n.Members = append(n.Members, m)
	}
	return n, rows.Err()
}

// ListNetworks implements app.NetworkRepo.
func (t *Tx) ListNetworks(ctx context.Context, f app.ListFilter) ([]grant.Network, int, error) {
	var w where
	if f.County != "" {
		w.add("county_code = ?", f.County)
	}
	if f.OrgCode != "" {
		w.add("(run_by = ? OR id IN (SELECT network_id FROM network_members WHERE org_code = ?))", f.OrgCode, f.OrgCode)
	}
	out, total, err := list(ctx, t, `SELECT `+networkColumns+` FROM networks`, "networks", w, "name, id", f, scanNetwork)
	if err != nil {
		return nil, 0, fmt.Errorf("list networks: %w", err)
	}
	return out, total, nil
}

// InsertMeeting implements app.NetworkRepo.
func (t *Tx) InsertMeeting(ctx context.Context, m *grant.Meeting) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO network_meetings (network_id, year, planned_on, held_on, notes, version)
		VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`, m.NetworkID, m.Year(), m.PlannedOn, m.HeldOn, m.Notes).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("insert meeting: %w", mapError(err))
	}
	return t.writeMeetingChildren(ctx, m)
}

// UpdateMeeting implements app.NetworkRepo.
func (t *Tx) UpdateMeeting(ctx context.Context, m *grant.Meeting) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE network_meetings SET year = $1, planned_on = $2, held_on = $3, notes = $4, version = version + 1
		WHERE id = $5 AND version = $6`, m.Year(), m.PlannedOn, m.HeldOn, m.Notes, m.ID, m.Version)
	if err != nil {
		return 0, fmt.Errorf("update meeting %d: %w", m.ID, mapError(err))
	}
	v, err := t.bumped(ctx, res, "network_meetings", "id", m.ID, m.Version, "meeting", "mötet")
	if err != nil {
		return 0, err
	}
	for _, table := range []string{"network_meeting_participants", "network_meeting_decisions"} {
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE meeting_id = $1`, m.ID); err != nil {
			return 0, fmt.Errorf("meeting %d: %s: %w", m.ID, table, err)
		}
	}
	return v, t.writeMeetingChildren(ctx, m)
}

func (t *Tx) writeMeetingChildren(ctx context.Context, m *grant.Meeting) error {
	for i, p := range m.Participants {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO network_meeting_participants (meeting_id, org_code) VALUES ($1, $2)`, m.ID, p); err != nil {
			return fmt.Errorf("meeting %d: participants[%d] %s: %w", m.ID, i, p, mapError(err))
		}
	}
	for i, d := range m.Decisions {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO network_meeting_decisions (meeting_id, position, text) VALUES ($1, $2, $3)`, m.ID, i, d); err != nil {
			return fmt.Errorf("meeting %d: decisions[%d]: %w", m.ID, i, mapError(err))
		}
	}
	return nil
}

const meetingColumns = `id, network_id, planned_on, held_on, notes, version`

func scanMeeting(row rowScanner) (grant.Meeting, error) {
	var m grant.Meeting
	err := row.Scan(&m.ID, &m.NetworkID, &m.PlannedOn, &m.HeldOn, &m.Notes, &m.Version)
	return m, err
}

// Meeting implements app.NetworkRepo.
func (t *Tx) Meeting(ctx context.Context, id int64) (grant.Meeting, error) {
	m, err := scanMeeting(t.tx.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM network_meetings WHERE id = $1`, id))
	if err != nil {
		return m, notFound(err, "meeting", "mötet", id)
	}
	list := []grant.Meeting{m}
	if err := t.meetingChildren(ctx, list, `meeting_id = $1`, id); err != nil {
		return m, err
	}
	return list[0], nil
}

// ListMeetings implements app.NetworkRepo.
func (t *Tx) ListMeetings(ctx context.Context, networkID int64, year int) ([]grant.Meeting, error) {
	var w where
	w.add("network_id = ?", networkID)
	if year != 0 {
		w.add("year = ?", year)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT `+meetingColumns+` FROM network_meetings`+w.String()+
		` ORDER BY CASE WHEN held_on <> '' THEN held_on ELSE planned_on END, id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list meetings of network %d: %w", networkID, err)
	}
	var out []grant.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list meetings of network %d: %w", networkID, err)
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cond := `meeting_id IN (SELECT id FROM network_meetings` + w.String() + `)`
	return out, t.meetingChildren(ctx, out, cond, w.args...)
}

// meetingChildren fills the participants and decisions of list, read with
// one query each for the meetings that cond selects.
func (t *Tx) meetingChildren(ctx context.Context, list []grant.Meeting, cond string, args ...any) error {
	at := map[int64]*grant.Meeting{}
	for i := range list {
		at[list[i].ID] = &list[i]
	}
	for _, q := range []struct {
		sql string
		add func(m *grant.Meeting, s string)
	}{
		{`SELECT meeting_id, org_code FROM network_meeting_participants WHERE ` + cond + ` ORDER BY meeting_id, org_code`,
			func(m *grant.Meeting, s string) { m.Participants = append(m.Participants, s) }},
		{`SELECT meeting_id, text FROM network_meeting_decisions WHERE ` + cond + ` ORDER BY meeting_id, position`,
			func(m *grant.Meeting, s string) { m.Decisions = append(m.Decisions, s) }},
	} {
		rows, err := t.tx.QueryContext(ctx, q.sql, args...)
		if err != nil {
			return fmt.Errorf("meetings: %w", err)
		}
		for rows.Next() {
			var id int64
			var s string
			if err := rows.Scan(&id, &s); err != nil {
				rows.Close()
				return fmt.Errorf("meetings: %w", err)
			}
			if m := at[id]; m != nil {
				q.add(m, s)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
