package web_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPopulationImportBrowser uploads a PxWeb file as the administrator,
// chooses a year, follows the import's progress and finds the table listed.
func TestPopulationImportBrowser(t *testing.T) {
	a := startBrowserApp(t)
	p := a.newPage(t)
	if status := p.login(adminEmail, adminPassword); status != 200 {
		t.Fatalf("login: %d", status)
	}
	if status := p.open("/population-tables"); status != 200 {
		t.Fatalf("GET /population-tables: %d", status)
	}
	p.checkAccessible()
	file, err := filepath.Abs("../importer/testdata/scb/kronoberg_comma_utf8.csv")
	if err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`main input[name="file"]`), []string{file}))
	if status := p.load(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 200 {
		t.Fatalf("upload: %d", status)
	}
	if got := p.text("main"); !strings.Contains(got, "2017, 2019") {
		t.Fatalf("the choice of year does not list the file's years: %.300q", got)
	}
	p.checkAccessible()
	p.do(chromedp.SetValue(chromedp.CSS(`main select[name="year"]`), "2019"),
		chromedp.SetValue(chromedp.CSS(`main input[name="name"]`), "Kronoberg från SCB"))
	if status := p.load(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); status != 200 {
		t.Fatalf("import: %d", status)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(p.text("main"), "Kronoberg från SCB") {
		if time.Now().After(deadline) {
			t.Fatalf("the import did not finish: %.300q", p.text("main"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	p.checkAccessible()
	if status := p.open("/population-tables"); status != 200 {
		t.Fatalf("GET /population-tables: %d", status)
	}
	if got := p.text("main table"); !strings.Contains(got, "Kronoberg från SCB") || !strings.Contains(got, "2019-12-31") || !strings.Contains(got, "201469") {
		t.Errorf("the list does not show the imported table: %.500q", got)
	}
}
