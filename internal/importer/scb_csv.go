package importer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/anslag/anslag/internal/population"
	"github.com/anslag/anslag/internal/refdata"
)

// PxWeb's CSV: one header row of quoted names, e.g.
//
//	"region","ålder","kön","2016","2017"
//	"0780 Växjö","13 år","män",512,530
//
// separated by comma, semicolon or tab; the stub (region, age, sex) first,
// then one column per period, whose name may carry the content:
// "Folkmängd 2016". A title line and blank lines may come before the header.

const (
	colRegion = iota
	colAge
	colSex
	colPeriod
)

type csvSource struct {
	info       SCBInfo
	reg        *refdata.Register
	names      names
	cr         *csv.Reader
	headerLine int
	kind       []int    // per column: colRegion, colAge, colSex or colPeriod
	period     []int    // per column: index in info.Periods, for colPeriod
	header     []string // the names, for errors
}

func openCSV(br *bufio.Reader, reg *refdata.Register) (*csvSource, *population.Error) {
	if p, _ := br.Peek(3); string(p) == "\uFEFF" {
		br.Discard(3)
	}
	var head []byte
	var comma rune
	line := 0
	for {
		b, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, csvError(err)
		}
		line++
		head = append(head, b...)
		if c, ok := sniffDelimiter(b); ok {
			comma = c
			break
		}
		if err == io.EOF {
			return nil, problem("no header row with columns separated by comma, semicolon or tab",
				"ingen rubrikrad med kolumner åtskilda av komma, semikolon eller tabb")
		}
	}
	s := &csvSource{reg: reg, names: newNames(reg), headerLine: line, info: SCBInfo{Format: "csv"}}
	s.cr = csv.NewReader(io.MultiReader(bytes.NewReader(head), br))
	s.cr.Comma = comma
	s.cr.FieldsPerRecord = -1 // checked per row, to name the line
	s.cr.ReuseRecord = true
	for {
		rec, err := s.cr.Read()
		if err != nil {
			return nil, csvError(err)
		}
		if l, _ := s.cr.FieldPos(0); l >= s.headerLine {
			if e := s.readHeader(rec); e != nil {
				e.Line = l
				return nil, e
			}
			return s, nil
		}
	}
}

// sniffDelimiter picks the separator that occurs most often outside quotes;
// a line with none (a title, a blank line) is not the header.
func sniffDelimiter(line []byte) (rune, bool) {
	var n [3]int
	quoted := false
	for _, c := range line {
		switch c {
		case '"':
			quoted = !quoted
		case ',', ';', '\t':
			if !quoted {
				n[bytes.IndexByte([]byte(",;\t"), c)]++
			}
		}
	}
	best := 0
	for i := range n {
		if n[i] > n[best] {
			best = i
		}
	}
	return []rune{',', ';', '\t'}[best], n[best] > 0
}

