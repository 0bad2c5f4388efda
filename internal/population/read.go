package population

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/anslag/anslag/internal/refdata"
)

// The column names as this package spells them; they are also the Field of
// an Error.
const (
	colCode       = "code"
	colPopulation = "population"
	colAge        = "age"
	colSex        = "sex"
)

// columnName maps a header cell to its column, or "" if it is not one.
func columnName(cell string) string {
	switch strings.ToLower(strings.TrimSpace(cell)) {
	case "code", "kod":
		return colCode
	case "population", "befolkning", "folkmängd", "antal":
		return colPopulation
	case "age", "ålder":
		return colAge
	case "sex", "kön":
		return colSex
	}
	return ""
}

// ReadCSV reads a population table in the format described in the package
// documentation. name is the file name used in errors and by Source; reg,
// which must not be nil, is the register that codes are checked against.
// On any error it returns a nil table and an *Error for the first fault in
// the file.
func ReadCSV(r io.Reader, name string, reg *refdata.Register) (*Table, error) {
	t, e := read(r, name, reg)
	if e != nil {
		e.File = name
		return nil, e // not e alone: a nil *Error would make a non-nil error
	}
	return t, nil
}

func read(r io.Reader, name string, reg *refdata.Register) (*Table, *Error) {
	br := bufio.NewReader(r)
	head, headerLine, comma, e := readHead(br)
	if e != nil {
		return nil, e
	}
	cr := csv.NewReader(io.MultiReader(bytes.NewReader(head), br))
	cr.Comma = comma
	cr.Comment = '#'
	cr.FieldsPerRecord = -1 // checked in row, to report the line
	cr.ReuseRecord = true
	return newParser(reg, comma).read(cr, headerLine, name)
}

const bom = "\uFEFF"

// readHead reads up to and including the header line, because the
// delimiter must be known before encoding/csv starts. It returns the bytes
// it read, minus any byte order mark, for the csv reader to read again, so
// that the csv reader counts physical lines from 1.
func readHead(br *bufio.Reader) (head []byte, line int, comma rune, e *Error) {
	if p, _ := br.Peek(len(bom)); string(p) == bom {
		br.Discard(len(bom)) // cannot fail after a successful Peek
	}
	for line = 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, 0, 0, readError(err)
		}
		head = append(head, b...)
		// Skip what encoding/csv skips or returns as a blank record.
		if text := bytes.TrimSpace(b); len(text) > 0 && b[0] != '#' {
			comma, e = delimiter(text)
			if e != nil {
				e.Line, e.Value = line, string(text)
			}
			return head, line, comma, e
		}
		if err == io.EOF {
			return nil, 0, 0, problem("no header row", "rubrikrad saknas")
		}
	}
}

// delimiter chooses comma or semicolon from the header line.
func delimiter(header []byte) (rune, *Error) {
	comma, semicolon := bytes.IndexByte(header, ',') >= 0, bytes.IndexByte(header, ';') >= 0
	switch {
	case comma && semicolon:
		return 0, problem("the header has both comma and semicolon; use one of them as the delimiter",
			"rubrikraden har både komma och semikolon; använd ett av dem som avgränsare")
	case semicolon:
		return ';', nil
	case !comma && bytes.ContainsAny(header, " \t"):
		return 0, problem("the header has no comma or semicolon between its columns",
			"rubrikraden saknar komma eller semikolon mellan kolumnerna")
	}
	return ',', nil // also for a single column, which the header check rejects with a clearer message
}

func readError(err error) *Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		sv := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			sv = `citattecken (") i ett fält som inte står inom citattecken`
		case errors.Is(pe.Err, csv.ErrQuote):
			sv = `felaktigt eller oavslutat citattecken (")`
		}
		return &Error{Line: pe.Line, Reason: "invalid CSV: " + pe.Err.Error(), SwedishReason: "ogiltig CSV: " + sv, Err: err}
	}
	return &Error{Reason: "read failed: " + err.Error(), SwedishReason: "läsningen misslyckades: " + err.Error(), Err: err}
}

// rowKey identifies a row; a file may hold each key once. Without an age
// or sex column the age is 0 and the sex SexAll for every row.
type rowKey struct {
	code string
	age  uint8
	sex  Sex
}

type codeSex struct {
	code string
	sex  Sex
}

// ageSpan is what the parser remembers of one code and sex to catch an
// open group "N+" alongside an age above N, which would count people twice.
type ageSpan struct {
	hasOpen, hasOldest bool
	open, openLine     int // the open group's age and line
	oldest, oldestLine int // the highest age so far and its line
}

// add takes in a row of the span's code and sex, rejecting an age above
// an open group in whichever order the two rows come; on a refusal the
// span is left as it was. Line 0 is a row without a line (JSON-stat's
// cells), which the messages then do not name.
func (s *ageSpan) add(age int, open bool, line int) *Error {
	switch {
	case s.hasOpen && age > s.open:
		return agesProblem("inside the open group %d+%s", "ingår i den öppna gruppen %d+%s", s.open, s.openLine)
	case open && s.hasOldest && s.oldest > age:
		return agesProblem("the open group includes age %d, already%s",
			"den öppna gruppen omfattar ålder %d, som redan finns%s", s.oldest, s.oldestLine)
	}
	if open {
		s.hasOpen, s.open, s.openLine = true, age, line
	}
	if !s.hasOldest || age > s.oldest {
		s.hasOldest, s.oldest, s.oldestLine = true, age, line
	}
	return nil
}

