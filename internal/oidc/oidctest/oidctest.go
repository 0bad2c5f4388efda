// Package oidctest is an in-process OpenID Connect provider for tests: it
// serves discovery, a JWKS, /authorize and /token over TLS, signs ID tokens
// with an RSA key made at start, and can be told to misbehave (wrong
// audience, nonce, issuer or key; expired tokens; unverified email; a refused
// login) so the relying party's checks can be shown to bite.
//
// /authorize asks the user nothing: it answers at once with a redirect to the
// redirect_uri, so a test's HTTP client (built from Provider.Client, with a
// cookie jar) can follow a whole login from the app to the provider and back.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Options says how the provider behaves; the zero value is a well-behaved
// provider that logs in Subject "user-1" with a verified Email
// "user@example.se". Options apply when /authorize or /token is called, so
// they may be changed between logins.
type Options struct {
	Subject string // default "user-1"
	Email   string // default "user@example.se"

	Deny              bool           // /authorize redirects back with error=access_denied
	Audience          string         // aud other than the client id
	Issuer            string         // iss other than the provider's
	Nonce             string         // nonce other than the one sent to /authorize
	Expired           bool           // exp an hour ago
	WrongKey          bool           // sign with a key not in the JWKS (same kid)
	EmailUnverified   bool           // email_verified false
	OmitEmailVerified bool           // no email_verified claim
	Claims            map[string]any // extra claims, overriding the ones above
}

// Provider is a running test provider. Its methods are safe for concurrent use.
type Provider struct {
	ClientID     string
	ClientSecret string

	srv *httptest.Server
	key *rsa.PrivateKey
	kid string

	mu       sync.Mutex
	opts     Options
	grants   map[string]grant // by authorisation code; each code is single-use
	wrongKey *rsa.PrivateKey  // made on first use; key generation is slow
	issued   []string
}

// grant is what /authorize remembers for /token.
type grant struct {
	redirectURI string
	nonce       string
	challenge   string // S256 code_challenge
}

// New starts a provider for one client; the test's cleanup stops it.
func New(t testing.TB, clientID, clientSecret string) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("oidctest: generate RSA key: %v", err)
	}
	p := &Provider{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		key:          key,
		kid:          rand.Text(),
		grants:       map[string]grant{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.srv = httptest.NewTLSServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

// Issuer is the provider's issuer URL, for Config.Issuer.
func (p *Provider) Issuer() string { return p.srv.URL }

// Client returns a new HTTP client that trusts the provider's certificate,
// for Config.HTTPClient; each call returns a fresh client (sharing one
// transport), so a test may set its Jar or CheckRedirect freely.
func (p *Provider) Client() *http.Client {
	return &http.Client{Transport: p.srv.Client().Transport}
}

// Set replaces the provider's options.
func (p *Provider) Set(o Options) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.opts = o
}

// Issued returns every access and ID token the provider has issued, so a test
// can check that none of them leaks into an error message or a log.
func (p *Provider) Issued() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.issued)
}

// Authorize plays the browser at the provider: it fetches authURL (as Start
// redirected to) and returns the callback URL the provider redirects back to.
func (p *Provider) Authorize(authURL string) (*url.URL, error) {
	c := p.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(authURL)
	if err != nil {
		return nil, fmt.Errorf("oidctest: GET %s: %w", authURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, fmt.Errorf("oidctest: /authorize answered %s, not a redirect", resp.Status)
	}
	return resp.Location()
}

func (p *Provider) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                p.srv.URL,
		"authorization_endpoint":                p.srv.URL + "/authorize",
		"token_endpoint":                        p.srv.URL + "/token",
		"jwks_uri":                              p.srv.URL + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"scopes_supported":                      []string{"openid", "email", "profile"},
	})
}

func (p *Provider) jwks(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &p.key.PublicKey, KeyID: p.kid, Algorithm: string(jose.RS256), Use: "sig",
	}}})
}

