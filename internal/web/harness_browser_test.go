package web_test

// The browser harness: the whole application over a real SQLite database
// with the demo loaded, served on a local port, and driven by headless
// Chromium through chromedp, with an axe-core accessibility check and the
// console watched for errors (CSP violations among them).

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/server"
)

// The administrator every browser test can log in as.
const (
	adminEmail    = "anna.berg@example.se"
	adminName     = "Anna Berg"
	adminPassword = "ett långt lösenord för webbläsartesterna"
)

// stepTimeout bounds one browser step; generous for a loaded 2-core CI.
const stepTimeout = 60 * time.Second

// browserApp is a running anslag and a browser to look at it with.
type browserApp struct {
	URL     string
	svc     *app.Service
	browser context.Context // a chromedp context whose browser has started
	axe     string          // axe-core's source
}

// startBrowserApp starts the application and Chromium, both stopped when t
// ends. Without Chromium the test skips loudly, or fails under CI.
func startBrowserApp(t *testing.T) *browserApp {
	t.Helper()
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed, and CI must run the browser tests: .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("!!! SKIPPING THE BROWSER TESTS: chromium is not installed (apt-get install -y chromium) !!!")
	}
	axe, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	a := &browserApp{axe: string(axe)}
	a.URL, a.svc = startApp(t)

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true), // containers have a small /dev/shm
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	browser, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(browser); err != nil { // start it now, without a timeout (that would bound its whole life)
		t.Fatalf("start chromium %s: %v", chromium, err)
	}
	a.browser = browser
	return a
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// startApp serves the whole application (server.New with
// server.NewApplication) over a fresh SQLite database holding the demo and an
// administrator, on a local port.
func startApp(t *testing.T) (string, *app.Service) {
	t.Helper()
	h, svc := newApp(t)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL, svc
}

// newApp is the whole application as an http.Handler, over a fresh SQLite
// database holding the demo and an administrator.
func newApp(t testing.TB) (http.Handler, *app.Service) {
	t.Helper()
	return newAppAt(t, nil)
}

// newAppAt is newApp with the service's clock fixed at now (nil: the real
// clock); the demo was loaded by the real clock, as `anslag serve --demo`
// does, once for the test binary (demo_file_test.go).
func newAppAt(t testing.TB, now func() time.Time) (http.Handler, *app.Service) {
	t.Helper()
	db := openDemoCopy(t)
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := app.Config{Store: db, Register: reg, Passwords: auth.TestParams, Now: now}
	svc := app.New(cfg)
	log := slog.New(slog.DiscardHandler)
	application, err := server.NewApplication(svc, db, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{}, server.Deps{Log: log, DB: db, Auth: svc, Mount: application.Mount})
	return srv.Handler(), svc
}

// browserPage is one tab in a browser context of its own (own cookies), for
// one test. On failure it saves a screenshot; at the end it fails the test
// on any error the page wrote to the console.
type browserPage struct {
	t   *testing.T
	app *browserApp
	ctx context.Context

	mu      sync.Mutex
	console []string // errors the page logged
}

func (a *browserApp) newPage(t *testing.T) *browserPage {
	t.Helper()
	ctx, cancel := chromedp.NewContext(a.browser, chromedp.WithNewBrowserContext())
	p := &browserPage{t: t, app: a, ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open a tab: %v", err)
	}
	watching := make(chan struct{})
	messages := chromedp.Console(ctx)
	go func() {
		defer close(watching)
		for m, err := range messages {
			if err != nil {
				return
			}
			// Network errors are the answers' status codes (a 401 for a wrong
			// password, a missing favicon); tests check those themselves.
			if (m.Type == chromedp.ConsoleError || m.IsException()) && m.Source != "network" {
				p.mu.Lock()
				p.console = append(p.console, m.String())
				p.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-watching }) // runs last: after the checks below
	t.Cleanup(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, m := range p.console {
			t.Errorf("the page logged: %s", m)
		}
		if t.Failed() {
			p.screenshot()
		}
	})
	return p
}

// screenshot saves the page as it looks under testdata/screenshots-failed
// (ignored by git), for a test that failed.
func (p *browserPage) screenshot() {
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		p.t.Logf("no screenshot: %v", err)
		return
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "screenshots-failed"))
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	name := filepath.Join(dir, regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(p.t.Name(), "_")+".png")
	if err == nil {
		err = os.WriteFile(name, png, 0o644)
	}
	if err != nil {
		p.t.Logf("no screenshot: %v", err)
		return
	}
	p.t.Logf("screenshot of the failed page: %s", name)
}

// do runs the steps, failing the test at the first error.
func (p *browserPage) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// get runs an action that reads a value, failing the test on an error.
func get[T any](p *browserPage, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("browser: %v", err)
	}
	return v
}

// open navigates to path and returns the HTTP status of the page.
func (p *browserPage) open(path string) int64 {
	p.t.Helper()
	return p.load(chromedp.Navigate(p.app.URL + path))
}

// load runs steps that lead to a new page (a click on a link or a submit)
// and returns the page's HTTP status once it has loaded.
func (p *browserPage) load(steps ...chromedp.Action[chromedp.Void]) int64 {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		p.t.Fatalf("browser: %v", err)
	}
	return resp.Status
}

// text is the visible text of the first element sel matches.
func (p *browserPage) text(sel string) string {
	p.t.Helper()
	return strings.TrimSpace(get(p, chromedp.Text(chromedp.CSS(sel))))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *browserPage, expr string) T {
	p.t.Helper()
	return get(p, chromedp.Evaluate[T](expr))
}

// path is the page's location without the server's address.
func (p *browserPage) path() string {
	p.t.Helper()
	return strings.TrimPrefix(get(p, chromedp.Location()), p.app.URL)
}

// axeViolation is what the test reports of one axe-core finding.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// checkAccessible runs axe-core on the page against WCAG 2.1 A and AA and
// fails the test with every violation.
func (p *browserPage) checkAccessible() {
	p.t.Helper()
	if !eval[bool](p, `typeof axe !== "undefined"`) {
		p.do(chromedp.Evaluate[chromedp.Void](p.app.axe))
	}
	const run = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			targets: v.nodes.map(n => n.target.flat().join(" "))})))`
	violations := get(p, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	for _, v := range violations {
		b, _ := json.Marshal(v.Targets)
		p.t.Errorf("axe on %s: %s (%s): %s; at %s", p.path(), v.ID, v.Impact, v.Help, b)
	}
}

// login logs in through the form as the administrator.
func (p *browserPage) login(email, password string) int64 {
	p.t.Helper()
	if status := p.open("/login"); status != 200 {
		p.t.Fatalf("GET /login: %d", status)
	}
	return p.load(
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
}
