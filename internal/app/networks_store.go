package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// NetworkRepo stores coordinator networks, their meetings and follow-up
// tasks, and reads the county-joint set-asides for the requirements board.
type NetworkRepo interface {
	InsertNetwork(ctx context.Context, n *grant.Network, at string) error
	// UpdateNetwork writes n, its members replaced, if the stored version is
	// still n.Version.
	UpdateNetwork(ctx context.Context, n *grant.Network, at string) (int64, error)
	// Network reads one network with its members and their names.
	Network(ctx context.Context, id int64) (grant.Network, error)
	// ListNetworks lists networks without members, by county and by an
	// organisation that runs or is a member of them (OrgCode), by name.
	ListNetworks(ctx context.Context, f ListFilter) ([]grant.Network, int, error)

	InsertMeeting(ctx context.Context, m *grant.Meeting) error
	UpdateMeeting(ctx context.Context, m *grant.Meeting) (int64, error)
	Meeting(ctx context.Context, id int64) (grant.Meeting, error)
	// ListMeetings lists a network's meetings of a year (0: every year) by
	// date, participants and decisions included, in three queries.
	ListMeetings(ctx context.Context, networkID int64, year int) ([]grant.Meeting, error)

	InsertTask(ctx context.Context, t *grant.Task) error
	Task(ctx context.Context, id int64) (grant.Task, error)
	UpdateTaskStatus(ctx context.Context, t grant.Task) (int64, error)
	// ListTasks lists tasks overdue first (as of today), then by due date.
	ListTasks(ctx context.Context, f TaskFilter, today grant.Date) ([]grant.Task, int, error)

	// JointSetAsides reads the county-joint set-aside lines of a county in
	// the decided runs of a year's pots, with what was requisitioned and paid.
	JointSetAsides(ctx context.Context, county string, year int) ([]JointPot, error)
}

// TaskFilter narrows a list of follow-up tasks. Status is open, done or
// "overdue" (open and due before today).
type TaskFilter struct {
	ListFilter // OrgCode: the owner; Status; paging
	NetworkID  int64
}

// JointPot is a county's joint set-aside of one pot (seed 001: 4 % of
// Stockholm county's analysis money, held by Storsthlm) and what it funds.
type JointPot struct {
	PotID         int64                 `json:"pot_id"`
	PotName       string                `json:"pot_name"`
	County        string                `json:"county"`
	Holder        string                `json:"holder" jsonschema:"description=code of the organisation designated to hold the set-aside"`
	HolderName    string                `json:"holder_name"`
	Amount        money.Amount          `json:"amount" jsonschema:"description=the set-aside line of the decided split, öre"`
	Requisitioned money.Amount          `json:"requisitioned"`
	Paid          money.Amount          `json:"paid"`
	Uses          []grant.SubAllocation `json:"uses,omitempty" jsonschema:"description=the holder's sub-allocations of the pot's agreement"`
}
