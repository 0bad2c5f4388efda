// Package pdf prints anslag's own pages to PDF with headless Chromium. It is
// optional: the server runs without it, and only `serve --pdf-chromium`
// turns it on.
package pdf

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Printer starts Chromium for each document: PDFs are rare, and a browser
// per request needs no lifecycle and leaks nothing between readers.
type Printer struct {
	chromium string
	base     *url.URL      // the server's own address, which Chromium loads
	slots    chan struct{} // bounds the browsers running at once
	timeout  time.Duration
}

// New prints pages of the server at base (e.g. http://127.0.0.1:8080) with
// the Chromium binary at chromium.
func New(chromium, base string) (*Printer, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("pdf: the server's address %q is not an http URL", base)
	}
	return &Printer{chromium: chromium, base: u, slots: make(chan struct{}, 2), timeout: 60 * time.Second}, nil
}

// Print loads path (a path on the server, such as /allocations/3/decision)
// as the public and prints it as A4. Only a path is taken, never a whole
// URL, so that a request cannot point the browser elsewhere.
func (p *Printer) Print(ctx context.Context, path string) ([]byte, error) {
	ref, err := url.Parse(path)
	if err != nil || ref.Scheme != "" || ref.Host != "" || !strings.HasPrefix(ref.Path, "/") || strings.HasPrefix(path, "//") {
		return nil, fmt.Errorf("pdf: %q is not a path on the server", path)
	}
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(p.chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
	)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	resp, err := chromedp.RunResponse(browser, chromedp.Navigate(p.base.ResolveReference(ref).String()))
	if err != nil {
		return nil, fmt.Errorf("pdf: load %s: %w", path, err)
	}
	if resp.Status != 200 { // never a PDF of an error page
		return nil, fmt.Errorf("pdf: load %s: status %d", path, resp.Status)
	}
	yes := true
	a4w, a4h, margin := 8.27, 11.69, 0.6 // inches
	pdf, err := chromedp.Run(browser, func(ctx context.Context, tgt *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tgt, page.PrintToPDF, page.PrintToPDFParams{
			PaperWidth: a4w, PaperHeight: a4h, MarginTop: &margin, MarginBottom: &margin,
			MarginLeft: &margin, MarginRight: &margin, GenerateTaggedPDF: &yes})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	})
	if err != nil {
		return nil, fmt.Errorf("pdf: print %s: %w", path, err)
	}
	return pdf, nil
}
