package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecisionFile(t *testing.T) {
	tests := []struct {
		name, file, contentType string
		data                    string
		want                    string // the whole text, when set
		has, hasNot             []string
	}{
		{name: "plain UTF-8", file: "a.txt", data: "13 410 000 kr till nämnden.\r\nNästa rad.", want: "13 410 000 kr till nämnden.\nNästa rad."},
		{name: "byte-order mark", data: "\xef\xbb\xbfHälsa", want: "Hälsa"},
		{name: "Windows-1252", data: "H\xe4lso- och sjukv\xe5rdsn\xe4mnden \x96 3\xa0920\xa0000 kr", want: "Hälso- och sjukvårdsnämnden – 3\u00a0920\u00a0000 kr"},
		{name: "tags in a .txt stay", file: "a.txt", data: "<p>5 kr</p>", want: "<p>5 kr</p>"},
		{name: "HTML by name", file: "beslut.HTML", data: "<p>Första &amp; andra</p><p>tredje<br>fjärde</p>", want: "Första & andra\ntredje\nfjärde"},
		{name: "HTML by content type", contentType: "text/html; charset=utf-8", data: "<ul><li>1 kr till A</li><li>2 kr till B</li></ul>", want: "• 1 kr till A\n• 2 kr till B"},
		{name: "HTML by its start", data: "  <!DOCTYPE html><html><head><title>t</title></head><body><div>x  \n  y</div></body></html>", want: "x y"},
		{name: "script and style skipped", file: "a.htm", data: "<script>var a = '5 kr till x';</script><style>p{}</style><p>ok</p>", want: "ok"},
		{name: "HTML in Windows-1252", file: "a.html", data: "<p>sjukv\xe5rd</p>", want: "sjukvård"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecisionFile([]byte(tt.data), tt.file, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecisionFileRefuses(t *testing.T) {
	for name, data := range map[string]string{
		"NUL bytes":  "%PDF-1.4\n\x00\x01\x02 stream",
		"controls":   strings.Repeat("\x01\x02\x03\x04ab", 20),
		"UTF-16":     "\xff\xfeH\x00",
		"too large":  strings.Repeat("a", MaxDecisionBytes+1),
		"UTF-16 BE":  "\xfe\xff\x00H",
		"zip (docx)": "PK\x03\x04\x14\x00\x06\x00",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := DecisionFile([]byte(data), "", "")
			var de *DecisionError
			if !errors.As(err, &de) || de.Reason == "" || de.Sv == "" {
				t.Fatalf("got %v, want a *DecisionError", err)
			}
		})
	}
}

// TestDecisionFileKronoberg: seed 000 uploaded as a web page and as a
// Windows-1252 text reads as the same three lines as the UTF-8 text.
func TestDecisionFileKronoberg(t *testing.T) {
	want := []string{"13 410 000 kr/07-hsn", "3 920 000 kr/07-rs", "2 970 000 kr/07-run"}
	for _, file := range []string{"kronoberg.html", "kronoberg-1252.txt"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "decisionfiles", file))
			if err != nil {
				t.Fatal(err)
			}
			text, err := DecisionFile(data, file, "")
			if err != nil {
				t.Fatal(err)
			}
			d, err := ReadDecision(text, kronobergCommittees)
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, text, d)
			var got []string
			for _, l := range d.Lines() {
				code := ""
				if l.Match != nil {
					code = l.Match.Code
				}
				got = append(got, l.Amount.String()+"/"+code)
			}
			if strings.Join(got, ", ") != strings.Join(want, ", ") {
				t.Errorf("lines %v, want %v", got, want)
			}
			if strings.Contains(text, "skriptet") || strings.Contains(text, "stilen") {
				t.Errorf("script or style text kept: %q", text)
			}
			if d := DecisionDate(text); d != "2018-08-21" {
				t.Errorf("date %q, want 2018-08-21", d)
			}
		})
	}
}

func TestDecisionDate(t *testing.T) {
	for text, want := range map[string]string{
		"Fler nyheter\n\n21 augusti 2018\n\nRegionstyrelsen 16 november 2018": "2018-08-21",
		"[2019-11-12]\nsedan 2017":                     "2019-11-12",
		"Utbildningar startar från december 2020":      "",
		"den 3 Mars 2019 och 2019-04-01":               "2019-03-03",
		"2019-02-30 är inget datum, 2019-02-28 är det": "2019-02-28",
		"31 april 2019, 1 maj 2019":                    "2019-05-01",
		"":                                             "",
		"1\u00a0juni\u00a02020":                        "2020-06-01",
	} {
		if got := DecisionDate(text); got != want {
			t.Errorf("DecisionDate(%q) = %q, want %q", text, got, want)
		}
	}
}
