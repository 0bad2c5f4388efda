package api

import (
	"net/http"

	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
)

// LoginIn is the body of a login.
type LoginIn struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Role is one of a user's roles.
type Role struct {
	Kind    string `json:"kind" jsonschema:"enum=admin,enum=coordinator,enum=auditor"`
	OrgCode string `json:"org_code,omitempty" jsonschema:"description=The organisation a coordinator acts for"`
}

// Me is the logged-in user.
type Me struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Roles []Role `json:"roles"`
}

func meOut(u grant.User) Me {
	return Me{Email: u.Email, Name: u.Name, Roles: mapSlice(u.Roles, func(r grant.Role) Role { return Role{Kind: string(r.Kind), OrgCode: r.OrgCode} })}
}

// TokenIn names a new API token.
type TokenIn struct {
	Name string `json:"name" jsonschema:"description=What uses the token, e.g. the payment export script"`
}

// Token is an API token; Secret is there only in the answer that made it.
type Token struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Prefix     string `json:"prefix" jsonschema:"description=The token's first characters, to recognise it"`
	CreatedAt  string `json:"created_at"`
	LastUsedAt string `json:"last_used_at,omitempty"`
	RevokedAt  string `json:"revoked_at,omitempty"`
	Secret     string `json:"secret,omitempty" jsonschema:"description=The token itself, shown this once: send it as Authorization: Bearer …"`
}

func tokenOut(k grant.APIToken) Token {
	return Token{ID: k.ID, Name: k.Name, Prefix: k.Prefix, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt}
}

func (h *Handler) registerSession(rt *Router) {
	tags := []string{"session"}
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/session", Summary: "Log in", Tags: tags,
		Description: "Checks the e-mail and password and sets the session cookie (HttpOnly, SameSite=Lax) that browsers send with every " +
			"later request. Any session the browser had is ended first. Too many failures for an account or an address are refused for a while (429).",
		Body: LoginIn{}, Response: Me{}, Errors: []int{http.StatusUnauthorized, http.StatusTooManyRequests},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in LoginIn
			if !decodeOK(w, r, &in) {
				return
			}
			token, u, err := h.svc.Login(ctx(r), in.Email, in.Password, auth.ClientIP(r))
			if err != nil {
				WriteError(w, r, err)
				return
			}
			end := func(old string) error { return h.svc.Logout(ctx(r), old) }
			if err := auth.ReplaceSession(w, r, token, end); err != nil {
				Logger(r.Context()).WarnContext(r.Context(), "api: end the session replaced at login", "err", err)
			}
			Write(w, r, http.StatusOK, meOut(u))
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/session", Summary: "Who is logged in", Tags: tags,
		Description: "The user of the session cookie or API token, with their roles; 401 for the public.",
		Response:    Me{}, Errors: []int{http.StatusUnauthorized},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			u, err := h.svc.CurrentUser(ctx(r))
			respond(w, r, http.StatusOK, meOut(u), err)
		}})
	rt.Handle(Route{Method: "DELETE", Pattern: "/api/v1/session", Summary: "Log out", Tags: tags,
		Description: "Ends the session on the server, so the cookie is worthless even if kept, and clears it. Logging out twice is no error.",
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if err := auth.EndSession(w, r, func(token string) error { return h.svc.Logout(ctx(r), token) }); err != nil {
				WriteError(w, r, err)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/tokens", Summary: "List your API tokens", Tags: tags,
		Description: "Your tokens, revoked ones included; never the secrets.", Response: []Token{}, Errors: []int{http.StatusUnauthorized},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			u, err := h.svc.CurrentUser(ctx(r))
			if err != nil {
				WriteError(w, r, err)
				return
			}
			list, err := h.svc.Tokens(ctx(r), u.Email)
			respond(w, r, http.StatusOK, mapSlice(list, tokenOut), err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/tokens", Summary: "Create an API token", Tags: tags,
		Description: "A token for scripts, acting as you with your roles. The secret is in this answer only; anslag keeps its hash.",
		Body:        TokenIn{}, Response: Token{}, Status: http.StatusCreated, Errors: []int{http.StatusUnauthorized},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in TokenIn
			if !decodeOK(w, r, &in) {
				return
			}
			u, err := h.svc.CurrentUser(ctx(r))
			if err != nil {
				WriteError(w, r, err)
				return
			}
			secret, k, err := h.svc.CreateToken(ctx(r), u.Email, in.Name)
			out := tokenOut(k)
			out.Secret = secret
			w.Header().Set("Cache-Control", "no-store")
			respond(w, r, http.StatusCreated, out, err)
		}})
	rt.Handle(Route{Method: "DELETE", Pattern: "/api/v1/tokens/{id}", Summary: "Revoke an API token", Tags: tags,
		Description: "Ends one of your tokens for good; revoking it again is no error.", Path: []Param{{Name: "id", Type: Integer, Description: "The token's id"}},
		Errors: []int{http.StatusUnauthorized},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			id, ok := pathID(w, r)
			if !ok {
				return
			}
			if err := h.svc.RevokeToken(ctx(r), id); err != nil {
				WriteError(w, r, err)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}})
}
