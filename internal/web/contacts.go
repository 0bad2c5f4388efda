package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// Contacts is what the contact person forms, the contacts section of the
// organisation page and the reminders page need. The service shows
// contacts to logged-in users only and reminders to oversight only.
type Contacts interface {
	MayActFor(ctx context.Context, org string) error
	Organisation(ctx context.Context, code string) (grant.Organisation, error)
	Contacts(ctx context.Context, org string) ([]grant.Contact, error)
	Contact(ctx context.Context, id int64) (grant.Contact, error)
	CreateContact(ctx context.Context, c grant.Contact) (grant.Contact, error)
	UpdateContact(ctx context.Context, c grant.Contact) (grant.Contact, error)
	DeleteContact(ctx context.Context, id, version int64) error
	Reminders(ctx context.Context, f app.ListFilter) ([]grant.Reminder, int, error)
}

// registerContacts adds the contact person forms and the reminders page.
func (h *Handler) registerContacts(mux Mux) {
	if h.cfg.Contacts == nil {
		return
	}
	mux.Handle("GET /organisations/{code}/contacts/new", http.HandlerFunc(h.newContact))
	mux.Handle("POST /organisations/{code}/contacts/new", http.HandlerFunc(h.createContact))
	mux.Handle("GET /contacts/{id}/edit", http.HandlerFunc(h.editContact))
	mux.Handle("POST /contacts/{id}/edit", http.HandlerFunc(h.updateContact))
	mux.Handle("POST /contacts/{id}/delete", http.HandlerFunc(h.deleteContact))
	mux.Handle("GET /reminders", http.HandlerFunc(h.reminders))
}

// orgContacts adds the organisation's contact persons for logged-in users;
// the public sees no section (the addresses are personal data).
func (h *Handler) orgContacts(ctx context.Context, _ string, page *orgPage, _ *orgReads) error {
	if h.cfg.Contacts == nil || !app.ActorFrom(ctx).LoggedIn() {
		return nil
	}
	list, err := h.cfg.Contacts.Contacts(ctx, page.Org.Code)
	if err != nil {
		return err
	}
	page.ShowContacts, page.Contacts = true, list
	page.MayEditContacts = h.cfg.Contacts.MayActFor(ctx, page.Org.Code) == nil
	return nil
}

// contactPage is the form of a new or an edited contact person.
type contactPage struct {
	Org    grant.Organisation
	Action string
	Edit   bool
	ID     int64
	Form   *form
}

func (h *Handler) contactForm(w http.ResponseWriter, r *http.Request, status int, o grant.Organisation, id int64, f *form) {
	lang := language(r)
	title := pick(lang, "New contact person", "Ny kontaktperson")
	if id != 0 {
		title = pick(lang, "Edit contact person", "Ändra kontaktperson")
	}
	h.render(w, r, status, "contact_form", title, contactPage{Org: o, Action: r.URL.Path, Edit: id != 0, ID: id, Form: f})
}

// contactOrg reads the organisation and checks that the actor may act for it.
func (h *Handler) contactOrg(w http.ResponseWriter, r *http.Request, code string) (grant.Organisation, bool) {
	o, err := h.cfg.Contacts.Organisation(r.Context(), code)
	if err == nil {
		err = h.cfg.Contacts.MayActFor(r.Context(), o.Code)
	}
	if err != nil {
		h.fail(w, r, err)
		return o, false
	}
	return o, true
}

func readContact(f *form, c *grant.Contact) {
	c.Name = f.Required("name")
	c.Email = f.Required("email")
	c.Phone, c.Role, c.Programme = f.Get("phone"), f.Get("role"), f.Get("programme")
	c.Requirements = f.Get("requirements") == "on"
}

func contactValues(c grant.Contact) url.Values {
	v := url.Values{"name": {c.Name}, "email": {c.Email}, "phone": {c.Phone}, "role": {c.Role}, "programme": {c.Programme},
		"version": {strconv.FormatInt(c.Version, 10)}}
	if c.Requirements {
		v.Set("requirements", "on")
	}
	return v
}

func (h *Handler) newContact(w http.ResponseWriter, r *http.Request) {
	if o, ok := h.contactOrg(w, r, r.PathValue("code")); ok {
		h.contactForm(w, r, http.StatusOK, o, 0, emptyForm(language(r), url.Values{"programme": {grant.DefaultProgramme}}))
	}
}

