// Package importer reads what users bring to anslag — tables of codes and
// weights, and later SCB, Kolada and decision texts — and turns every
// malformed row into an error naming the file, line and field.
package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// CodeRow is one data row of a code table.
type CodeRow struct {
	Line  int    // physical line in the file, 1-based
	Code  string // organisation code as written (trimmed)
	Name  string // optional name column
	Value string // the value column, trimmed; "" when the table has none
}

// CodeTable is a small CSV keyed by organisation code: a recipient list
// (code only), explicit weights (code,weight) or fixed amounts (code,amount).
type CodeTable struct {
	ValueColumn string // the header of the value column, lower-cased; "" if none
	Rows        []CodeRow
}

// RowError names the place in a file where a row was wrong.
type RowError struct {
	File   string
	Line   int
	Field  string
	Value  string
	Reason string // English
	Sv     string // Swedish
}

func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: line %d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: line %d: %s %q: %s", e.File, e.Line, e.Field, e.Value, e.Reason)
}

// Swedish returns the message in Swedish.
func (e *RowError) Swedish() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: rad %d: %s", e.File, e.Line, e.Sv)
	}
	return fmt.Sprintf("%s: rad %d: %s %q: %s", e.File, e.Line, e.Field, e.Value, e.Sv)
}

// ReadCodeTable reads a CSV with a header row: a "code" (or "kod") column,
// optionally "name" (or "namn"), and at most one more column, the value.
// Comma or semicolon, UTF-8 with or without BOM; lines starting with # are
// comments. A repeated code is an error. Nothing is returned on error.
func ReadCodeTable(r io.Reader, name string) (*CodeTable, error) {
	lines, err := dataLines(r, name)
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, &RowError{File: name, Line: 1, Reason: "the file has no header row (expected code and at most one value column)",
			Sv: "filen saknar rubrikrad (förväntade code och högst en värdekolumn)"}
	}
	sep := ','
	if strings.Count(lines[0].text, ";") > strings.Count(lines[0].text, ",") {
		sep = ';'
	}
	codeCol, nameCol, valueCol := -1, -1, -1
	t := &CodeTable{}
	header, err := splitCSV(lines[0].text, sep)
	if err != nil {
		return nil, &RowError{File: name, Line: lines[0].n, Reason: "the header is not valid CSV: " + err.Error(), Sv: "rubrikraden är inte giltig CSV"}
	}
	for c, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case (h == "code" || h == "kod") && codeCol < 0:
			codeCol = c
		case (h == "name" || h == "namn") && nameCol < 0:
			nameCol = c
		case valueCol < 0 && h != "":
			valueCol, t.ValueColumn = c, h
		default:
			return nil, &RowError{File: name, Line: lines[0].n, Field: "header", Value: h,
				Reason: "unexpected column (expected code, optionally name, and one value column)",
				Sv:     "oväntad kolumn (förväntade code, eventuellt name, och en värdekolumn)"}
		}
	}
	if codeCol < 0 {
		return nil, &RowError{File: name, Line: lines[0].n, Reason: `no "code" column in the header`, Sv: `rubrikraden saknar kolumnen "code"`}
	}
	seen := make(map[string]int)
	for _, l := range lines[1:] {
		rec, err := splitCSV(l.text, sep)
		if err != nil {
			return nil, &RowError{File: name, Line: l.n, Reason: "not valid CSV: " + err.Error(), Sv: "inte giltig CSV"}
		}
		if len(rec) != len(header) {
			return nil, &RowError{File: name, Line: l.n, Reason: fmt.Sprintf("%d fields, expected %d as in the header", len(rec), len(header)),
				Sv: fmt.Sprintf("%d fält, förväntade %d som i rubrikraden", len(rec), len(header))}
		}
		row := CodeRow{Line: l.n, Code: strings.TrimSpace(rec[codeCol])}
		if nameCol >= 0 {
			row.Name = strings.TrimSpace(rec[nameCol])
		}
		if valueCol >= 0 {
			row.Value = strings.TrimSpace(rec[valueCol])
		}
		if row.Code == "" {
			return nil, &RowError{File: name, Line: l.n, Field: "code", Reason: "empty code", Sv: "tom kod"}
		}
		if first, dup := seen[row.Code]; dup {
			return nil, &RowError{File: name, Line: l.n, Field: "code", Value: row.Code,
				Reason: fmt.Sprintf("duplicate code, first seen on line %d", first), Sv: fmt.Sprintf("koden förekommer redan på rad %d", first)}
		}
		seen[row.Code] = l.n
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

type line struct {
	n    int
	text string
}

// dataLines returns the non-blank, non-comment lines with their numbers,
// the BOM removed. It refuses text that is not UTF-8.
func dataLines(r io.Reader, name string) ([]line, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	var out []line
	for n := 1; sc.Scan(); n++ {
		b := sc.Bytes()
		if n == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		text := strings.TrimRight(string(b), "\r")
		if !utf8.ValidString(text) {
			return nil, &RowError{File: name, Line: n, Reason: "not UTF-8 text", Sv: "inte UTF-8-text"}
		}
		if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out = append(out, line{n, text})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &RowError{File: name, Line: len(out) + 1, Reason: "a line is longer than 1 MiB", Sv: "en rad är längre än 1 MiB"}
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// splitCSV splits one line by CSV rules (quotes allowed, no embedded newlines).
func splitCSV(text string, sep rune) ([]string, error) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err == io.EOF {
		return []string{""}, nil
	}
	return rec, err
}
