package auth

import (
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	for remote, want := range map[string]string{
		"192.0.2.7:53211":   "192.0.2.7",
		"[2001:db8::1]:443": "2001:db8::1",
		"pipe":              "pipe", // no port: as given
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		if got := ClientIP(r); got != want {
			t.Errorf("%s: %q, want %q", remote, got, want)
		}
	}
}

func TestBearerToken(t *testing.T) {
	for _, tt := range []struct {
		header, token string
		ok, bad       bool
	}{
		{"", "", false, false},
		{"Bearer anslag_t_x", "anslag_t_x", true, false},
		{"bearer  anslag_t_x ", "anslag_t_x", true, false},
		{"Basic dXNlcjpwdw==", "", false, true},
		{"Bearer", "", false, true},
		{"Bearer ", "", false, true},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if tt.header != "" {
			r.Header.Set("Authorization", tt.header)
		}
		token, ok, err := BearerToken(r)
		if token != tt.token || ok != tt.ok || (err != nil) != tt.bad {
			t.Errorf("%q: %q %v %v", tt.header, token, ok, err)
		}
	}
}
