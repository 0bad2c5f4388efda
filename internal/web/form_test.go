package web

import (
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

func posted(lang string, v url.Values) *form {
	r := httptest.NewRequest("POST", "/x?lang="+lang, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return newForm(r)
}

func TestFormFields(t *testing.T) {
	f := posted("sv", url.Values{"amount": {"20,3 Mkr"}, "bad": {"tjugo"}, "n": {"1 200"}, "d": {"2018-02-31"}, "name": {"  "}})
	if got := f.Amount("amount", true); got != money.Amount(20_300_000_00) {
		t.Errorf("amount = %d", got)
	}
	f.Amount("bad", true)
	f.Amount("missing", true)
	if got := f.Int("n", true); got != 1200 {
		t.Errorf("n = %d", got)
	}
	f.Date("d", true)
	f.Required("name")
	for _, name := range []string{"bad", "missing", "d", "name"} {
		if !f.Invalid(name) {
			t.Errorf("%s: no error", name)
		}
	}
	if f.Invalid("amount") || f.OK() {
		t.Errorf("errors: %v", f.Errors)
	}
	if !strings.HasPrefix(f.Err("bad"), "Inte ett belopp") {
		t.Errorf("not Swedish: %q", f.Err("bad"))
	}
	if f.Get("bad") != "tjugo" {
		t.Error("the typed value is lost")
	}
}

func TestFormRefused(t *testing.T) {
	tests := []struct {
		err           error
		ok            bool
		field, notice string
	}{
		{grant.Errorf(grant.EINVALID, "amount", "too much", "för mycket"), true, "för mycket", ""},
		{grant.Errorf(grant.EINVALID, "other", "too much", "för mycket"), true, "", "för mycket"},
		{grant.Errorf(grant.EPRECONDITION, "", "changed", "ändrad"), true, "", "Någon annan ändrade detta medan du redigerade; de nuvarande värdena visas. ändrad"},
		{grant.Errorf(grant.EFORBIDDEN, "", "no", "nej"), false, "", ""},
		{grant.Errorf(grant.EINTERNAL, "", "x", "x"), false, "", ""},
	}
	for _, tt := range tests {
		f := posted("sv", url.Values{"amount": {"1"}})
		if ok := f.Refused(tt.err); ok != tt.ok || f.Err("amount") != tt.field || f.Notice != tt.notice {
			t.Errorf("%v: ok %v, field %q, notice %q", tt.err, ok, f.Err("amount"), f.Notice)
		}
	}
	f := posted("en", url.Values{"sum": {"1"}})
	f.Refused(grant.Errorf(grant.EINVALID, "amount", "too much", "för mycket"), "amount", "sum")
	if f.Err("sum") != "too much" {
		t.Errorf("mapped field: %v", f.Errors)
	}
}

func TestFormRefusedSave(t *testing.T) {
	current := url.Values{"name": {"Nuvarande"}}
	readErr := errors.New("database gone")
	for _, tc := range []struct {
		name       string
		err        error
		current    func() (url.Values, error)
		wantStatus int
		wantFail   error
		wantName   string // the form's name value afterwards
	}{
		{"invalid keeps what was typed", grant.Errorf(grant.EINVALID, "name", "too long", "för långt"), currentValues(current), 422, nil, "Skrivet"},
		{"stale shows the current values", grant.Errorf(grant.EPRECONDITION, "", "changed", "ändrad"), currentValues(current), 409, nil, "Nuvarande"},
		{"stale, current unreadable", grant.Errorf(grant.EPRECONDITION, "", "changed", "ändrad"), func() (url.Values, error) { return nil, readErr }, 0, readErr, "Skrivet"},
		{"not the user's to correct", grant.Errorf(grant.EINTERNAL, "", "boom", "pang"), currentValues(current), 0, nil, "Skrivet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := posted("sv", url.Values{"name": {"Skrivet"}})
			status, fail := f.refusedSave(tc.err, tc.current)
			wantFail := tc.wantFail
			if tc.wantStatus == 0 && wantFail == nil {
				wantFail = tc.err
			}
			if status != tc.wantStatus || fail != wantFail {
				t.Errorf("status %d, fail %v; want %d, %v", status, fail, tc.wantStatus, wantFail)
			}
			if got := f.Get("name"); got != tc.wantName {
				t.Errorf("name %q after the refusal, want %q", got, tc.wantName)
			}
		})
	}
}
