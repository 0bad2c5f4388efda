package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/anslag/anslag/internal/money"
)

// sheet is a table as it is exported: Swedish headers (the files are for
// Swedish spreadsheets) and rows of cells, each a string, an int, an int64
// or a money.Amount.
type sheet struct {
	Name   string // the file's name without extension, and the worksheet's
	Header []string
	Rows   [][]any
}

// add appends a row.
func (s *sheet) add(cells ...any) { s.Rows = append(s.Rows, cells) }

// exported writes the sheet when the request asks for ?format=csv or
// ?format=xlsx and reports whether it did; otherwise the page renders.
func (h *Handler) exported(w http.ResponseWriter, r *http.Request, s *sheet) bool {
	var (
		body []byte
		err  error
		ext  string
		ct   string
	)
	switch r.URL.Query().Get("format") {
	case "csv":
		body, err = s.csv()
		ext, ct = "csv", "text/csv; charset=utf-8"
	case "xlsx":
		body, err = s.xlsx()
		ext, ct = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	default:
		return false
	}
	if err != nil {
		h.fail(w, r, fmt.Errorf("web: export %s as %s: %w", s.Name, ext, err))
		return true
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, fileName(s.Name), ext))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
	return true
}

// csv writes the sheet as Excel in Sweden opens it without asking: UTF-8
// with a byte-order mark, semicolons between fields, amounts in kronor
// with a decimal comma and no grouping.
func (s *sheet) csv() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	if err := cw.Write(s.Header); err != nil {
		return nil, err
	}
	rec := make([]string, len(s.Header))
	for _, row := range s.Rows {
		rec = rec[:0]
		for _, c := range row {
			rec = append(rec, csvCell(c))
		}
		if err := cw.Write(rec); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}

func csvCell(c any) string {
	switch v := c.(type) {
	case money.Amount:
		return strings.ReplaceAll(v.Decimal(), ".", ",")
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// xlsx writes the sheet as a workbook: amounts as numbers in kronor shown
// as "13 410 000 kr", so that the sums in the spreadsheet are the sums here.
func (s *sheet) xlsx() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	name := s.Name
	if len(name) > 31 { // Excel's limit on a sheet's name
		name = name[:31]
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, name)
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	format := `#,##0.00 "kr"`
	kr, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	head := make([]any, len(s.Header))
	for i, h := range s.Header {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	for i, row := range s.Rows {
		cells := make([]any, len(row))
		for j, c := range row {
			if a, ok := c.(money.Amount); ok {
				// Öre to kronor exactly: the decimal string, not a float division.
				v, _ := strconv.ParseFloat(a.Decimal(), 64)
				cells[j] = excelize.Cell{StyleID: kr, Value: v}
			} else {
				cells[j] = c
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fileName keeps letters, digits and dashes, so that a name is safe in a
// header and on every file system.
func fileName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		case r == 'å', r == 'ä':
			return 'a'
		case r == 'ö':
			return 'o'
		case r == 'Å', r == 'Ä':
			return 'A'
		case r == 'Ö':
			return 'O'
		}
		return '-'
	}, s)
	if s == "" {
		return "export"
	}
	return s
}

// exportLink is the page's own address asking for format; templates call
// it as export.
func exportLink(path, rawQuery, format string) string { return tableLink(path, rawQuery, "", format) }

// tableLink asks for one of the page's tables, by name, in format;
// templates call it as exportOf (see the "exports-of" part).
func tableLink(path, rawQuery, table, format string) string {
	q, _ := url.ParseQuery(rawQuery)
	q.Set("format", format)
	q.Del("lang")
	q.Del("table")
	if table != "" {
		q.Set("table", table)
	}
	return path + "?" + q.Encode()
}

// exportedTable writes the sheet that ?table= names, on a page of several
// tables, as exported does; an unknown name is a missing page.
func (h *Handler) exportedTable(w http.ResponseWriter, r *http.Request, sheets map[string]*sheet) bool {
	if f := r.URL.Query().Get("format"); f != "csv" && f != "xlsx" {
		return false
	}
	s, ok := sheets[r.URL.Query().Get("table")]
	if !ok {
		http.NotFound(w, r)
		return true
	}
	return h.exported(w, r, s)
}

// langLink is the page's own address in the other language, keeping its
// filters; templates call it as langLink.
func langLink(path, rawQuery, lang string) string {
	q, _ := url.ParseQuery(rawQuery)
	q.Set("lang", lang)
	return path + "?" + q.Encode()
}
