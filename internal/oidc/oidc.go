// Package oidc logs users in with an OpenID Connect provider (authorisation
// code flow with PKCE). It only proves who the provider says the user is: the
// caller maps the returned claim to an anslag user and creates the session.
package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

const (
	// CookieName is the cookie that carries a login in progress from Start to Finish.
	CookieName = "anslag_oidc"
	// CookiePath limits the cookie to the login routes; the callback must lie under it.
	CookiePath = "/login/oidc"
	// cookieMaxAge is how long a user may spend at the provider before the login lapses.
	cookieMaxAge = 10 * time.Minute
	// defaultHTTPTimeout bounds each request to the provider when Config.HTTPClient is nil.
	defaultHTTPTimeout = 30 * time.Second
)

// Config is read from flags or the environment by the caller; a zero Issuer
// means OIDC is off (see Enabled).
type Config struct {
	// Issuer is the provider's issuer URL, e.g. https://login.example.se/realms/x;
	// discovery reads Issuer+"/.well-known/openid-configuration".
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is the callback registered at the provider, e.g.
	// https://anslag.example.se/login/oidc/callback; its path must lie under CookiePath.
	RedirectURL string
	// Claim is the ID-token claim that names the anslag user; default "email".
	Claim string
	// Scopes requested; default openid, email, profile. "openid" is added if missing.
	Scopes []string
	// HTTPClient, if set, makes every request to the provider (discovery, keys,
	// token exchange); tests pass the in-process provider's client here. The
	// default is a client with a 30-second timeout.
	HTTPClient *http.Client
}

// Enabled reports whether OIDC login is configured at all.
func (c Config) Enabled() bool { return c.Issuer != "" }

// Client runs logins against one provider. It holds no per-login state (that
// lives in the browser's cookie), so one Client serves concurrent requests.
type Client struct {
	oauth      oauth2.Config
	verifier   *gooidc.IDTokenVerifier
	claim      string
	httpClient *http.Client
	httpsOnly  bool // the callback is https, so the cookie may be Secure even behind a TLS-terminating proxy
}

// New checks cfg and fetches the provider's discovery document, so a wrong
// issuer fails at start-up rather than at the first login.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Issuer == "" {
		return nil, errors.New("oidc: no issuer configured")
	}
	if cfg.ClientID == "" {
		return nil, errors.New("oidc: no client id configured")
	}
	redirect, err := url.Parse(cfg.RedirectURL)
	if err != nil {
		return nil, fmt.Errorf("oidc: redirect URL %q: %w", cfg.RedirectURL, err)
	}
	if !redirect.IsAbs() || redirect.Host == "" {
		return nil, fmt.Errorf("oidc: redirect URL %q must be absolute", cfg.RedirectURL)
	}
	// The browser sends the cookie only to paths under CookiePath; a callback
	// elsewhere would fail every login with "no login started".
	if p := redirect.Path; p != CookiePath && !strings.HasPrefix(p, CookiePath+"/") {
		return nil, fmt.Errorf("oidc: redirect URL %q must have a path under %s", cfg.RedirectURL, CookiePath)
	}
	claim := cfg.Claim
	if claim == "" {
		claim = "email"
	}
	scopes := slices.Clone(cfg.Scopes)
	if len(scopes) == 0 {
		scopes = []string{gooidc.ScopeOpenID, "email", "profile"}
	} else if !slices.Contains(scopes, gooidc.ScopeOpenID) {
		// Without openid the provider returns no ID token.
		scopes = append([]string{gooidc.ScopeOpenID}, scopes...)
	}

	httpClient := cfg.HTTPClient
	if httpClient == nil {
		// go-oidc refetches keys on a background context, so only a client
		// timeout bounds a provider that hangs.
		httpClient = &http.Client{Timeout: defaultHTTPTimeout}
	}
	// go-oidc keeps this client for later key fetches too.
	ctx = gooidc.ClientContext(ctx, httpClient)
	provider, err := gooidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: discovery at %s/.well-known/openid-configuration: %w",
			strings.TrimSuffix(cfg.Issuer, "/"), err)
	}
	var meta struct {
		AuthMethods []string `json:"token_endpoint_auth_methods_supported"`
	}
	if err := provider.Claims(&meta); err != nil {
		return nil, fmt.Errorf("oidc: discovery document of %s: %w", cfg.Issuer, err)
	}
	endpoint := provider.Endpoint()
	endpoint.AuthStyle = authStyle(meta.AuthMethods)

	return &Client{
		oauth: oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			Endpoint:     endpoint,
			RedirectURL:  cfg.RedirectURL,
			Scopes:       scopes,
		},
		verifier:   provider.Verifier(&gooidc.Config{ClientID: cfg.ClientID}),
		claim:      claim,
		httpClient: httpClient,
		httpsOnly:  redirect.Scheme == "https",
	}, nil
}

// authStyle picks how the client secret travels to the token endpoint. Fixing
// it spares oauth2's auto-detection, which on any failure sends the code a
// second time. client_secret_basic is the OIDC default when nothing is listed.
func authStyle(methods []string) oauth2.AuthStyle {
	if len(methods) == 0 || slices.Contains(methods, "client_secret_basic") {
		return oauth2.AuthStyleInHeader
	}
	if slices.Contains(methods, "client_secret_post") {
		return oauth2.AuthStyleInParams
	}
	return oauth2.AuthStyleAutoDetect
}

