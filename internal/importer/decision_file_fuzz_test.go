package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecisionFile checks that any upload either is refused with a
// *DecisionError or gives UTF-8 text without NUL that ReadDecision can
// take, and that DecisionDate on it is empty or a date. The seeds are the
// files in testdata/decisionfiles and testdata/fuzz/FuzzDecisionFile.
func FuzzDecisionFile(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "decisionfiles", "*"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data, filepath.Base(name), "")
		}
	}
	f.Add([]byte("<ul><li>1 kr till A</li></ul>"), "", "text/html")
	f.Add([]byte("<p>sjukv\xe5rd &amp; <script>x</script>"), "a.html", "")
	f.Fuzz(func(t *testing.T, data []byte, name, contentType string) {
		text, err := DecisionFile(data, name, contentType)
		if err != nil {
			if _, ok := errors.AsType[*DecisionError](err); !ok {
				t.Fatalf("error %T %v", err, err)
			}
			return
		}
		if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			t.Fatalf("not UTF-8 text without NUL: %q", text)
		}
		if _, err := ReadDecision(text, kronobergCommittees); err != nil {
			if _, ok := errors.AsType[*DecisionError](err); !ok {
				t.Fatalf("ReadDecision: %T %v", err, err)
			}
		}
		if d := DecisionDate(text); d != "" && len(d) != len("2006-01-02") {
			t.Fatalf("date %q", d)
		}
	})
}
