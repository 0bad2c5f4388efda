package grant

import (
	"fmt"
	"strings"
	"time"
)

// Network is a coordinator network (samordnarnätverk): an organisation
// such as a county's municipal association runs it for the coordinators of
// its members and meets a set number of times a year (seed 001: Storsthlm,
// four times a year).
type Network struct {
	ID              int64           `json:"id"`
	Name            string          `json:"name" jsonschema:"description=the network's name"`
	County          string          `json:"county,omitempty" jsonschema:"description=county code (01–25) the network serves; empty for a national one"`
	RunBy           string          `json:"run_by" jsonschema:"description=code of the organisation that runs the network"`
	MeetingsPerYear int             `json:"meetings_per_year" jsonschema:"description=meetings planned per year (1–12)"`
	Description     string          `json:"description,omitempty"`
	Members         []NetworkMember `json:"members,omitempty" jsonschema:"description=the member organisations; left out for the public"`
	Version         int64           `json:"version"`
}

// NetworkMember is an organisation in a network with, optionally, the
// person who represents it.
type NetworkMember struct {
	OrgCode string `json:"org_code"`
	OrgName string `json:"org_name,omitempty" jsonschema:"description=filled on reads"`
	Person  string `json:"person,omitempty" jsonschema:"description=the member's representative"`
	Role    string `json:"role,omitempty" jsonschema:"description=the representative's role, e.g. samordnare"`
}

// maxText bounds the free-text fields of networks, meetings and tasks.
const maxText = 2000

// Validate checks a network's own fields and trims them.
func (n *Network) Validate() error {
	n.Name, n.County, n.RunBy = strings.TrimSpace(n.Name), strings.TrimSpace(n.County), strings.TrimSpace(n.RunBy)
	n.Description = strings.TrimSpace(n.Description)
	switch {
	case n.Name == "":
		return Errorf(EINVALID, "name", "a name is required", "ett namn krävs")
	case len(n.Name) > 200:
		return Errorf(EINVALID, "name", "the name is longer than 200 characters", "namnet är längre än 200 tecken")
	case n.RunBy == "":
		return Errorf(EINVALID, "run_by", "the organisation that runs the network is required", "organisationen som driver nätverket krävs")
	case n.County != "" && !validCounty(n.County):
		return Errorf(EINVALID, "county", "%q is not a county code (01–25)", "%q är inte en länskod (01–25)", n.County)
	case n.MeetingsPerYear < 1 || n.MeetingsPerYear > 12:
		return Errorf(EINVALID, "meetings_per_year", "meetings per year must be 1 to 12, not %d", "möten per år måste vara 1–12, inte %d", n.MeetingsPerYear)
	case len(n.Description) > maxText:
		return Errorf(EINVALID, "description", "the description is longer than %d characters", "beskrivningen är längre än %d tecken", maxText)
	}
	seen := map[string]bool{}
	for i := range n.Members {
		m := &n.Members[i]
		m.OrgCode, m.Person, m.Role = strings.TrimSpace(m.OrgCode), strings.TrimSpace(m.Person), strings.TrimSpace(m.Role)
		switch {
		case m.OrgCode == "":
			return Errorf(EINVALID, FieldIndex("members", i, "org_code"), "an organisation is required", "en organisation krävs")
		case seen[m.OrgCode]:
			return Errorf(EINVALID, FieldIndex("members", i, "org_code"), "%s is a member twice", "%s är medlem två gånger", m.OrgCode)
		case len(m.Person) > 200 || len(m.Role) > 200:
			return Errorf(EINVALID, FieldIndex("members", i, "person"), "the person or role is longer than 200 characters", "personen eller rollen är längre än 200 tecken")
		}
		seen[m.OrgCode] = true
	}
	return nil
}

func validCounty(c string) bool {
	if len(c) != 2 || c[0] < '0' || c[0] > '2' || c[1] < '0' || c[1] > '9' {
		return false
	}
	return c != "00" && c <= "25"
}

// Meeting is one meeting of a network: planned on a date and, once held,
// with the date it was held, who attended and what was decided.
type Meeting struct {
	ID           int64    `json:"id"`
	NetworkID    int64    `json:"network_id"`
	PlannedOn    Date     `json:"planned_on,omitempty" jsonschema:"description=the planned date; empty for a meeting held without a plan"`
	HeldOn       Date     `json:"held_on,omitempty" jsonschema:"description=the date it was held; empty while only planned"`
	Participants []string `json:"participants,omitempty" jsonschema:"description=codes of the organisations that attended; left out for the public"`
	Decisions    []string `json:"decisions,omitempty" jsonschema:"description=the decisions, one text each; left out for the public"`
	Notes        string   `json:"notes,omitempty"`
	Version      int64    `json:"version"`
}

// Held reports whether the meeting took place.
func (m Meeting) Held() bool { return m.HeldOn != "" }

// Year is the year the meeting belongs to: held, else planned.
func (m Meeting) Year() int {
	d := m.HeldOn
	if d == "" {
		d = m.PlannedOn
	}
	if len(d) < 4 {
		return 0
	}
	var y int
	fmt.Sscanf(string(d[:4]), "%d", &y)
	return y
}

