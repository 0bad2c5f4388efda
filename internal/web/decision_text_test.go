package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/demo"
)

// TestDecisionTextPages posts decision texts as the demo's Kronoberg
// coordinator: an uploaded Windows-1252 file fills the editor with the
// three committees; files and texts anslag cannot read are refused on their
// field; a recipient without a match is flagged; initiatives link to a
// filled-in form. Reading saves nothing.
func TestDecisionTextPages(t *testing.T) {
	h, svc := newApp(t)
	ctx := app.WithActor(t.Context(), app.Operator("dectexttest"))
	token, _, err := svc.Login(t.Context(), "kronoberg@demo.anslag.se", demo.Password, "192.0.2.10")
	if err != nil {
		t.Fatal(err)
	}
	cookie := &http.Cookie{Name: auth.SessionCookie, Value: token}
	serve := func(t *testing.T, req *http.Request) (int, string) {
		t.Helper()
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		b, _ := io.ReadAll(rec.Result().Body)
		return rec.Code, html.UnescapeString(string(b))
	}
	upload := func(t *testing.T, text, name string, file []byte) (int, string) {
		t.Helper()
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("text", text)
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/organisations/07/decision-text", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return serve(t, req)
	}
	lines := func() int {
		list, _, err := svc.SubAllocations(ctx, app.ListFilter{OrgCode: "07"})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	before := lines()
	agreements, _, err := svc.Agreements(ctx, app.ListFilter{Year: 2018})
	if err != nil || len(agreements) != 1 {
		t.Fatalf("the demo's 2018 agreement: %v %v", agreements, err)
	}

	t.Run("the form", func(t *testing.T) {
		code, body := serve(t, httptest.NewRequest(http.MethodGet, "/organisations/07/decision-text", nil))
		if code != 200 || !strings.Contains(body, `enctype="multipart/form-data"`) || strings.Count(body, "<h1") != 1 {
			t.Fatalf("%d %.500s", code, body)
		}
		if _, body := serve(t, httptest.NewRequest(http.MethodGet, "/organisations/07/sub-allocations", nil)); !strings.Contains(body, `href="/organisations/07/decision-text"`) {
			t.Error("the sub-allocation page has no link to the decision-text page")
		}
		if _, body := serve(t, httptest.NewRequest(http.MethodGet, "/organisations/07/decision-text?lang=en", nil)); !strings.Contains(body, "<h1>Read a decision text: Region Kronoberg</h1>") {
			t.Errorf("the English form: %.2000s", body)
		}
		req := formPost("/organisations/07/decision-text?lang=en", url.Values{"text": {"Nämnden beslutar 5 000 kr till regionstyrelsen."}})
		if _, body := serve(t, req); !strings.Contains(body, "<h1>Proposal from a decision text: Region Kronoberg</h1>") || !strings.Contains(body, "The lines add up to") {
			t.Errorf("the English proposal: %.2000s", body)
		}
	})

	t.Run("Windows-1252 file", func(t *testing.T) {
		file, err := os.ReadFile(filepath.Join("..", "importer", "testdata", "decisionfiles", "kronoberg-1252.txt"))
		if err != nil {
			t.Fatal(err)
		}
		code, body := upload(t, "", "beslut.txt", file)
		if code != 200 {
			t.Fatalf("%d %.1000s", code, body)
		}
		for _, want := range []string{
			`<option value="org:07-hsn" selected>`, `<option value="org:07-rs" selected>`, `<option value="org:07-run" selected>`,
			`name="amount-0" type="text" value="13 410 000 kr"`, `name="amount-1" type="text" value="3 920 000 kr"`,
			`name="amount-2" type="text" value="2 970 000 kr"`, `name="date-2" type="text" value="2018-08-21"`,
			`<option value="` + strconv.FormatInt(agreements[0].ID, 10) + `" selected>`,
			`action="/organisations/07/sub-allocations" id="suballoc-form"`,
			"Raderna summerar till <strong>20\u202f300\u202f000\u00a0kr</strong>; texten anger summan <strong>20\u202f300\u202f000\u00a0kr</strong>",
			"de stämmer överens", "<q>13 410 000 kr till hälso- och sjukvårdsnämnden ur statsbidrag avseende psykisk hälsa</q>",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the proposal has no %q", want)
			}
		}
		if n := strings.Count(body, "<h1"); n != 1 {
			t.Errorf("%d h1", n)
		}
		if strings.Contains(body, `aria-invalid="true"`) {
			t.Error("a line is flagged though every recipient matched")
		}
	})

	t.Run("refused", func(t *testing.T) {
		for _, c := range []struct {
			name, text, file string
			data             []byte
			field, msg       string
		}{
			{"empty", "  \r\n ", "", nil, "text", "texten är tom"},
			{"PDF", "", "beslut.pdf", []byte("%PDF-1.4\n\x00\x01\x02 binary"), "file", "filen är inte text"},
			{"UTF-16", "", "beslut.txt", []byte("\xff\xfeH\x00"), "file", "UTF-16"},
			{"too large", "", "beslut.txt", bytes.Repeat([]byte("a"), 1<<20+1), "file", "större än"},
		} {
			t.Run(c.name, func(t *testing.T) {
				code, body := upload(t, c.text, c.file, c.data)
				if code != http.StatusUnprocessableEntity {
					t.Fatalf("%d, want 422", code)
				}
				m := regexp.MustCompile(`<small id="f-` + c.field + `-msg" class="field-error">([^<]*)</small>`).FindStringSubmatch(body)
				if m == nil || !strings.Contains(m[1], c.msg) {
					t.Errorf("the message on %s: %v, want %q", c.field, m, c.msg)
				}
			})
		}
	})

	t.Run("unmatched recipient flagged", func(t *testing.T) {
		text := "Regionstyrelsen beslutade 2018-09-04 att anslå:\n• 500 000 kr till kulturnämnden\n• 200 000 kr till hälso- och sjukvårdsnämnden."
		code, body := serve(t, formPost("/organisations/07/decision-text", url.Values{"text": {text}}))
		if code != 200 {
			t.Fatalf("%d %.500s", code, body)
		}
		if !regexp.MustCompile(`<select id="f-to-0" name="to-0" aria-invalid="true" aria-describedby="f-to-0-msg">\s*<option value="">[^<]*</option>\s*(<option value="[^"]*">[^<]*</option>\s*)*</select>`).MatchString(body) {
			t.Error("the unmatched line's receiver is not flagged and left to choose")
		}
		if !strings.Contains(body, "Ingen nämnd eller enhet inom Region Kronoberg heter ”kulturnämnden”: välj mottagare.") ||
			!strings.Contains(body, `<option value="org:07-hsn" selected>`) || !strings.Contains(body, `value="2018-09-04"`) {
			t.Errorf("the proposal: %.3000s", body)
		}
	})

	t.Run("initiatives link to a filled-in form", func(t *testing.T) {
		text := "Region Kronoberg avsätter 700 000 kronor årligen till samarbetet med föreningen."
		_, body := serve(t, formPost("/organisations/07/decision-text", url.Values{"text": {text}}))
		m := regexp.MustCompile(`<a href="(/organisations/07/initiatives/new\?[^"]*)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link to a new initiative: %.3000s", body)
		}
		code, form := serve(t, httptest.NewRequest(http.MethodGet, m[1], nil))
		if code != 200 || !strings.Contains(form, `value="Samarbetet"`) || !strings.Contains(form, `value="700 000 kr"`) ||
			!strings.Contains(form, `<option value="recurring" selected>`) {
			t.Errorf("the initiative form: %d %.3000s", code, form)
		}
	})

	t.Run("nothing received", func(t *testing.T) {
		req := formPost("/organisations/0760/decision-text", url.Values{"text": {"Kommunstyrelsen beslutar 5 000 kr till socialnämnden."}})
		req.AddCookie(adminCookie(t, svc))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := html.UnescapeString(rec.Body.String())
		if rec.Code != 200 || !strings.Contains(body, "har inte fått några pengar att fördela vidare, så inga rader kan sparas ännu") || strings.Contains(body, `id="suballoc-form"`) {
			t.Errorf("an organisation that received nothing: %d %.3000s", rec.Code, body)
		}
	})

	t.Run("others may not", func(t *testing.T) {
		other, _, err := svc.Login(t.Context(), "vaxjo@demo.anslag.se", demo.Password, "192.0.2.11")
		if err != nil {
			t.Fatal(err)
		}
		req := formPost("/organisations/07/decision-text", url.Values{"text": {"5 kr till hälso- och sjukvårdsnämnden"}})
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: other})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("Växjö's coordinator: %d, want 403", rec.Code)
		}
	})

	if after := lines(); after != before {
		t.Errorf("reading decision texts saved %d sub-allocations", after-before)
	}
}

func formPost(path string, v url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}
