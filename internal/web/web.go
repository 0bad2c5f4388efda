// Package web serves anslag's pages: server-rendered HTML from embedded
// templates, parsed and checked when the server starts, with no inline
// script so that the Content-Security-Policy holds.
package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Accounts is what the pages need of the use cases to log users in and out.
type Accounts interface {
	Login(ctx context.Context, email, password, ip string) (string, grant.User, error)
	LoginVerified(ctx context.Context, email, provider string) (string, grant.User, error)
	Logout(ctx context.Context, sessionToken string) error
}

// OIDC runs a login at an OpenID Connect provider (package oidc).
type OIDC interface {
	Start(w http.ResponseWriter, r *http.Request)
	Finish(w http.ResponseWriter, r *http.Request) (string, error)
}

// Config holds what the pages depend on.
type Config struct {
	Accounts    Accounts
	Allocations Allocations // nil: no allocation pages
	Setup       Setup       // with Allocations, the agreement, pot, preview and run pages; nil: none
	// Organisations, with Allocations, serves the organisation pages; nil: none.
	Organisations Organisations
	Requisitions  Requisitions // with Allocations: the requisition pages; nil: none
	FollowUp      FollowUp     // with Allocations: conditions and reports of use, also on the organisation page; nil: none
	Local         Local        // sub-allocations, initiatives, action plans; nil: none
	Collab        Collab       // collaboration agreements and leadership groups, also on the organisation page; nil: none
	Networks      Networks     // coordinator networks and county requirements boards; nil: none
	OpenData      OpenData     // the 360Giving open-data downloads; nil: none
	Kolada        Kolada       // Kolada key figures: the upload page and the trends on plans; nil: none
	Contacts      Contacts     // contact persons and the reminders page; nil: none
	Populations   Populations  // the population tables page and SCB import; nil: none
	Clock         Clock        // the service's clock, for the dates and years forms and pages default to; nil: time.Now
	OIDC          OIDC         // nil: no single sign-on
	Log           *slog.Logger

	// Statistics serves the overview, money flow, per capita and audit pages; nil: none.
	Statistics Statistics

	// PDF prints a page of this server (a path) to PDF; nil: no PDF decisions.
	PDF func(ctx context.Context, path string) ([]byte, error)
}

// Clock is the service's idea of now, so that a test with a fixed clock
// (or a demo set in another year) sees the pages default to that day.
type Clock interface {
	Today() time.Time
}

// now is the time by the configured clock.
func (h *Handler) now() time.Time {
	if h.cfg.Clock != nil {
		return h.cfg.Clock.Today()
	}
	return time.Now()
}

// Handler serves the pages.
type Handler struct {
	cfg      Config
	pages    map[string]*template.Template // by page name, each with the layout
	counties map[string]string             // county code → "Kronobergs län"
	static   staticFiles
	imports  importJobs // uploads waiting for their year, and running imports
}

// New parses every page with the layout, so that a broken template stops
// the server at start-up rather than failing a user later.
func New(cfg Config) (*Handler, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	reg, err := refdata.Load()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	h := &Handler{cfg: cfg, pages: map[string]*template.Template{}, counties: map[string]string{}}
	static, _ := fs.Sub(staticFS, "static")
	if h.static, err = loadStatic(static); err != nil {
		return nil, err
	}
	for _, o := range reg.Regions() {
		h.counties[o.CountyCode] = o.CountyName
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		page := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if page == "layout" || page == "parts" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs()).ParseFS(templateFS, "templates/layout.html", "templates/parts.html", name)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", page, err)
		}
		h.pages[page] = t
	}
	return h, nil
}

// Register adds the pages to mux.
func (h *Handler) Register(mux Mux) {
	mux.Handle("GET /{$}", http.HandlerFunc(h.home))
	mux.Handle("GET /login", http.HandlerFunc(h.loginForm))
	mux.Handle("POST /login", http.HandlerFunc(h.login))
	mux.Handle("POST /logout", http.HandlerFunc(h.logout))
	if h.cfg.Allocations != nil {
		mux.Handle("GET /allocations", http.HandlerFunc(h.allocations))
		mux.Handle("GET /allocations/{run}", http.HandlerFunc(h.allocationRun))
		if h.cfg.Organisations != nil {
			mux.Handle("GET /organisations/{code}", http.HandlerFunc(h.organisation))
		}
	}
	h.registerStatistics(mux)
	h.registerRequisitions(mux)
	h.registerFollowUp(mux)
	h.registerSetup(mux)
	h.registerLocal(mux)
	h.registerCollab(mux)
	h.registerOpenData(mux)
	h.registerContacts(mux)
	h.registerDecision(mux)
	h.registerKolada(mux)
	h.registerNetworks(mux)
	h.registerPopulation(mux)
	if h.cfg.OIDC != nil {
		mux.Handle("GET /login/oidc", http.HandlerFunc(h.cfg.OIDC.Start))
		mux.Handle("GET /login/oidc/callback", http.HandlerFunc(h.oidcCallback))
	}
	mux.Handle("GET /static/", h.static)
}

// Mux is where the pages are registered.
type Mux interface {
	Handle(pattern string, handler http.Handler)
}

// view is what every page template gets: the language, the user (nil for
// the public) and the page's own data.
type view struct {
	Lang  string // "sv" or "en"
	Title string
	User  *grant.User
	Path  string
	Query string // the page's raw query, for its export links
	Data  any
}