// agesProblem words a refusal about an age and the line of the row it
// clashes with: " on line N" (" på rad N"), left out for a row without one.
func agesProblem(en, sv string, age, line int) *Error {
	var onEn, onSv string
	if line > 0 {
		onEn, onSv = fmt.Sprintf(" on line %d", line), fmt.Sprintf(" på rad %d", line)
	}
	return &Error{Reason: fmt.Sprintf(en, age, onEn), SwedishReason: fmt.Sprintf(sv, age, onSv)}
}

// parser turns csv records into a Table. It lives for one ReadCSV call.
type parser struct {
	reg            *refdata.Register
	comma          rune
	cols           []string // the column of each field; nil until the header is read
	hasAge, hasSex bool
	firstLine      map[rowKey]int
	spans          map[codeSex]ageSpan
	byCode         map[string]*codeRows
}

func newParser(reg *refdata.Register, comma rune) *parser {
	return &parser{reg: reg, comma: comma, firstLine: map[rowKey]int{},
		spans: map[codeSex]ageSpan{}, byCode: map[string]*codeRows{}}
}

func (p *parser) read(cr *csv.Reader, headerLine int, name string) (*Table, *Error) {
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readError(err)
		}
		line, _ := cr.FieldPos(0)
		switch {
		case line < headerLine:
			// Spaces-only lines, which encoding/csv returns as records.
		case p.cols == nil:
			if e := p.header(rec); e != nil {
				e.Line = line
				return nil, e
			}
		case len(rec) == 1 && strings.TrimSpace(rec[0]) == "":
			// A blank line; encoding/csv skips only truly empty ones.
		default:
			if e := p.row(cr, rec, line); e != nil {
				return nil, e
			}
		}
	}
	if len(p.byCode) == 0 {
		return nil, &Error{Line: headerLine, Reason: "no data rows", SwedishReason: "inga datarader"}
	}
	counties := map[string][]string{}
	for _, m := range p.reg.Municipalities() {
		counties[m.CountyCode] = append(counties[m.CountyCode], m.Code)
	}
	return newTable(name, p.hasAge, p.hasSex, p.byCode, counties), nil
}

func (p *parser) header(rec []string) *Error {
	cols := make([]string, len(rec))
	for i, cell := range rec {
		cell = strings.TrimSpace(cell)
		cols[i] = columnName(cell)
		var e *Error
		switch j := slices.Index(cols[:i], cols[i]); {
		case cell == "":
			e = problem("column %d has no name", "kolumn %d saknar namn", i+1)
		case cols[i] == "":
			e = problem("unknown column; expected code, population, age or sex",
				"okänd kolumn; förväntade kod, befolkning, ålder eller kön")
		case j >= 0:
			e = problem("the same column as %q", "samma kolumn som %q", strings.TrimSpace(rec[j]))
		}
		if e != nil {
			e.Value = cell
			return e
		}
	}
	for _, need := range []string{colCode, colPopulation} {
		if !slices.Contains(cols, need) {
			e := problem("missing column", "kolumnen saknas")
			e.Field = need
			return e
		}
	}
	p.cols = cols
	p.hasAge, p.hasSex = slices.Contains(cols, colAge), slices.Contains(cols, colSex)
	return nil
}

// row checks one data record and adds it, or returns the first fault in it.
func (p *parser) row(cr *csv.Reader, rec []string, line int) *Error {
	if len(rec) != len(p.cols) {
		e := problem("%d fields, but the header has %d", "%d fält men rubrikraden har %d", len(rec), len(p.cols))
		e.Line, e.Value = line, p.text(rec)
		return e
	}
	var (
		k       rowKey
		n       int32
		open    bool
		ageText string
	)
	for i, cell := range rec {
		v := strings.TrimSpace(cell)
		var e *Error
		switch p.cols[i] {
		case colCode:
			k.code, e = parseCode(v, p.reg)
		case colPopulation:
			n, e = parsePopulation(v)
		case colAge:
			k.age, open, e = parseAge(v)
			ageText = v
		case colSex:
			k.sex, e = parseSexField(v)
		}
		if e != nil {
			e.Line, _ = cr.FieldPos(i)
			e.Field, e.Value = p.cols[i], v
			return e
		}
	}
	if first, dup := p.firstLine[k]; dup {
		e := problem("duplicate row, first seen on line %d", "dubblettrad, finns redan på rad %d", first)
		e.Line, e.Value = line, p.text(rec)
		return e
	}
	p.firstLine[k] = line
	if p.hasAge {
		if e := p.checkAges(k, open, line); e != nil {
			e.Line, e.Field, e.Value = line, colAge, ageText
			return e
		}
	}
	c := p.byCode[k.code]
	if c == nil {
		c = &codeRows{}
		p.byCode[k.code] = c
	}
	c.rows = append(c.rows, row{n: n, age: k.age, sex: k.sex})
	c.all += int64(n)
	return nil
}

// checkAges rejects an age above an open group of the same code and sex,
// in whichever order the two rows come.
func (p *parser) checkAges(k rowKey, open bool, line int) *Error {
	cs := codeSex{k.code, k.sex}
	s := p.spans[cs]
	if e := s.add(int(k.age), open, line); e != nil {
		return e
	}
	p.spans[cs] = s
	return nil
}

// text gives a record back as one line, to quote in row-level errors.
func (p *parser) text(rec []string) string {
	fields := make([]string, len(rec))
	for i, f := range rec {
		fields[i] = strings.TrimSpace(f)
	}
	return strings.Join(fields, string(p.comma))
}
