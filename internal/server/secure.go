package server

import (
	"net/http"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

// ContentSecurityPolicy allows the pages' own scripts, styles and images
// only: no inline script, no framing by other sites, forms posting only
// back to anslag.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secure sets the security headers of every answer and refuses
// state-changing requests a browser sends from another site (CSRF), with
// Go's CrossOriginProtection: it reads Sec-Fetch-Site or compares Origin
// with Host, so scripts with API tokens (which send neither) pass, and so
// do safe methods.
func secure(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.WriteError(w, r, grant.Errorf(grant.EFORBIDDEN, "",
			"a %s from another site was refused: anslag only accepts changes sent from its own pages or by scripts with a token",
			"en %s från en annan webbplats avvisades: anslag tar bara emot ändringar från sina egna sidor eller från skript med token", r.Method))
	}))
	guarded := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		guarded.ServeHTTP(w, r)
	})
}