// Start begins a login: it makes a random state, nonce and PKCE verifier,
// keeps them in a short-lived cookie, and redirects (302) to the provider.
// The values are random and never leave this browser and the provider, so
// the cookie needs no signature; Finish compares the state in constant time.
func (c *Client) Start(w http.ResponseWriter, r *http.Request) {
	state, nonce, verifier := rand.Text(), rand.Text(), oauth2.GenerateVerifier()
	http.SetCookie(w, c.cookie(r, state+"."+nonce+"."+verifier, int(cookieMaxAge/time.Second)))
	w.Header().Set("Cache-Control", "no-store")
	target := c.oauth.AuthCodeURL(state, gooidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	http.Redirect(w, r, target, http.StatusFound)
}

// Finish completes a login on the callback request and returns the value of
// the configured claim. It checks the state against the cookie, clears the
// cookie, exchanges the code with the PKCE verifier, and verifies the ID token
// (signature, issuer, audience, expiry, nonce). For the "email" claim,
// email_verified must be true when the token carries it. Every error is an
// *Error whose texts may be shown to the user.
func (c *Client) Finish(w http.ResponseWriter, r *http.Request) (string, error) {
	ck, cookieErr := r.Cookie(CookieName)
	// A login attempt is single-use whatever its outcome.
	http.SetCookie(w, c.cookie(r, "", -1))
	w.Header().Set("Cache-Control", "no-store")
	if cookieErr != nil {
		return "", fail(CodeNoCookie, fmt.Errorf("read cookie %s: %w", CookieName, cookieErr))
	}
	state, nonce, verifier, ok := parseCookie(ck.Value)
	if !ok {
		return "", fail(CodeNoCookie, fmt.Errorf("cookie %s is malformed", CookieName))
	}

	q := r.URL.Query()
	// State first: an error or code not meant for this browser is not worth reading.
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
		return "", fail(CodeState, errors.New("the state in the callback differs from the cookie"))
	}
	if e := q.Get("error"); e != "" {
		code := CodeProvider
		if e == "access_denied" {
			code = CodeDenied
		}
		// The provider's text goes to the log only, and shortened.
		return "", fail(code, fmt.Errorf("provider returned error %.64q: %.200q", e, q.Get("error_description")))
	}
	authCode := q.Get("code")
	if authCode == "" {
		return "", fail(CodeNoCode, errors.New("the callback has neither code nor error"))
	}

	ctx := gooidc.ClientContext(r.Context(), c.httpClient)
	tok, err := c.oauth.Exchange(ctx, authCode, oauth2.VerifierOption(verifier))
	if err != nil {
		return "", fail(CodeExchange, fmt.Errorf("exchange the code at the token endpoint: %w", err))
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		return "", fail(CodeToken, errors.New("the token response has no id_token"))
	}
	idt, err := c.verifier.Verify(ctx, rawID)
	if err != nil {
		if _, expired := errors.AsType[*gooidc.TokenExpiredError](err); expired {
			return "", fail(CodeExpired, fmt.Errorf("verify the ID token: %w", err))
		}
		return "", fail(CodeToken, fmt.Errorf("verify the ID token: %w", err))
	}
	// go-oidc leaves the nonce to us; it binds the token to this browser's login.
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return "", fail(CodeNonce, errors.New("the ID token's nonce differs from the cookie"))
	}
	return c.claimValue(idt)
}

// claimValue reads the configured claim, and for "email" insists the
// provider has verified the address when it says either way.
func (c *Client) claimValue(idt *gooidc.IDToken) (string, error) {
	var claims map[string]json.RawMessage
	if err := idt.Claims(&claims); err != nil {
		return "", fail(CodeToken, fmt.Errorf("decode the ID token's claims: %w", err))
	}
	raw, ok := claims[c.claim]
	if !ok {
		return "", fail(CodeClaim, fmt.Errorf("the ID token has no %q claim", c.claim))
	}
	var value string
	if err := json.Unmarshal(raw, &value); err != nil {
		return "", fail(CodeClaim, fmt.Errorf("the ID token's %q claim is not a string: %w", c.claim, err))
	}
	if value == "" {
		return "", fail(CodeClaim, fmt.Errorf("the ID token's %q claim is empty", c.claim))
	}
	if c.claim == "email" {
		if v, present := claims["email_verified"]; present && !isTrue(v) {
			return "", fail(CodeUnverified, fmt.Errorf("email_verified is %s", v))
		}
	}
	return value, nil
}

// isTrue accepts JSON true and, because some providers (AWS Cognito) send
// booleans as strings, "true".
func isTrue(raw json.RawMessage) bool {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	var s string
	return json.Unmarshal(raw, &s) == nil && s == "true"
}

// cookie builds the login cookie; maxAge < 0 deletes it.
func (c *Client) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     CookieName,
		Value:    value,
		Path:     CookiePath,
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   r.TLS != nil || c.httpsOnly,
		// Lax, not Strict: the callback is a top-level navigation from the provider's site.
		SameSite: http.SameSiteLaxMode,
	}
}

// parseCookie splits state.nonce.verifier; none of the three contains a dot.
func parseCookie(v string) (state, nonce, verifier string, ok bool) {
	parts := strings.Split(v, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}
