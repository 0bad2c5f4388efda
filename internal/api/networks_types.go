package api

import (
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// NetworkIn is a coordinator network as a client sends it.
type NetworkIn struct {
	Name            string                `json:"name"`
	County          string                `json:"county,omitempty" jsonschema:"description=county code (01–25) the network serves"`
	RunBy           string                `json:"run_by" jsonschema:"description=code of the organisation that runs the network"`
	MeetingsPerYear int                   `json:"meetings_per_year" jsonschema:"description=meetings planned per year (1–12)"`
	Description     string                `json:"description,omitempty"`
	Members         []grant.NetworkMember `json:"members,omitempty" jsonschema:"description=every member; replaces the stored ones on PUT"`
}

// MeetingIn is a meeting as a client sends it.
type MeetingIn struct {
	PlannedOn    grant.Date `json:"planned_on,omitempty"`
	HeldOn       grant.Date `json:"held_on,omitempty" jsonschema:"description=the date it was held; not after today"`
	Participants []string   `json:"participants,omitempty" jsonschema:"description=codes of the member organisations that attended"`
	Decisions    []string   `json:"decisions,omitempty"`
	Notes        string     `json:"notes,omitempty"`
}

// TaskIn is a follow-up task as a client sends it.
type TaskIn struct {
	MeetingID   int64      `json:"meeting_id,omitempty"`
	OwnerOrg    string     `json:"owner_org" jsonschema:"description=code of a member organisation"`
	OwnerPerson string     `json:"owner_person,omitempty"`
	Description string     `json:"description"`
	DueOn       grant.Date `json:"due_on"`
	Status      string     `json:"status,omitempty" jsonschema:"enum=open,enum=done"`
}

// TaskStatusIn changes a task's status.
type TaskStatusIn struct {
	Status string `json:"status" jsonschema:"enum=open,enum=done"`
}

// Meetings is a network's meetings of a year with how many were planned and held.
type Meetings struct {
	Year    int             `json:"year"`
	Planned int             `json:"planned" jsonschema:"description=the network's rule: meetings per year"`
	Held    int             `json:"held"`
	Items   []grant.Meeting `json:"items"`
}

// NetworkMembers is a network's members.
type NetworkMembers struct {
	Items []grant.NetworkMember `json:"items"`
}

// Requirements is a county's requirements board; see app.Board.
type Requirements struct {
	County  string            `json:"county"`
	Year    int               `json:"year"`
	AsOf    grant.Date        `json:"as_of"`
	Columns []app.BoardColumn `json:"columns" jsonschema:"description=the conditions of the year's pots, by due date"`
	Rows    []app.BoardRow    `json:"rows" jsonschema:"description=the county's principals, region first; cells in the order of columns"`
	Joint   []JointPot        `json:"joint" jsonschema:"description=the county-joint set-asides of the year's pots"`
}

// JointPot is a county's joint set-aside and what it funds.
type JointPot struct {
	PotID         int64           `json:"pot_id"`
	PotName       string          `json:"pot_name"`
	Holder        string          `json:"holder"`
	HolderName    string          `json:"holder_name"`
	Amount        Money           `json:"amount"`
	Requisitioned Money           `json:"requisitioned"`
	Paid          Money           `json:"paid"`
	Uses          []SubAllocation `json:"uses" jsonschema:"description=the holder's sub-allocations under the pot's agreement"`
}

func networkIn(in NetworkIn) grant.Network {
	return grant.Network{Name: in.Name, County: in.County, RunBy: in.RunBy, MeetingsPerYear: in.MeetingsPerYear, Description: in.Description, Members: in.Members}
}

func meetingIn(in MeetingIn) grant.Meeting {
	return grant.Meeting{PlannedOn: in.PlannedOn, HeldOn: in.HeldOn, Participants: in.Participants, Decisions: in.Decisions, Notes: in.Notes}
}

func taskIn(in TaskIn) grant.Task {
	return grant.Task{MeetingID: in.MeetingID, OwnerOrg: in.OwnerOrg, OwnerPerson: in.OwnerPerson, Description: in.Description, DueOn: in.DueOn, Status: grant.TaskStatus(in.Status)}
}

func requirementsOut(b app.Board) Requirements {
	out := Requirements{County: b.County, Year: b.Year, AsOf: b.AsOf, Columns: b.Columns, Rows: b.Rows, Joint: []JointPot{}}
	for _, j := range b.Joint {
		out.Joint = append(out.Joint, JointPot{PotID: j.PotID, PotName: j.PotName, Holder: j.Holder, HolderName: j.HolderName,
			Amount: M(j.Amount), Requisitioned: M(j.Requisitioned), Paid: M(j.Paid), Uses: mapSlice(j.Uses, subAllocationOut)})
	}
	if out.Columns == nil {
		out.Columns = []app.BoardColumn{}
	}
	if out.Rows == nil {
		out.Rows = []app.BoardRow{}
	}
	return out
}

func same[T any](v T) T { return v }
