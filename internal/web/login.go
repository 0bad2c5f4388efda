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

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "login", pick(language(r), "Log in", "Logga in"),
		loginData{Next: localPath(r.URL.Query().Get("next")), OIDC: h.cfg.OIDC != nil})
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
		h.render(w, r, status, "login", pick(language(r), "Log in", "Logga in"),
			loginData{Email: email, Next: next, Error: h.message(r, err), OIDC: h.cfg.OIDC != nil})
		return
	}
	h.startSession(w, r, token, next)
}

// startSession ends the browser's earlier session, if any (so a session
// id planted before login is worthless), sets the new one and redirects.
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, token, next string) {
	if old, ok := auth.SessionToken(r); ok {
		if err := h.cfg.Accounts.Logout(r.Context(), old); err != nil {
			h.cfg.Log.WarnContext(r.Context(), "web: end the session replaced at login", "err", err)
		}
	}
	auth.SetSession(w, r, token)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if token, ok := auth.SessionToken(r); ok {
		if err := h.cfg.Accounts.Logout(r.Context(), token); err != nil {
			h.render(w, r, http.StatusInternalServerError, "login", pick(language(r), "Log in", "Logga in"),
				loginData{Error: h.message(r, err), OIDC: h.cfg.OIDC != nil})
			return
		}
	}
	auth.ClearSession(w, r)
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
		h.render(w, r, http.StatusUnauthorized, "login", pick(language(r), "Log in", "Logga in"), loginData{Error: msg, OIDC: true})
		return
	}
	token, _, err := h.cfg.Accounts.LoginVerified(r.Context(), email, "oidc")
	if err != nil {
		h.render(w, r, http.StatusUnauthorized, "login", pick(language(r), "Log in", "Logga in"), loginData{Error: h.message(r, err), OIDC: true})
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
