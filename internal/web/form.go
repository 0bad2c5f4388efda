package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// form is a submitted form being checked: what the user typed, kept so that
// a refused submit shows it again, and a message per field at fault.
// Templates read it through Get, Err and Invalid.
type form struct {
	Lang   string
	Values url.Values
	Errors map[string]string // field name → message in the user's language
	Notice string            // a message about the whole form (a stale edit, a conflict)
}

// newForm reads the posted form. A body that cannot be read leaves the
// form empty; its required fields then report what is missing.
func newForm(r *http.Request) *form {
	_ = r.ParseForm()
	return &form{Lang: language(r), Values: r.PostForm, Errors: map[string]string{}}
}

// emptyForm is a form to fill in, with initial values.
func emptyForm(lang string, values url.Values) *form {
	if values == nil {
		values = url.Values{}
	}
	return &form{Lang: lang, Values: values, Errors: map[string]string{}}
}

// Get is what the user typed in the field, trimmed.
func (f *form) Get(name string) string { return strings.TrimSpace(f.Values.Get(name)) }

// Err is the message for the field, empty if none.
func (f *form) Err(name string) string { return f.Errors[name] }

// Invalid reports whether the field or the whole form is at fault; pages
// mark such fields aria-invalid.
func (f *form) Invalid(name string) bool { return f.Errors[name] != "" }

// OK reports whether no field is at fault.
func (f *form) OK() bool { return len(f.Errors) == 0 && f.Notice == "" }

// fieldError records msg for the field, keeping the first.
func (f *form) fieldError(name, en, sv string) {
	if f.Errors[name] == "" {
		f.Errors[name] = pick(f.Lang, en, sv)
	}
}

// Amount reads a money field as people write it ("13 410 000", "20,3 Mkr");
// empty is zero unless required.
func (f *form) Amount(name string, required bool) money.Amount {
	s := f.Get(name)
	if s == "" {
		if required {
			f.fieldError(name, "Enter an amount.", "Ange ett belopp.")
		}
		return 0
	}
	a, err := money.Parse(s)
	if err != nil {
		var pe *money.ParseError
		if errors.As(err, &pe) {
			f.fieldError(name, "Not an amount: "+pe.Error()+".", "Inte ett belopp: "+pe.Swedish()+".")
		} else {
			f.fieldError(name, "Not an amount.", "Inte ett belopp.")
		}
	}
	return a
}

// Int reads a whole-number field; empty is zero unless required.
func (f *form) Int(name string, required bool) int64 {
	s := f.Get(name)
	if s == "" {
		if required {
			f.fieldError(name, "This field is required.", "Fältet måste fyllas i.")
		}
		return 0
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, " ", ""), 10, 64)
	if err != nil {
		f.fieldError(name, "Enter a whole number.", "Ange ett heltal.")
	}
	return n
}

// Date reads a date field written 2026-01-31; empty is "" unless required.
func (f *form) Date(name string, required bool) grant.Date {
	s := f.Get(name)
	if s == "" {
		if required {
			f.fieldError(name, "Enter a date (YYYY-MM-DD).", "Ange ett datum (ÅÅÅÅ-MM-DD).")
		}
		return ""
	}
	d, err := grant.ParseDate(name, s)
	if err != nil {
		f.fieldError(name, "Enter a date as 2026-01-31.", "Ange datumet som 2026-01-31.")
	}
	return d
}

// Required reads a text field that must not be empty.
func (f *form) Required(name string) string {
	s := f.Get(name)
	if s == "" {
		f.fieldError(name, "This field is required.", "Fältet måste fyllas i.")
	}
	return s
}

// refusedSave sorts out a save the service refused. When the refusal is
// the user's to correct the form carries it and status is what to answer:
// 409 with the record's current values (from current) when someone
// changed it since the form was read, 422 otherwise. Any other error, or
// one reading the current values, is returned for the page to fail with.
func (f *form) refusedSave(err error, current func() (url.Values, error), fields ...string) (status int, fail error) {
	if !f.Refused(err, fields...) {
		return 0, err
	}
	if grant.ErrorCode(err) != grant.EPRECONDITION {
		return http.StatusUnprocessableEntity, nil
	}
	values, err := current()
	if err != nil {
		return 0, err
	}
	f.Values = values
	return http.StatusConflict, nil
}

// currentValues is refusedSave's current for values already at hand.
func currentValues(v url.Values) func() (url.Values, error) {
	return func() (url.Values, error) { return v, nil }
}

// Refused records why the service refused the form: next to the field it
// names when the form has that field (fields maps the service's field
// names to the form's, for those that differ), otherwise above the form.
// It reports false for an error that is not the user's to correct, which
// the caller shows as a failed page instead.
func (f *form) Refused(err error, fields ...string) bool {
	e, ok := errors.AsType[*grant.Error](err)
	if !ok || e.Code == grant.EINTERNAL || e.Code == grant.EUNAUTHORIZED || e.Code == grant.EFORBIDDEN {
		return false
	}
	msg := pick(f.Lang, e.Message, e.Swedish)
	if e.Code == grant.EPRECONDITION {
		f.Notice = pick(f.Lang, "Someone else changed this while you were editing; the current values are shown. ",
			"Någon annan ändrade detta medan du redigerade; de nuvarande värdena visas. ") + msg
		return true
	}
	name := e.Field
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i] == name {
			name = fields[i+1]
		}
	}
	if name != "" && f.Values.Has(name) {
		f.Errors[name] = msg
	} else {
		f.Notice = msg
	}
	return true
}