func (s *csvSource) readHeader(rec []string) *population.Error {
	s.header = make([]string, len(rec))
	s.kind = make([]int, len(rec))
	s.period = make([]int, len(rec))
	seen := map[string]int{}
	regions := 0
	for i, cell := range rec {
		name := strings.TrimSpace(cell)
		s.header[i] = name
		k := strings.ToLower(name)
		var e *population.Error
		switch {
		case k == "region" || k == "regioner" || k == "kommun" || k == "kommuner" || k == "län" || k == "kod" || k == "code":
			s.kind[i] = colRegion
			regions++
		case k == "ålder" || k == "alder" || k == "age":
			s.kind[i], s.info.HasAge = colAge, true
			if seen[k]++; seen[k] > 1 {
				e = problem("the age column twice", "kolumnen för ålder två gånger")
			}
		case k == "kön" || k == "kon" || k == "sex":
			s.kind[i], s.info.HasSex = colSex, true
			if seen[k]++; seen[k] > 1 {
				e = problem("the sex column twice", "kolumnen för kön två gånger")
			}
		default:
			p, ok := parsePeriod(name)
			if !ok {
				e = problem("unknown column; expected region, ålder (age), kön (sex) or a year such as 2016 or \"Folkmängd 2016\"",
					"okänd kolumn; förväntade region, ålder, kön eller ett år som 2016 eller \"Folkmängd 2016\"")
				break
			}
			for _, q := range s.info.Periods {
				if q.Label == p.Label {
					e = problem("a second column for year "+p.Label+"; download one content (folkmängd) only",
						"en andra kolumn för år "+p.Label+"; hämta bara ett innehåll (folkmängd)")
				}
			}
			s.kind[i], s.period[i] = colPeriod, len(s.info.Periods)
			s.info.Periods = append(s.info.Periods, p)
		}
		if e != nil {
			e.Value = name
			return e
		}
	}
	switch {
	case regions != 1:
		return problem("expected exactly one region column", "förväntade exakt en kolumn för region")
	case len(s.info.Periods) == 0:
		return problem("no year column, such as 2016 or \"Folkmängd 2016\"", "ingen kolumn för år, som 2016 eller \"Folkmängd 2016\"")
	}
	return nil
}

func (s *csvSource) read(ctx context.Context, k *sink) error {
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := s.cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		line, _ := s.cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line of spaces
		}
		if len(rec) != len(s.kind) {
			e := problem(fmt.Sprintf("%d fields, but the header has %d", len(rec), len(s.kind)),
				fmt.Sprintf("%d fält men rubrikraden har %d", len(rec), len(s.kind)))
			e.Line = line
			return e
		}
		if err := s.row(k, rec); err != nil {
			return err
		}
	}
}

func (s *csvSource) row(k *sink, rec []string) error {
	var (
		code     string
		age, sex = dim{total: true}, dim{total: true}
	)
	for i, cell := range rec {
		var e *population.Error
		skip := false
		switch s.kind[i] {
		case colRegion:
			code, skip, e = s.names.region(cell, s.reg)
		case colAge:
			age, e = parseAgeCell(cell)
		case colSex:
			sex, e = parseSexCell(cell)
		}
		if e != nil {
			e.Line, _ = s.cr.FieldPos(i)
			e.Field, e.Value = s.header[i], strings.TrimSpace(cell)
			return e
		}
		if skip {
			return nil // the whole country, which the register has no code for
		}
	}
	for i, cell := range rec {
		if s.kind[i] != colPeriod || k.tables[s.period[i]] < 0 {
			continue
		}
		line, _ := s.cr.FieldPos(i)
		n, e := parseCount(cell)
		if e != nil {
			e.Line, e.Field, e.Value = line, s.header[i], strings.TrimSpace(cell)
			return e
		}
		if err := k.add(s.period[i], code, age, sex, n, line, "", ""); err != nil {
			if pe, ok := err.(*population.Error); ok && pe.Value == "" && pe.Line == line {
				pe.Value = s.stub(rec) // the row at fault: its region, age and sex
			}
			return err
		}
	}
	return nil
}

func csvError(err error) *population.Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &population.Error{Line: pe.Line, Reason: "invalid CSV: " + pe.Err.Error(),
			SwedishReason: "ogiltig CSV: " + pe.Err.Error(), Err: err}
	}
	if err == io.EOF {
		return problem("no header row", "rubrikrad saknas")
	}
	return &population.Error{Reason: "read failed: " + err.Error(), SwedishReason: "läsningen misslyckades: " + err.Error(), Err: err}
}

// stub rejoins a record's region, age and sex cells, to quote in errors.
func (s *csvSource) stub(rec []string) string {
	var parts []string
	for i, cell := range rec {
		if s.kind[i] != colPeriod {
			parts = append(parts, strings.TrimSpace(cell))
		}
	}
	return strings.Join(parts, string(s.cr.Comma))
}
