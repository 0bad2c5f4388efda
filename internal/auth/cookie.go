package auth

import (
	"errors"
	"net"
	"net/http"
	"strings"
)

// SessionCookie is the name of the cookie that carries a browser's session
// token. The API and the pages share it, so a login in either serves both.
const SessionCookie = "anslag_session"

// SetSession gives the browser its session token: HttpOnly so no script can
// read it, SameSite=Lax so other sites' forms cannot send it, Secure when
// the request came over TLS (directly or through a proxy that says so). It
// has no expiry of its own: the browser forgets it when closed, and the
// server ends the session after idle time or its lifetime anyway.
func SetSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/",
		HttpOnly: true, Secure: overTLS(r), SameSite: http.SameSiteLaxMode})
}

// ClearSession tells the browser to forget its session cookie.
func ClearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: overTLS(r), SameSite: http.SameSiteLaxMode})
}

// ReplaceSession gives the browser the session token of a login, first
// ending, with end, the session its cookie named: a session id planted
// before the login is then worthless. The new cookie is set whatever end
// returns; its error is for the log.
func ReplaceSession(w http.ResponseWriter, r *http.Request, token string, end func(old string) error) error {
	var err error
	if old, ok := SessionToken(r); ok {
		err = end(old)
	}
	SetSession(w, r, token)
	return err
}

// EndSession logs out: it ends, with end, the session the request's cookie
// names, and clears the cookie. If end fails the cookie is kept, so that
// the user can try again.
func EndSession(w http.ResponseWriter, r *http.Request, end func(token string) error) error {
	if token, ok := SessionToken(r); ok {
		if err := end(token); err != nil {
			return err
		}
	}
	ClearSession(w, r)
	return nil
}

// SessionToken is the session token the request's cookie carries, if any.
func SessionToken(r *http.Request) (string, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return "", false
	}
	return c.Value, true
}

// ErrBadAuthorization is an Authorization header that is not "Bearer TOKEN".
var ErrBadAuthorization = errors.New("auth: the Authorization header must be \"Bearer\" and a token")

// BearerToken is the token of the request's Authorization header, if it has
// one; a header of another scheme or without a token is an error rather
// than ignored, so that a misconfigured script hears so.
func BearerToken(r *http.Request) (string, bool, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false, nil
	}
	scheme, token, ok := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false, ErrBadAuthorization
	}
	return token, true, nil
}

// ClientIP is the address a request came from, for login throttling: the
// connection's peer. Behind a reverse proxy every user shares the proxy's
// address and so its per-address limit.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func overTLS(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}