func (h *Handler) createContact(w http.ResponseWriter, r *http.Request) {
	o, ok := h.contactOrg(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	f := newForm(r)
	c := grant.Contact{OrgCode: o.Code}
	readContact(f, &c)
	if f.OK() {
		_, err := h.cfg.Contacts.CreateContact(r.Context(), c)
		if err == nil {
			http.Redirect(w, r, "/organisations/"+o.Code+"#contacts", http.StatusSeeOther)
			return
		}
		if !f.Refused(err) {
			h.fail(w, r, err)
			return
		}
	}
	h.contactForm(w, r, http.StatusUnprocessableEntity, o, 0, f)
}

// editedContact reads the contact of the path and checks that the actor
// may act for its organisation.
func (h *Handler) editedContact(w http.ResponseWriter, r *http.Request) (grant.Contact, grant.Organisation, bool) {
	id, err := pathID(r, "id", "contact", "kontaktpersonen")
	if err != nil {
		h.fail(w, r, err)
		return grant.Contact{}, grant.Organisation{}, false
	}
	c, err := h.cfg.Contacts.Contact(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return c, grant.Organisation{}, false
	}
	o, ok := h.contactOrg(w, r, c.OrgCode)
	return c, o, ok
}

func (h *Handler) editContact(w http.ResponseWriter, r *http.Request) {
	if c, o, ok := h.editedContact(w, r); ok {
		h.contactForm(w, r, http.StatusOK, o, c.ID, emptyForm(language(r), contactValues(c)))
	}
}

// updateContact saves an edit; one made on a stale page shows the current
// values with a notice.
func (h *Handler) updateContact(w http.ResponseWriter, r *http.Request) {
	c, o, ok := h.editedContact(w, r)
	if !ok {
		return
	}
	f := newForm(r)
	edited := grant.Contact{ID: c.ID, OrgCode: c.OrgCode, Version: f.Int("version", true)}
	readContact(f, &edited)
	status := http.StatusUnprocessableEntity
	if f.OK() {
		_, err := h.cfg.Contacts.UpdateContact(r.Context(), edited)
		if err == nil {
			http.Redirect(w, r, "/organisations/"+o.Code+"#contacts", http.StatusSeeOther)
			return
		}
		if status, err = f.refusedSave(err, currentValues(contactValues(c))); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.contactForm(w, r, status, o, c.ID, f)
}

func (h *Handler) deleteContact(w http.ResponseWriter, r *http.Request) {
	c, o, ok := h.editedContact(w, r)
	if !ok {
		return
	}
	f := newForm(r)
	version := f.Int("version", true)
	if f.OK() {
		err := h.cfg.Contacts.DeleteContact(r.Context(), c.ID, version)
		if err == nil {
			http.Redirect(w, r, "/organisations/"+o.Code+"#contacts", http.StatusSeeOther)
			return
		}
		if !f.Refused(err) {
			h.fail(w, r, err)
			return
		}
		f.Values = contactValues(c)
		h.contactForm(w, r, http.StatusConflict, o, c.ID, f)
		return
	}
	h.contactForm(w, r, http.StatusUnprocessableEntity, o, c.ID, f)
}

// remindersPageSize is how many reminders one page lists.
const remindersPageSize = 100

// remindersPage lists the reminder e-mails, newest first.
type remindersPage struct {
	Rows     []reminderRow
	State    string
	States   []option
	Pager    pager
	Filtered bool
}

type reminderRow struct {
	ID                             int64
	Kind, Stage, State             string
	OrgCode, Recipient, Title, Due string
	Attempts                       int
	LastError, SentAt, CreatedAt   string
	Amount                         string
}

// reminders shows administrators and auditors what the scheduler sent and
// what it will try again.
func (h *Handler) reminders(w http.ResponseWriter, r *http.Request) {
	ctx, lang, q := r.Context(), language(r), r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	lf := app.ListFilter{Status: q.Get("state"), OrgCode: q.Get("org"), Limit: remindersPageSize, Offset: max(offset, 0)}
	list, total, err := h.cfg.Contacts.Reminders(ctx, lf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := remindersPage{State: lf.Status, Filtered: lf.Status != "" || lf.OrgCode != ""}
	page.States = []option{{"", pick(lang, "All", "Alla")}}
	for _, s := range []grant.ReminderState{grant.ReminderPending, grant.ReminderSending, grant.ReminderSent, grant.ReminderCancelled} {
		page.States = append(page.States, option{string(s), reminderState(lang, s)})
	}
	for _, m := range list {
		page.Rows = append(page.Rows, reminderRow{ID: m.ID, Kind: reminderKind(lang, m.Kind), Stage: reminderStage(lang, m.Stage),
			State: reminderState(lang, m.State), OrgCode: m.OrgCode, Recipient: m.Recipient, Title: m.Title, Due: string(m.DueDate),
			Attempts: m.Attempts, LastError: m.LastError, SentAt: m.SentAt, CreatedAt: m.CreatedAt, Amount: m.Amount.HTML()})
	}
	page.Pager = newPager(r.URL.Path, q, lf.Offset, remindersPageSize, len(list), total)
	h.render(w, r, http.StatusOK, "reminders", pick(lang, "Reminders", "Påminnelser"), page)
}

func reminderKind(lang string, k grant.ReminderKind) string {
	switch k {
	case grant.RemindCondition:
		return pick(lang, "Condition", "Villkor")
	case grant.RemindRequisition:
		return pick(lang, "Requisition", "Rekvisition")
	}
	return pick(lang, "Report of use", "Redovisning")
}

func reminderStage(lang string, s grant.ReminderStage) string {
	if s == grant.StageOverdue {
		return pick(lang, "Overdue", "Försenad")
	}
	return pick(lang, "Before the due date", "Före sista dag")
}

func reminderState(lang string, s grant.ReminderState) string {
	switch s {
	case grant.ReminderPending:
		return pick(lang, "Pending", "Väntar")
	case grant.ReminderSending:
		return pick(lang, "Sending", "Skickas")
	case grant.ReminderSent:
		return pick(lang, "Sent", "Skickad")
	}
	return pick(lang, "Cancelled (done before it was sent)", "Struken (klar innan den skickades)")
}