// authorize checks the request as a strict provider would (PKCE with S256 is
// required, so a client that forgets it fails) and redirects back at once.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if q.Get("client_id") != p.ClientID || err != nil || !redirect.IsAbs() {
		// Never redirect to an unvetted URI: answer here instead.
		http.Error(w, "unknown client or bad redirect_uri", http.StatusBadRequest)
		return
	}
	back := url.Values{}
	if s := q.Get("state"); s != "" {
		back.Set("state", s)
	}
	p.mu.Lock()
	deny := p.opts.Deny
	p.mu.Unlock()
	switch {
	case q.Get("response_type") != "code":
		back.Set("error", "unsupported_response_type")
	case !slices.Contains(strings.Fields(q.Get("scope")), "openid"):
		back.Set("error", "invalid_scope")
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		back.Set("error", "invalid_request")
		back.Set("error_description", "PKCE with S256 is required")
	case deny:
		back.Set("error", "access_denied")
		back.Set("error_description", "the user declined")
	default:
		code := rand.Text()
		p.mu.Lock()
		p.grants[code] = grant{redirectURI: redirect.String(), nonce: q.Get("nonce"), challenge: q.Get("code_challenge")}
		p.mu.Unlock()
		back.Set("code", code)
	}
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// token exchanges a code, checking client credentials, redirect_uri and the
// PKCE verifier, and issues an ID token shaped by the current Options.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "unreadable form")
		return
	}
	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 2.3.1: both are form-encoded before Basic encoding.
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != p.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(p.ClientSecret)) != 1 {
		tokenError(w, http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "")
		return
	}
	p.mu.Lock()
	g, ok := p.grants[r.PostForm.Get("code")]
	delete(p.grants, r.PostForm.Get("code"))
	opts := p.opts
	p.mu.Unlock()
	switch {
	case !ok:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "unknown or used code")
		return
	case r.PostForm.Get("redirect_uri") != g.redirectURI:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri differs from /authorize")
		return
	case s256(r.PostForm.Get("code_verifier")) != g.challenge:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed")
		return
	}

	idToken, err := p.idToken(opts, g.nonce)
	if err != nil {
		tokenError(w, http.StatusInternalServerError, "server_error", err.Error())
		return
	}
	access := rand.Text()
	p.mu.Lock()
	p.issued = append(p.issued, idToken, access)
	p.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": access,
		"token_type":   "Bearer",
		"expires_in":   300,
		"id_token":     idToken,
	})
}

// idToken signs the claims that o asks for.
func (p *Provider) idToken(o Options, nonce string) (string, error) {
	now := time.Now()
	claims := map[string]any{
		"iss":            p.srv.URL,
		"aud":            p.ClientID,
		"sub":            or(o.Subject, "user-1"),
		"iat":            now.Unix(),
		"exp":            now.Add(5 * time.Minute).Unix(),
		"nonce":          nonce,
		"email":          or(o.Email, "user@example.se"),
		"email_verified": !o.EmailUnverified,
	}
	if o.Audience != "" {
		claims["aud"] = o.Audience
	}
	if o.Issuer != "" {
		claims["iss"] = o.Issuer
	}
	if o.Nonce != "" {
		claims["nonce"] = o.Nonce
	}
	if o.Expired {
		claims["iat"] = now.Add(-2 * time.Hour).Unix()
		claims["exp"] = now.Add(-time.Hour).Unix()
	}
	if o.OmitEmailVerified {
		delete(claims, "email_verified")
	}
	maps.Copy(claims, o.Claims)

	key := p.key
	if o.WrongKey {
		p.mu.Lock()
		if p.wrongKey == nil {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				p.mu.Unlock()
				return "", fmt.Errorf("generate the wrong key: %w", err)
			}
			p.wrongKey = k
		}
		key = p.wrongKey
		p.mu.Unlock()
	}
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: p.kid, Algorithm: string(jose.RS256)}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("make signer: %w", err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("encode claims: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	return jws.CompactSerialize()
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func tokenError(w http.ResponseWriter, status int, code, description string) {
	body := map[string]string{"error": code}
	if description != "" {
		body["error_description"] = description
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
