package web_test

import (
	"context"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/anslag/anslag/internal/demo"
)

// TestCrawl follows every link a user can reach from the first page, as
// each kind of user, and checks that every page opens and passes axe-core.
// A page added later is checked without a test of its own, and a link to a
// page its reader may not see fails here. Pages of the same shape
// (/allocations/1 and /allocations/2) are checked once.
func TestCrawl(t *testing.T) {
	a := startBrowserApp(t)
	users := map[string]string{"public": ""}
	for _, u := range demo.Users() {
		users[u.Email] = demo.Password
	}
	for _, email := range slices.Sorted(maps.Keys(users)) {
		t.Run(email, func(t *testing.T) {
			p := a.newPage(t)
			if email != "public" {
				if status := p.login(email, users[email]); status != 200 {
					t.Fatalf("login: %d", status)
				}
			}
			seen := p.crawl(true)
			t.Logf("%d shapes of page: %v", len(seen), slices.Sorted(maps.Keys(seen)))
		})
	}
	t.Run("without JavaScript", func(t *testing.T) {
		p := a.newPage(t)
		p.do(func(ctx context.Context, tgt *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tgt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return chromedp.Void{}, err
		})
		if status := p.login("admin@demo.anslag.se", demo.Password); status != 200 {
			t.Fatalf("login without JavaScript: %d", status)
		}
		p.crawl(false)
	})
}

// crawl visits every page reachable from / and returns their shapes. Every
// page must answer 200 and have one h1; axe runs on each when asked.
func (p *browserPage) crawl(axe bool) map[string]bool {
	p.t.Helper()
	// A loop of ever new shapes is a bug too; the bound is well above the
	// pages there are (the administrator reaches some 60 shapes).
	const most = 100
	seen := map[string]bool{}
	queue := []string{"/"}
	for len(queue) > 0 && len(seen) < most {
		path := queue[0]
		queue = queue[1:]
		if seen[shape(path)] {
			continue
		}
		seen[shape(path)] = true
		if status := p.open(path); status != 200 {
			p.t.Errorf("GET %s: %d", path, status)
			continue
		}
		if n := len(get(p, chromedp.Nodes(chromedp.CSS("h1")))); n != 1 {
			p.t.Errorf("%s has %d h1", path, n)
		}
		if axe {
			p.checkAccessible()
			p.checkDownloads()
		}
		for _, href := range eval[[]string](p, `[...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href"))`) {
			if next, ok := followable(href); ok && !seen[shape(next)] {
				queue = append(queue, next)
			}
		}
	}
	if len(seen) >= most {
		p.t.Errorf("more than %d shapes of page: %v", most, seen)
	}
	return seen
}

// followable is a link to one of anslag's pages that only reads: not a
// download (an export or an open-data file), a static file, the skip link
// or a login at a provider.
func followable(href string) (string, bool) {
	u, err := url.Parse(href)
	if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || u.Fragment != "" && u.Path == "" {
		return "", false
	}
	q := u.Query()
	if q.Has("format") || q.Has("lang") || strings.HasPrefix(u.Path, "/static/") || strings.HasPrefix(u.Path, "/login/oidc") || strings.HasPrefix(u.Path, "/api/") || strings.HasPrefix(u.Path, "/open-data/") {
		return "", false
	}
	u.Fragment = ""
	return u.String(), true
}

// shape is a path with its numbers and query values blanked, so that
// pages built by one template are visited once.
func shape(path string) string {
	u, _ := url.Parse(path)
	keys := slices.Sorted(maps.Keys(u.Query()))
	return regexp.MustCompile(`[0-9]+(-[a-z]+)?`).ReplaceAllString(u.Path, "N") + "?" + strings.Join(keys, "&")
}

// download is what the page's fetch of one export link got.
type download struct {
	Href   string `json:"href"`
	Status int    `json:"status"`
	Type   string `json:"type"`
	Start  string `json:"start"` // the first bytes, to tell CSV from a page
}

// checkDownloads fetches every CSV and XLSX link of the page, as the user
// who sees it, and checks that each is a file of its kind with a header.
func (p *browserPage) checkDownloads() {
	p.t.Helper()
	const fetchAll = `Promise.all([...document.querySelectorAll('a[href*="format="]')].map(a =>
		fetch(a.href).then(r => r.text().then(b => ({href: a.getAttribute("href"), status: r.status,
			type: r.headers.get("content-type") || "", start: b.slice(0, 40)})))))`
	for _, d := range get(p, chromedp.Evaluate[[]download](fetchAll, chromedp.EvalAwaitPromise)) {
		csv := strings.Contains(d.Href, "format=csv")
		switch {
		case d.Status != 200:
			p.t.Errorf("%s: download %s: status %d", p.path(), d.Href, d.Status)
		case csv && (d.Type != "text/csv; charset=utf-8" || !strings.Contains(d.Start, ";")): // text() drops the BOM; TestExportCSV checks it
			p.t.Errorf("%s: download %s: %q starting %q; want CSV with semicolons", p.path(), d.Href, d.Type, d.Start)
		case !csv && (!strings.Contains(d.Type, "spreadsheetml") || !strings.HasPrefix(d.Start, "PK")):
			p.t.Errorf("%s: download %s: %q starting %q; want an XLSX workbook", p.path(), d.Href, d.Type, d.Start)
		}
	}
}
