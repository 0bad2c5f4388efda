package server

import (
	"context"
	"net/http"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
)

// Authenticator finds the user behind a session cookie or an API token.
type Authenticator interface {
	Authenticate(ctx context.Context, sessionToken string) (grant.User, grant.Session, error)
	AuthenticateToken(ctx context.Context, token string) (grant.User, grant.APIToken, error)
}

// Authenticate puts the actor of every request in its context: the user
// of an API token (Authorization: Bearer) or of the session cookie, or
// else the public. What the actor may do is decided by the use cases.
//
// A bad token is refused with 401 rather than served as public, so that a
// script with a revoked token hears so; an ended session only loses its
// cookie, since a browser should simply see the public pages again.
func Authenticate(a Authenticator, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor := app.PublicActor()
		token, bearer, err := auth.BearerToken(r)
		switch {
		case err != nil:
			unauthorized(w, r, grant.Errorf(grant.EUNAUTHORIZED, "", "the Authorization header must be \"Bearer\" followed by an API token",
				"Authorization-huvudet måste vara \"Bearer\" följt av en API-token"))
			return
		case bearer:
			u, _, err := a.AuthenticateToken(r.Context(), token)
			if err != nil {
				unauthorized(w, r, err)
				return
			}
			actor = app.UserActor(u)
		default:
			if token, ok := auth.SessionToken(r); ok {
				if u, _, err := a.Authenticate(r.Context(), token); err == nil {
					actor = app.UserActor(u)
				} else if grant.ErrorCode(err) == grant.EUNAUTHORIZED {
					auth.ClearSession(w, r)
				} else {
					api.WriteError(w, r, err)
					return
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(app.WithActor(r.Context(), actor)))
	})
}

// oversight serves only administrators and auditors: the process's
// metrics are for those who run and audit anslag (scrape with a token).
func oversight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch err := app.RequireOversight(r.Context()); {
		case err == nil:
			next.ServeHTTP(w, r)
		case grant.ErrorCode(err) == grant.EUNAUTHORIZED:
			unauthorized(w, r, err)
		default:
			api.WriteError(w, r, err)
		}
	})
}

func unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="anslag"`)
	api.WriteError(w, r, err)
}
