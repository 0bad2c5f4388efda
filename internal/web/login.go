package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/oidc"
)

// loginData is what the login page shows: what the user typed, and why
// the last attempt failed.
type loginData struct {
	Email  string
	Next   string
	Error  string
	Notice string // why the form is shown instead of the page asked for
	OIDC   bool
}

// loginPage shows the login form with status, offering single sign-on
// when it is configured.
func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	d.OIDC = h.cfg.OIDC != nil
	h.render(w, r, status, "login", pick(language(r), "Log in", "Logga in"), d)
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	h.loginPage(w, r, http.StatusOK, loginData{Next: localPath(r.URL.Query().Get("next"))})
}

// login checks the form, starts a new session and goes on to where the
// user was headed. A failed login shows the form again with the e-mail
// kept and one message that does not say whether the account exists.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	token, _, err := h.cfg.Accounts.Login(r.Context(), email, password, auth.ClientIP(r))
	if err != nil {
		status := http.StatusUnauthorized
		if grant.ErrorCode(err) == grant.ETHROTTLED {
			status = http.StatusTooManyRequests
		}
		h.loginPage(w, r, status, loginData{Email: email, Next: next, Error: h.message(r, err)})
		return
	}
	h.startSession(w, r, token, next)
}

// startSession ends the browser's earlier session, if any (so a session
// id planted before login is worthless), sets the new one and redirects.
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, token, next string) {
	end := func(old string) error { return h.cfg.Accounts.Logout(r.Context(), old) }
	if err := auth.ReplaceSession(w, r, token, end); err != nil {
		h.cfg.Log.WarnContext(r.Context(), "web: end the session replaced at login", "err", err)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := auth.EndSession(w, r, func(token string) error { return h.cfg.Accounts.Logout(r.Context(), token) }); err != nil {
		h.loginPage(w, r, http.StatusInternalServerError, loginData{Error: h.message(r, err)})
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// oidcCallback finishes a login at the provider and starts a session for
// the anslag user the provider's claim names.
func (h *Handler) oidcCallback(w http.ResponseWriter, r *http.Request) {
	email, err := h.cfg.OIDC.Finish(w, r)
	if err != nil {
		msg := h.message(r, err)
		if e, ok := errors.AsType[*oidc.Error](err); ok {
			h.cfg.Log.InfoContext(r.Context(), "web: single sign-on failed", "code", e.Code, "err", err)
			msg = pick(language(r), e.Message, e.Swedish)
		}
		h.loginPage(w, r, http.StatusUnauthorized, loginData{Error: msg})
		return
	}
	token, _, err := h.cfg.Accounts.LoginVerified(r.Context(), email, "oidc")
	if err != nil {
		h.loginPage(w, r, http.StatusUnauthorized, loginData{Error: h.message(r, err)})
		return
	}
	h.startSession(w, r, token, "/")
}

// localPath keeps a redirect target inside anslag: a path, never another
// site ("//evil.example" or "https://…").
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}
