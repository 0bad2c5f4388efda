package grant

import (
	"strconv"

	"github.com/anslag/anslag/internal/money"
	"strings"
	"unicode/utf8"
)

// DefaultProgramme is the programme a contact answers for when none is
// named: agreements carry no programme of their own yet, and the first
// one anslag administers is the agreement on mental health.
const DefaultProgramme = "psykisk hälsa"

// Contact is a person an organisation names for a programme: who the
// grant administrators and the reminders write to. The e-mail and phone
// are personal data, shown to logged-in users only.
type Contact struct {
	ID           int64  `json:"id"`
	OrgCode      string `json:"org_code"`
	Programme    string `json:"programme"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Phone        string `json:"phone,omitempty"`
	Role         string `json:"role,omitempty"` // title, e.g. "samordnare"
	Requirements bool   `json:"requirements"`   // answers for the national requirements
	Version      int64  `json:"version"`
}

// Validate trims and checks a contact's own fields, filling in the
// default programme.
func (c *Contact) Validate() error {
	c.OrgCode, c.Programme = strings.TrimSpace(c.OrgCode), strings.TrimSpace(c.Programme)
	c.Name, c.Phone, c.Role = strings.TrimSpace(c.Name), strings.TrimSpace(c.Phone), strings.TrimSpace(c.Role)
	if c.Programme == "" {
		c.Programme = DefaultProgramme
	}
	switch {
	case c.OrgCode == "":
		return Errorf(EINVALID, "org_code", "an organisation is required", "en organisation krävs")
	case utf8.RuneCountInString(c.Programme) > 100:
		return Errorf(EINVALID, "programme", "a programme has at most 100 characters", "ett program har högst 100 tecken")
	case c.Name == "" || utf8.RuneCountInString(c.Name) > 200:
		return Errorf(EINVALID, "name", "a name of 1–200 characters is required", "ett namn på 1–200 tecken krävs")
	case utf8.RuneCountInString(c.Role) > 200:
		return Errorf(EINVALID, "role", "a role has at most 200 characters", "en roll har högst 200 tecken")
	}
	email, err := NormaliseEmail(c.Email)
	if err != nil {
		return err
	}
	c.Email = email
	return checkPhone(c.Phone)
}

// checkPhone accepts what people write for a phone number — digits,
// spaces, +, -, parentheses — and nothing that could be mistaken for text.
func checkPhone(p string) error {
	digits := 0
	for _, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-()", r):
		default:
			return Errorf(EINVALID, "phone", "%q is not a phone number: use digits, spaces, +, - and parentheses", "%q är inget telefonnummer: använd siffror, mellanslag, +, - och parenteser", p)
		}
	}
	if p != "" && (digits < 5 || digits > 20) {
		return Errorf(EINVALID, "phone", "%q is not a phone number: expected 5–20 digits", "%q är inget telefonnummer: förväntade 5–20 siffror", p)
	}
	return nil
}

// ReminderKind names what a reminder is about.
type ReminderKind string

// What falls due: a condition's document, a pot's requisition deadline,
// and a pot's report of use.
const (
	RemindCondition   ReminderKind = "condition"
	RemindRequisition ReminderKind = "requisition"
	RemindReport      ReminderKind = "report"
)

// ReminderStage is when a reminder is sent relative to the due date.
type ReminderStage string

// Before: within the notice period up to and including the due date;
// overdue: from the day after.
const (
	StageBefore  ReminderStage = "before"
	StageOverdue ReminderStage = "overdue"
)

// ReminderState is where a reminder stands in being sent.
type ReminderState string

// A reminder is pending until claimed (sending) and then sent, or pending
// again after a failure; cancelled when what it was about was done first.
const (
	ReminderPending   ReminderState = "pending"
	ReminderSending   ReminderState = "sending"
	ReminderSent      ReminderState = "sent"
	ReminderCancelled ReminderState = "cancelled"
)

// Obligation is something a recipient must still do by a date: hand in a
// condition's document, requisition its money, or report its use.
type Obligation struct {
	Kind      ReminderKind `json:"kind"`
	SubjectID int64        `json:"subject_id"` // the condition, or the pot
	PotID     int64        `json:"pot_id"`
	PotName   string       `json:"pot_name"`
	Title     string       `json:"title"` // the condition's title; the pot's name otherwise
	OrgCode   string       `json:"org_code"`
	OrgName   string       `json:"org_name"`
	DueDate   Date         `json:"due_date"`
	Amount    money.Amount `json:"amount"` // allocated, left to requisition, or paid
}

// Reminder is one e-mail about an obligation at one stage to one recipient.
type Reminder struct {
	ID        int64         `json:"id"`
	Kind      ReminderKind  `json:"kind"`
	SubjectID int64         `json:"subject_id"`
	OrgCode   string        `json:"org_code"`
	Stage     ReminderStage `json:"stage"`
	Recipient string        `json:"recipient"`
	PotID     int64         `json:"pot_id"`
	Title     string        `json:"title"`
	DueDate   Date          `json:"due_date"`
	Amount    money.Amount  `json:"amount"`
	State     ReminderState `json:"state"`
	Attempts  int           `json:"attempts"`
	LastError string        `json:"last_error,omitempty"`
	CreatedAt string        `json:"created_at"`
	ClaimedAt string        `json:"claimed_at,omitempty"`
	SentAt    string        `json:"sent_at,omitempty"`
}

// Key is what makes a reminder unique: it is sent once.
func (r Reminder) Key() string {
	return string(r.Kind) + "/" + strconv.FormatInt(r.SubjectID, 10) + "/" + r.OrgCode + "/" + string(r.Stage) + "/" + r.Recipient
}
