package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestOpenDataPage: the public open-data page, in Swedish and English,
// lists every year with both downloads, passes axe, and its JSON link
// leads to the package.
func TestOpenDataPage(t *testing.T) {
	a := startBrowserApp(t)
	p := a.newPage(t)
	if status := p.open("/open-data"); status != 200 {
		t.Fatalf("GET /open-data as the public: %d", status)
	}
	if h := p.text("h1"); h != "Öppna data" {
		t.Errorf("heading %q", h)
	}
	years := p.text("#open-data-years")
	for _, want := range []string{"2017 – JSON (360Giving)", "2017 – CSV", "2018 – JSON (360Giving)"} {
		if !strings.Contains(years, want) {
			t.Errorf("the list of years lacks %q: %s", want, years)
		}
	}
	p.checkAccessible()
	if status := p.open("/open-data?lang=en"); status != 200 || p.text("h1") != "Open data" {
		t.Fatalf("English page: %d %q", status, p.text("h1"))
	}
	p.checkAccessible()
	if status := p.load(chromedp.Click(chromedp.CSS(`a[href="/open-data/2017.json"]`))); status != 200 {
		t.Errorf("the 2017 JSON link: %d", status)
	}
	if !strings.HasSuffix(p.path(), "/open-data/2017.json") {
		t.Errorf("the JSON link led to %s", p.path())
	}
}
