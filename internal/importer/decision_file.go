package importer

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
)

// DecisionFile turns an uploaded or pasted decision into the text
// ReadDecision reads: UTF-8 (a byte-order mark dropped) or, when the bytes
// are not UTF-8, Windows-1252, which is what Swedish Word and older
// web pages save; HTML (by the file name, the content type or a leading
// tag) with its tags stripped and its block elements as line breaks, since
// ReadDecision reads a line break as the end of a sentence. name and
// contentType may be empty. Binary files (PDF, Word) are refused rather
// than read as noise.
func DecisionFile(data []byte, name, contentType string) (string, error) {
	if len(data) > MaxDecisionBytes {
		return "", &DecisionError{Reason: fmt.Sprintf("the file is larger than %d bytes", MaxDecisionBytes),
			Sv: fmt.Sprintf("filen är större än %d byte", MaxDecisionBytes)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return "", &DecisionError{Reason: "the file is UTF-16; save it as UTF-8 and try again",
			Sv: "filen är UTF-16; spara den som UTF-8 och försök igen"}
	}
	if binary(data) {
		return "", &DecisionError{Reason: "the file is not text (a PDF or Word file?); copy its text, or save it as .txt or .html",
			Sv: "filen är inte text (en PDF- eller Word-fil?); kopiera texten, eller spara den som .txt eller .html"}
	}
	text := string(data)
	if !utf8.Valid(data) {
		b, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", &DecisionError{Reason: "the file is neither UTF-8 nor Windows-1252", Sv: "filen är varken UTF-8 eller Windows-1252"}
		}
		text = string(b)
	}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	if isHTML(text, name, contentType) {
		text = htmlText(text)
	}
	return text, nil
}

// binary reports bytes no text file has: NUL, or many control characters.
func binary(data []byte) bool {
	if bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	controls := 0
	for _, c := range data {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			controls++
		}
	}
	return controls > 8 && controls*100 > len(data)
}

func isHTML(text, name, contentType string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	case ".txt":
		return false
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return true
	}
	head := strings.ToLower(strings.TrimLeftFunc(text[:min(len(text), 512)], unicode.IsSpace))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.HasPrefix(head, "<body") || strings.HasPrefix(head, "<p>") || strings.HasPrefix(head, "<div")
}

// blocks are the elements that start a new line of text.
var blocks = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "tr": true, "td": true, "th": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "table": true, "section": true,
	"article": true, "header": true, "footer": true, "blockquote": true, "dt": true, "dd": true, "hr": true, "time": true,
}

// skipped are elements whose text is not the document's.
var skipped = map[string]bool{"script": true, "style": true, "head": true, "noscript": true, "template": true, "svg": true}

var spaces = regexp.MustCompile(`[ \t\f\v]+`)

// htmlText is the text of an HTML document: entities decoded, runs of
// spaces made one, a line break around every block element.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	newline := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return b.String() // the tokenizer reads from memory; no other error is possible
			}
			return tidyLines(b.String())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipped[tag] && tt != html.SelfClosingTagToken {
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			}
			if blocks[tag] {
				newline()
				if tag == "li" && tt == html.StartTagToken {
					b.WriteString("• ")
				}
			}
		case html.TextToken:
			if skip == 0 {
				b.WriteString(spaces.ReplaceAllString(strings.ReplaceAll(string(z.Text()), "\n", " "), " "))
			}
		}
	}
}

// tidyLines trims every line and keeps at most one empty line in a row.
func tidyLines(s string) string {
	var out []string
	empty := true
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" && empty {
			continue
		}
		empty = line == ""
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
