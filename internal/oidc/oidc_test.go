package oidc_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/anslag/anslag/internal/oidc"
	"github.com/anslag/anslag/internal/oidc/oidctest"
)

const (
	clientID    = "anslag"
	secret      = "s3cret"
	redirectURL = "https://anslag.test/login/oidc/callback"
)

// newClient starts a provider behaving as opts and a Client for it.
func newClient(t *testing.T, opts oidctest.Options, claim string) (*oidctest.Provider, *oidc.Client) {
	t.Helper()
	p := oidctest.New(t, clientID, secret)
	p.Set(opts)
	c, err := oidc.New(t.Context(), oidc.Config{
		Issuer: p.Issuer(), ClientID: clientID, ClientSecret: secret,
		RedirectURL: redirectURL, Claim: claim, HTTPClient: p.Client(),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p, c
}

// start runs Start and returns the login cookie and the provider URL it redirects to.
func start(t *testing.T, c *oidc.Client) (*http.Cookie, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	c.Start(rec, httptest.NewRequest(http.MethodGet, "https://anslag.test/login/oidc", nil))
	res := rec.Result()
	if res.StatusCode != http.StatusFound {
		t.Fatalf("Start: status %d, want 302", res.StatusCode)
	}
	cookies := res.Cookies()
	if len(cookies) != 1 || cookies[0].Name != oidc.CookieName {
		t.Fatalf("Start: cookies %v, want one %s", cookies, oidc.CookieName)
	}
	return cookies[0], res.Header.Get("Location")
}

// authorize plays the user at the provider and returns the callback URL.
func authorize(t *testing.T, p *oidctest.Provider, authURL string) *url.URL {
	t.Helper()
	cb, err := p.Authorize(authURL)
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// finish runs Finish on callback with cookie (nil: none) and returns its result and response.
func finish(c *oidc.Client, callback *url.URL, cookie *http.Cookie) (string, error, *http.Response) {
	req := httptest.NewRequest(http.MethodGet, callback.String(), nil)
	if cookie != nil {
		req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	}
	rec := httptest.NewRecorder()
	got, err := c.Finish(rec, req)
	return got, err, rec.Result()
}

// wantCode fails unless err is an *oidc.Error with code, user texts in both
// languages, and none of the provider's tokens in any text.
func wantCode(t *testing.T, p *oidctest.Provider, err error, code string) *oidc.Error {
	t.Helper()
	e, ok := errors.AsType[*oidc.Error](err)
	if !ok {
		t.Fatalf("error %v (%T), want *oidc.Error %q", err, err, code)
	}
	if e.Code != code {
		t.Fatalf("error code %q (%v), want %q", e.Code, err, code)
	}
	if e.Message == "" || e.Swedish == "" || e.Message == e.Swedish {
		t.Errorf("user texts %q / %q: want both, and different", e.Message, e.Swedish)
	}
	for _, tok := range p.Issued() {
		for _, s := range []string{e.Error(), e.Message, e.Swedish} {
			if strings.Contains(s, tok) {
				t.Errorf("error text contains an issued token: %q", s)
			}
		}
	}
	return e
}

func TestLogin(t *testing.T) {
	tests := []struct {
		name  string
		opts  oidctest.Options
		claim string
		want  string // the returned claim, if the login succeeds
		code  string // the Error.Code, if it fails
	}{
		{name: "happy path", want: "user@example.se"},
		{name: "email from options", opts: oidctest.Options{Email: "anna@example.se"}, want: "anna@example.se"},
		{name: "email_verified absent", opts: oidctest.Options{OmitEmailVerified: true}, want: "user@example.se"},
		{name: "email_verified as string", opts: oidctest.Options{Claims: map[string]any{"email_verified": "true"}}, want: "user@example.se"},
		{name: "custom claim", claim: "preferred_username",
			opts: oidctest.Options{Claims: map[string]any{"preferred_username": "anna"}}, want: "anna"},
		{name: "custom claim ignores email_verified", claim: "preferred_username",
			opts: oidctest.Options{EmailUnverified: true, Claims: map[string]any{"preferred_username": "anna"}}, want: "anna"},
		{name: "sub as claim", claim: "sub", opts: oidctest.Options{Subject: "u-42"}, want: "u-42"},

		{name: "access denied", opts: oidctest.Options{Deny: true}, code: oidc.CodeDenied},
		{name: "wrong audience", opts: oidctest.Options{Audience: "someone-else"}, code: oidc.CodeToken},
		{name: "wrong issuer", opts: oidctest.Options{Issuer: "https://evil.test"}, code: oidc.CodeToken},
		{name: "wrong nonce", opts: oidctest.Options{Nonce: "not-the-nonce"}, code: oidc.CodeNonce},
		{name: "expired token", opts: oidctest.Options{Expired: true}, code: oidc.CodeExpired},
		{name: "bad signature", opts: oidctest.Options{WrongKey: true}, code: oidc.CodeToken},
		{name: "email not verified", opts: oidctest.Options{EmailUnverified: true}, code: oidc.CodeUnverified},
		{name: "email_verified false as string", opts: oidctest.Options{Claims: map[string]any{"email_verified": "false"}}, code: oidc.CodeUnverified},
		{name: "custom claim missing", claim: "preferred_username", code: oidc.CodeClaim},
		{name: "claim not a string", opts: oidctest.Options{Claims: map[string]any{"email": 42}}, code: oidc.CodeClaim},
		{name: "claim empty", opts: oidctest.Options{Email: "", Claims: map[string]any{"email": ""}}, code: oidc.CodeClaim},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, c := newClient(t, tt.opts, tt.claim)
			cookie, authURL := start(t, c)
			got, err, _ := finish(c, authorize(t, p, authURL), cookie)
			if tt.code != "" {
				wantCode(t, p, err, tt.code)
				if got != "" {
					t.Errorf("Finish returned %q along with an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Finish: %v", err)
			}
			if got != tt.want {
				t.Errorf("Finish = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFinishRejectsTamperedCallbacks(t *testing.T) {
	tests := []struct {
		name string
		// tamper changes the callback URL and cookie of an honest login.
		tamper func(cb *url.URL, ck *http.Cookie) (*url.URL, *http.Cookie)
		code   string
	}{
		{name: "state mismatch", code: oidc.CodeState, tamper: func(cb *url.URL, ck *http.Cookie) (*url.URL, *http.Cookie) {
			q := cb.Query()
			q.Set("state", q.Get("state")+"x")
			cb.RawQuery = q.Encode()
			return cb, ck
		}},
		{name: "state missing", code: oidc.CodeState, tamper: func(cb *url.URL, ck *http.Cookie) (*url.URL, *http.Cookie) {
			q := cb.Query()
			q.Del("state")
			cb.RawQuery = q.Encode()
			return cb, ck
		}},
		{name: "missing cookie", code: oidc.CodeNoCookie, tamper: func(cb *url.URL, _ *http.Cookie) (*url.URL, *http.Cookie) {
			return cb, nil
		}},
		{name: "malformed cookie", code: oidc.CodeNoCookie, tamper: func(cb *url.URL, ck *http.Cookie) (*url.URL, *http.Cookie) {
			return cb, &http.Cookie{Name: ck.Name, Value: "just-one-part"}
		}},
		{name: "no code", code: oidc.CodeNoCode, tamper: func(cb *url.URL, ck *http.Cookie) (*url.URL, *http.Cookie) {
			q := cb.Query()
			q.Del("code")
			cb.RawQuery = q.Encode()
			return cb, ck
		}},
		{name: "unknown code", code: oidc.CodeExchange, tamper: func(cb *url.URL, ck *http.Cookie) (*url.URL, *http.Cookie) {
			q := cb.Query()
			q.Set("code", "forged")
			cb.RawQuery = q.Encode()
			return cb, ck
		}},
		{name: "other provider error", code: oidc.CodeProvider, tamper: func(cb *url.URL, ck *http.Cookie) (*url.URL, *http.Cookie) {
			q := cb.Query()
			q.Del("code")
			q.Set("error", "server_error")
			cb.RawQuery = q.Encode()
			return cb, ck
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, c := newClient(t, oidctest.Options{}, "")
			cookie, authURL := start(t, c)
			cb, ck := tt.tamper(authorize(t, p, authURL), cookie)
			_, err, _ := finish(c, cb, ck)
			wantCode(t, p, err, tt.code)
		})
	}
}

// TestPKCEMismatch injects a code obtained in one login into another login's
// callback with that login's own state: only PKCE stops it, at the provider.
func TestPKCEMismatch(t *testing.T) {
	p, c := newClient(t, oidctest.Options{}, "")
	_, attackerURL := start(t, c)
	attackerCode := authorize(t, p, attackerURL).Query().Get("code")

	victimCookie, victimURL := start(t, c)
	cb := authorize(t, p, victimURL)
	q := cb.Query()
	q.Set("code", attackerCode)
	cb.RawQuery = q.Encode()

	_, err, _ := finish(c, cb, victimCookie)
	e := wantCode(t, p, err, oidc.CodeExchange)
	re, ok := errors.AsType[*oauth2.RetrieveError](e)
	if !ok || re.ErrorCode != "invalid_grant" || !strings.Contains(re.ErrorDescription, "PKCE") {
		t.Errorf("cause %v, want the provider's invalid_grant for PKCE", e.Err)
	}
}

func TestWrongClientSecret(t *testing.T) {
	p := oidctest.New(t, clientID, secret)
	c, err := oidc.New(t.Context(), oidc.Config{
		Issuer: p.Issuer(), ClientID: clientID, ClientSecret: "wrong",
		RedirectURL: redirectURL, HTTPClient: p.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}
	cookie, authURL := start(t, c)
	_, err, _ = finish(c, authorize(t, p, authURL), cookie)
	wantCode(t, p, err, oidc.CodeExchange)
}

func TestStartRedirect(t *testing.T) {
	_, c := newClient(t, oidctest.Options{}, "")
	cookie, authURL := start(t, c)
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for key, want := range map[string]string{
		"client_id": clientID, "redirect_uri": redirectURL, "response_type": "code",
		"scope": "openid email profile", "code_challenge_method": "S256",
	} {
		if got := q.Get(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	for _, key := range []string{"state", "nonce", "code_challenge"} {
		if q.Get(key) == "" || strings.Contains(authURL, cookie.Value) {
			t.Errorf("%s missing, or the cookie's secrets are in the URL", key)
		}
	}
	if !strings.HasPrefix(cookie.Value, q.Get("state")+".") {
		t.Errorf("cookie does not carry the state sent to the provider")
	}

	// A second login gets fresh random values.
	_, again := start(t, c)
	u2, _ := url.Parse(again)
	for _, key := range []string{"state", "nonce", "code_challenge"} {
		if u2.Query().Get(key) == q.Get(key) {
			t.Errorf("%s repeated across logins", key)
		}
	}
}

func TestCookie(t *testing.T) {
	p, c := newClient(t, oidctest.Options{}, "")
	cookie, authURL := start(t, c)
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || !cookie.Secure ||
		cookie.Path != "/login/oidc" || cookie.MaxAge != 600 || cookie.Value == "" {
		t.Errorf("Start cookie %+v: want HttpOnly, SameSite=Lax, Secure, Path=/login/oidc, MaxAge=600", cookie)
	}

	cleared := func(res *http.Response) {
		t.Helper()
		cs := res.Cookies()
		if len(cs) != 1 || cs[0].Name != oidc.CookieName || cs[0].MaxAge >= 0 || cs[0].Value != "" || cs[0].Path != "/login/oidc" {
			t.Errorf("Finish cookies %+v: want %s deleted at /login/oidc", cs, oidc.CookieName)
		}
	}
	cb := authorize(t, p, authURL)
	if _, err, res := finish(c, cb, cookie); err != nil {
		t.Fatalf("Finish: %v", err)
	} else {
		cleared(res)
	}
	// Cleared on failure too, and the used code cannot be replayed.
	if _, err, res := finish(c, cb, cookie); err == nil {
		t.Error("replaying a used code succeeded")
	} else {
		cleared(res)
	}
	_, _, res := finish(c, cb, nil)
	cleared(res)
}

func TestCookieNotSecureOnPlainHTTP(t *testing.T) {
	p := oidctest.New(t, clientID, secret)
	c, err := oidc.New(t.Context(), oidc.Config{
		Issuer: p.Issuer(), ClientID: clientID, RedirectURL: "http://localhost:8080/login/oidc/callback", HTTPClient: p.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	c.Start(rec, httptest.NewRequest(http.MethodGet, "http://localhost:8080/login/oidc", nil))
	if cs := rec.Result().Cookies(); len(cs) != 1 || cs[0].Secure {
		t.Errorf("cookies %+v: want one, not Secure, over plain HTTP to a plain-HTTP callback", cs)
	}
}

// TestConcurrentLogins runs interleaved logins on one Client, for -race.
func TestConcurrentLogins(t *testing.T) {
	p, c := newClient(t, oidctest.Options{}, "")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			rec := httptest.NewRecorder()
			c.Start(rec, httptest.NewRequest(http.MethodGet, "https://anslag.test/login/oidc", nil))
			cb, err := p.Authorize(rec.Result().Header.Get("Location"))
			if err != nil {
				errs <- err
				return
			}
			if _, err, _ := finish(c, cb, rec.Result().Cookies()[0]); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestNew(t *testing.T) {
	p := oidctest.New(t, clientID, secret)
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close()

	tests := []struct {
		name string
		cfg  oidc.Config
		want string // in the error
	}{
		{name: "no issuer", cfg: oidc.Config{ClientID: clientID, RedirectURL: redirectURL}, want: "no issuer"},
		{name: "no client id", cfg: oidc.Config{Issuer: p.Issuer(), RedirectURL: redirectURL}, want: "no client id"},
		{name: "relative redirect", cfg: oidc.Config{Issuer: p.Issuer(), ClientID: clientID, RedirectURL: "/login/oidc/callback"}, want: "absolute"},
		{name: "redirect outside cookie path", cfg: oidc.Config{Issuer: p.Issuer(), ClientID: clientID, RedirectURL: "https://anslag.test/callback"}, want: "/login/oidc"},
		{name: "discovery unreachable", cfg: oidc.Config{Issuer: downURL, ClientID: clientID, RedirectURL: redirectURL}, want: "discovery at " + downURL},
		{name: "discovery not found", cfg: oidc.Config{Issuer: p.Issuer() + "/nope", ClientID: clientID, RedirectURL: redirectURL}, want: "404"},
		{name: "untrusted certificate", cfg: oidc.Config{Issuer: p.Issuer(), ClientID: clientID, RedirectURL: redirectURL, HTTPClient: &http.Client{}}, want: "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			if cfg.HTTPClient == nil {
				cfg.HTTPClient = p.Client()
			}
			c, err := oidc.New(t.Context(), cfg)
			if err == nil || c != nil {
				t.Fatalf("New = %v, %v; want an error", c, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}

	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := oidc.New(ctx, oidc.Config{Issuer: p.Issuer(), ClientID: clientID, RedirectURL: redirectURL, HTTPClient: p.Client()})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want one wrapping context.Canceled", err)
		}
	})
}

func TestConfigEnabled(t *testing.T) {
	if (oidc.Config{}).Enabled() || !(oidc.Config{Issuer: "https://x"}).Enabled() {
		t.Error("Enabled should follow Issuer")
	}
}

func TestErrorUnwrap(t *testing.T) {
	cause := errors.New("cause")
	e := &oidc.Error{Code: oidc.CodeState, Message: "m", Swedish: "s", Err: cause}
	if !errors.Is(e, cause) || e.Error() != "m: cause" {
		t.Errorf("Error() = %q, Is(cause) = %v", e.Error(), errors.Is(e, cause))
	}
	if (&oidc.Error{Message: "m"}).Error() != "m" {
		t.Error("Error() without a cause should be the message")
	}
}
