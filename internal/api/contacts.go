package api

import (
	"net/http"

	"github.com/anslag/anslag/internal/grant"
)

// ContactIn is the body that adds or replaces a contact person.
type ContactIn struct {
	Programme    string `json:"programme,omitempty" jsonschema:"description=The programme the person answers for; default psykisk hälsa"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Phone        string `json:"phone,omitempty"`
	Role         string `json:"role,omitempty" jsonschema:"description=Title or role, e.g. Strateg psykisk hälsa"`
	Requirements bool   `json:"requirements,omitempty" jsonschema:"description=Answers for the national requirements; reminders list them first"`
}

// Contact is a contact person of an organisation. E-mail and phone are
// personal data: the API shows contacts to logged-in users only.
type Contact struct {
	ID           int64  `json:"id"`
	OrgCode      string `json:"org_code"`
	Programme    string `json:"programme"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Phone        string `json:"phone,omitempty"`
	Role         string `json:"role,omitempty"`
	Requirements bool   `json:"requirements"`
	Version      int64  `json:"version"`
}

func contactOut(c grant.Contact) Contact {
	return Contact{ID: c.ID, OrgCode: c.OrgCode, Programme: c.Programme, Name: c.Name, Email: c.Email, Phone: c.Phone,
		Role: c.Role, Requirements: c.Requirements, Version: c.Version}
}

func contactIn(org string, in ContactIn) grant.Contact {
	return grant.Contact{OrgCode: org, Programme: in.Programme, Name: in.Name, Email: in.Email, Phone: in.Phone, Role: in.Role,
		Requirements: in.Requirements}
}

// Reminder is one reminder e-mail to one recipient.
type Reminder struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind" jsonschema:"enum=condition,enum=requisition,enum=report"`
	SubjectID int64  `json:"subject_id" jsonschema:"description=The condition (kind condition) or the pot"`
	OrgCode   string `json:"org_code"`
	Stage     string `json:"stage" jsonschema:"enum=before,enum=overdue"`
	Recipient string `json:"recipient"`
	PotID     int64  `json:"pot_id"`
	Title     string `json:"title"`
	DueDate   string `json:"due_date"`
	Amount    Money  `json:"amount"`
	State     string `json:"state" jsonschema:"enum=pending,enum=sending,enum=sent,enum=cancelled"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error,omitempty"`
	CreatedAt string `json:"created_at"`
	SentAt    string `json:"sent_at,omitempty"`
}

func reminderOut(r grant.Reminder) Reminder {
	return Reminder{ID: r.ID, Kind: string(r.Kind), SubjectID: r.SubjectID, OrgCode: r.OrgCode, Stage: string(r.Stage), Recipient: r.Recipient,
		PotID: r.PotID, Title: r.Title, DueDate: string(r.DueDate), Amount: M(r.Amount), State: string(r.State), Attempts: r.Attempts,
		LastError: r.LastError, CreatedAt: r.CreatedAt, SentAt: r.SentAt}
}

func (h *Handler) registerContacts(rt *Router) {
	tags := []string{"contacts"}
	code := []Param{{Name: "code", Description: "The organisation's code"}}
	id := []Param{{Name: "id", Type: Integer, Description: "The contact's id"}}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/organisations/{code}/contacts", Summary: "List an organisation's contact persons", Tags: tags,
		Description: "Those answering for the national requirements first. Logged-in users only: e-mail and phone are personal data.",
		Path:        code, Response: []Contact{}, Errors: []int{http.StatusUnauthorized},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			list, err := h.svc.Contacts(ctx(r), r.PathValue("code"))
			respond(w, r, http.StatusOK, mapSlice(list, contactOut), err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/organisations/{code}/contacts", Summary: "Add a contact person", Tags: tags,
		Description: "The organisation's coordinators or an administrator may.",
		Path:        code, Body: ContactIn{}, Response: Contact{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in ContactIn
			if !decodeOK(w, r, &in) {
				return
			}
			c, err := h.svc.CreateContact(ctx(r), contactIn(r.PathValue("code"), in))
			respondVersioned(w, r, http.StatusCreated, contactOut(c), c.Version, err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/contacts/{id}", Summary: "Get a contact person", Tags: tags,
		Path: id, Response: Contact{}, ETag: true, Errors: []int{http.StatusUnauthorized},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if n, ok := pathID(w, r); ok {
				c, err := h.svc.Contact(ctx(r), n)
				respondVersioned(w, r, http.StatusOK, contactOut(c), c.Version, err)
			}
		}})
	rt.Handle(Route{Method: "PUT", Pattern: "/api/v1/contacts/{id}", Summary: "Replace a contact person", Tags: tags,
		Description: "The organisation stays.", Path: id, Body: ContactIn{}, Response: Contact{}, ETag: true, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var in ContactIn
			if !decodeOK(w, r, &in) {
				return
			}
			c := contactIn("", in)
			c.ID, c.Version = n, version
			c, err := h.svc.UpdateContact(ctx(r), c)
			respondVersioned(w, r, http.StatusOK, contactOut(c), c.Version, err)
		}})
	rt.Handle(Route{Method: "DELETE", Pattern: "/api/v1/contacts/{id}", Summary: "Remove a contact person", Tags: tags,
		Path: id, IfMatch: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			if err := h.svc.DeleteContact(ctx(r), n, version); err != nil {
				WriteError(w, r, err)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/reminders", Summary: "List reminder e-mails", Tags: []string{"reminders"},
		Description: "Newest first: what the scheduler of anslag serve sent, is sending or will retry. Administrators and auditors only.",
		Query: append(filterParams("org"),
			enumParam("kind", "Only reminders about this.", "condition", "requisition", "report"),
			enumParam("status", "Only reminders in this state.", "pending", "sending", "sent", "cancelled")),
		Paged: true, Response: List[Reminder]{},
		Handler: listOf(h.svc.Reminders, reminderOut)})
}