// Validate checks a meeting's own fields; today bounds HeldOn, since a
// meeting cannot have been held in the future.
func (m *Meeting) Validate(today time.Time) error {
	m.Notes = strings.TrimSpace(m.Notes)
	switch {
	case m.PlannedOn == "" && m.HeldOn == "":
		return Errorf(EINVALID, "planned_on", "a planned date or the date it was held is required", "ett planerat datum eller datumet då mötet hölls krävs")
	case m.PlannedOn != "" && !m.PlannedOn.valid():
		return Errorf(EINVALID, "planned_on", "%q is not a date (YYYY-MM-DD)", "%q är inte ett datum (ÅÅÅÅ-MM-DD)", m.PlannedOn)
	case m.HeldOn != "" && !m.HeldOn.valid():
		return Errorf(EINVALID, "held_on", "%q is not a date (YYYY-MM-DD)", "%q är inte ett datum (ÅÅÅÅ-MM-DD)", m.HeldOn)
	case m.HeldOn != "" && string(m.HeldOn) > today.Format(time.DateOnly):
		return Errorf(EINVALID, "held_on", "the meeting cannot have been held after today (%s)", "mötet kan inte ha hållits efter i dag (%s)", today.Format(time.DateOnly))
	case m.HeldOn == "" && (len(m.Participants) > 0 || len(m.Decisions) > 0):
		return Errorf(EINVALID, "held_on", "participants and decisions need the date the meeting was held", "deltagare och beslut kräver datumet då mötet hölls")
	case len(m.Notes) > maxText:
		return Errorf(EINVALID, "notes", "the notes are longer than %d characters", "anteckningarna är längre än %d tecken", maxText)
	}
	var ds []string
	for i, d := range m.Decisions {
		d = strings.TrimSpace(d)
		if len(d) > maxText {
			return Errorf(EINVALID, FieldIndex("decisions", i, ""), "the decision is longer than %d characters", "beslutet är längre än %d tecken", maxText)
		}
		if d != "" {
			ds = append(ds, d)
		}
	}
	m.Decisions = ds
	seen := map[string]bool{}
	var ps []string
	for _, p := range m.Participants {
		if p = strings.TrimSpace(p); p != "" && !seen[p] {
			seen[p] = true
			ps = append(ps, p)
		}
	}
	m.Participants = ps
	return nil
}

// PlanDates spreads n meetings over a year: the 15th of the middle month
// of each of n equal periods, so four meetings fall one per quarter
// (February, May, August, November). The dates are a proposal to edit.
func PlanDates(year, n int) []Date {
	out := make([]Date, 0, n)
	for i := range n {
		start := i * 12 / n
		end := (i + 1) * 12 / n
		month := start + (end-start)/2 + 1
		out = append(out, Date(fmt.Sprintf("%04d-%02d-15", year, month)))
	}
	return out
}

// TaskStatus is where a follow-up task stands.
type TaskStatus string

// A task is open until its owner marks it done.
const (
	TaskOpen TaskStatus = "open"
	TaskDone TaskStatus = "done"
)

// Task is a follow-up task (uppföljningsuppgift) a network gave one of its
// members, usually at a meeting.
type Task struct {
	ID          int64      `json:"id"`
	NetworkID   int64      `json:"network_id"`
	MeetingID   int64      `json:"meeting_id,omitempty" jsonschema:"description=the meeting that gave the task, if any"`
	OwnerOrg    string     `json:"owner_org" jsonschema:"description=code of the organisation that owns the task"`
	OwnerName   string     `json:"owner_name,omitempty" jsonschema:"description=filled on reads"`
	OwnerPerson string     `json:"owner_person,omitempty"`
	Description string     `json:"description"`
	DueOn       Date       `json:"due_on"`
	Status      TaskStatus `json:"status" jsonschema:"enum=open,enum=done"`
	DoneAt      string     `json:"done_at,omitempty"`
	Overdue     bool       `json:"overdue" jsonschema:"description=open and due before today; computed on reads"`
	Version     int64      `json:"version"`
}

// Validate checks a task's own fields and trims them.
func (t *Task) Validate() error {
	t.OwnerOrg, t.OwnerPerson, t.Description = strings.TrimSpace(t.OwnerOrg), strings.TrimSpace(t.OwnerPerson), strings.TrimSpace(t.Description)
	if t.Status == "" {
		t.Status = TaskOpen
	}
	switch {
	case t.OwnerOrg == "":
		return Errorf(EINVALID, "owner_org", "the organisation that owns the task is required", "organisationen som äger uppgiften krävs")
	case t.Description == "":
		return Errorf(EINVALID, "description", "a description is required", "en beskrivning krävs")
	case len(t.Description) > maxText:
		return Errorf(EINVALID, "description", "the description is longer than %d characters", "beskrivningen är längre än %d tecken", maxText)
	case len(t.OwnerPerson) > 200:
		return Errorf(EINVALID, "owner_person", "the person is longer than 200 characters", "personen är längre än 200 tecken")
	case !t.DueOn.valid():
		return Errorf(EINVALID, "due_on", "%q is not a date (YYYY-MM-DD)", "%q är inte ett datum (ÅÅÅÅ-MM-DD)", t.DueOn)
	}
	return CheckTaskStatus(t.Status)
}

// CheckTaskStatus refuses a status other than open or done.
func CheckTaskStatus(s TaskStatus) error {
	if s != TaskOpen && s != TaskDone {
		return Errorf(EINVALID, "status", "status must be open or done, not %q", "status måste vara open eller done, inte %q", s)
	}
	return nil
}

// TaskOverdue tells whether a task is overdue on the day of now: open and
// due before that day.
func TaskOverdue(status TaskStatus, due Date, now time.Time) bool {
	return status == TaskOpen && due.Before(now)
}

// valid tells whether d is a YYYY-MM-DD calendar date.
func (d Date) valid() bool {
	_, err := time.Parse(time.DateOnly, string(d))
	return err == nil
}