// Admin reports whether the user administers the programme; pages show
// their editing actions only then (the service checks again).
func (v view) Admin() bool { return v.has(grant.RoleAdmin) }

// Oversees reports whether the user reads everything: an administrator or
// an auditor.
func (v view) Oversees() bool { return v.has(grant.RoleAdmin) || v.has(grant.RoleAuditor) }

// Coordinates is the first organisation the user coordinates, "" if none.
func (v view) Coordinates() string {
	if v.User != nil {
		for _, r := range v.User.Roles {
			if r.Kind == grant.RoleCoordinator {
				return r.OrgCode
			}
		}
	}
	return ""
}

func (v view) has(k grant.RoleKind) bool {
	if v.User == nil {
		return false
	}
	for _, r := range v.User.Roles {
		if r.Kind == k {
			return true
		}
	}
	return false
}

// render writes page with status, in the request's language.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page, title string, data any) {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "sv" { // the language switch: remembered
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	v := view{Lang: language(r), Title: title, Path: r.URL.Path, Query: r.URL.RawQuery, Data: data}
	// Who is logged in was read when the request was authenticated.
	if a := app.ActorFrom(r.Context()); a.LoggedIn() {
		v.User = &grant.User{Email: a.User, Name: a.Name, Roles: a.Roles}
	}
	var buf bytes.Buffer
	if err := h.pages[page].Execute(&buf, v); err != nil {
		h.cfg.Log.ErrorContext(r.Context(), "web: render", "page", page, "err", err)
		http.Error(w, "anslag kunde inte visa sidan / anslag could not show the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	writeBody(w, r, status, buf.Bytes())
}

// writeBody writes a page, gzip-compressed when the browser accepts it and
// the page is long enough to gain: a national table is 100 KB as HTML and
// a tenth of that compressed.
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Add("Vary", "Accept-Encoding")
	if len(body) < 1024 || !acceptsGzip(r) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(body) // writes to memory cannot fail
	zw.Close()
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Content-Length", strconv.Itoa(gz.Len()))
	w.WriteHeader(status)
	w.Write(gz.Bytes())
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "home", "anslag", nil)
}

// fail shows why a page cannot be shown. Someone not logged in gets the
// login form (status 401) that leads back here; a logged-in user who may
// not see the page gets 403; a missing record 404.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	lang := language(r)
	switch grant.ErrorCode(err) {
	case grant.EUNAUTHORIZED:
		h.loginPage(w, r, http.StatusUnauthorized, loginData{Next: localPath(r.URL.RequestURI()),
			Notice: pick(lang, "Log in to see this page.", "Logga in för att se sidan.")})
	case grant.EFORBIDDEN:
		h.render(w, r, http.StatusForbidden, "error", pick(lang, "Not allowed", "Inte tillåtet"), h.message(r, err))
	case grant.ENOTFOUND:
		h.render(w, r, http.StatusNotFound, "error", pick(lang, "Not found", "Hittades inte"), h.message(r, err))
	default:
		h.render(w, r, http.StatusInternalServerError, "error", pick(lang, "Something went wrong", "Något gick fel"), h.message(r, err))
	}
}

// language is "en" when the user chose English (?lang=en, remembered in a
// cookie), else Swedish.
func language(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "sv" {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "sv"
}

// message is an error in the user's language; an unexpected one is not
// shown, only logged.
func (h *Handler) message(r *http.Request, err error) string {
	if e, ok := errors.AsType[*grant.Error](err); ok && e.Code != grant.EINTERNAL {
		return pick(language(r), e.Message, e.Swedish)
	}
	h.cfg.Log.ErrorContext(r.Context(), "web: internal error", "path", r.URL.Path, "err", err)
	return pick(language(r), "anslag failed to handle the request; try again", "anslag kunde inte hantera begäran; försök igen")
}

// funcs are the templates' helpers: t picks the text in the page's
// language; kr, date and org write amounts, dates and organisations as
// anslag shows them everywhere.
func funcs() template.FuncMap {
	return template.FuncMap{
		"t":         pick,
		"kr":        func(a money.Amount) string { return a.HTML() },
		"date":      func(s string) string { return s[:min(len(s), len("2006-01-02"))] },
		"org":       org,
		"hasPrefix": strings.HasPrefix,
		"export":    exportLink,
		"exportOf":  tableLink,
		"langLink":  langLink,
		"num":       groupedInt,
		"short":     shorten,
		"dict":      dict,
		"px":        px,
		"addf":      addf,
		"add1":      func(i int) int { return i + 1 },
	}
}

// shorten cuts a label to n characters with an ellipsis, for a diagram
// whose columns leave no more room; the full text stays in its title and
// table. Templates call it as short.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}

// groupedInt writes a count of people as amounts are written, in groups of
// three ("2 308 143"); templates call it as num.
func groupedInt(n int64) string {
	s := strings.ReplaceAll(money.Group(uint64(max(n, -n))), " ", "\u202f")
	if n < 0 {
		return "\u2212" + s
	}
	return s
}

// dict makes a map of its key, value pairs, for calling a partial
// template with several values.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: an odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// pick is the text in the language; templates call it as t.
func pick(lang, en, sv string) string {
	if lang == "en" {
		return en
	}
	return sv
}
