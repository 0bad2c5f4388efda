package importer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/anslag/anslag/internal/population"
	"github.com/anslag/anslag/internal/refdata"
)

// Period is one time column of an SCB table: a year ("2016") or a month
// ("2016M10").
type Period struct {
	Label       string // as the file writes it, e.g. "2016" or "2016M10"
	Year, Month int    // Month 0 for a whole year
}

// ReferenceDate is the day the period's population counts: 31 December
// of a year, the last day of a month.
func (p Period) ReferenceDate() string {
	m := p.Month
	if m == 0 {
		m = 12
	}
	last := time.Date(p.Year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
	return last.Format(time.DateOnly)
}

// parsePeriod finds a year or year-month token in a header or category
// label: "2016", "2016M10", "Folkmängd 2016", "BE0101N1 2016M10".
func parsePeriod(s string) (Period, bool) {
	found, p := false, Period{}
	for i := 0; i+4 <= len(s); i++ {
		if (i > 0 && isASCIIDigit(s[i-1])) || !allDigits(s[i:i+4]) || (i+4 < len(s) && isASCIIDigit(s[i+4])) {
			continue
		}
		y, _ := strconv.Atoi(s[i : i+4])
		if y < 1700 || y > 2200 {
			continue
		}
		q := Period{Label: s[i : i+4], Year: y}
		if rest := s[i+4:]; len(rest) >= 3 && rest[0] == 'M' && allDigits(rest[1:3]) && (len(rest) == 3 || !isASCIIDigit(rest[3])) {
			if m, _ := strconv.Atoi(rest[1:3]); m >= 1 && m <= 12 {
				q.Month, q.Label = m, s[i:i+7]
			}
		}
		if found { // two years in one label: not a period column
			return Period{}, false
		}
		found, p = true, q
		i += 3
	}
	return p, found
}

// SCBInfo is what a file says about itself before its data.
type SCBInfo struct {
	Format  string   // "csv" or "json-stat2"
	Periods []Period // the time columns or categories, in file order
	HasAge  bool     // the file has an age dimension (it may hold only totals)
	HasSex  bool     // the file has a sex dimension (it may hold only totals)
}

// Years lists the period labels, for messages.
func (i SCBInfo) Years() string {
	s := make([]string, len(i.Periods))
	for j, p := range i.Periods {
		s[j] = p.Label
	}
	return strings.Join(s, ", ")
}

// SCBReader reads a population file as downloaded from SCB's
// Statistikdatabasen (PxWeb): CSV, or JSON-stat 2.0 from the PxWeb API.
// OpenSCB reads the head; Read streams the cells once.
type SCBReader struct {
	name string
	info SCBInfo
	reg  *refdata.Register
	csv  *csvSource
	js   *jsonSource
	sums []*population.Checker
}

// OpenSCB detects the format and encoding and reads the header (CSV) or
// the metadata (JSON-stat) of r. name labels errors. Errors are
// *population.Error with English and Swedish wording.
func OpenSCB(r io.Reader, name string, reg *refdata.Register) (*SCBReader, error) {
	br := bufio.NewReaderSize(newDecoder(r), 64<<10)
	s := &SCBReader{name: name, reg: reg}
	var e *population.Error
	if isJSON(br) {
		s.js, e = openJSONStat(br, reg)
		if s.js != nil {
			s.info = s.js.info
		}
	} else {
		s.csv, e = openCSV(br, reg)
		if s.csv != nil {
			s.info = s.csv.info
		}
	}
	if e != nil {
		e.File = name
		return nil, e
	}
	return s, nil
}

// isJSON peeks past blanks for a '{'.
func isJSON(br *bufio.Reader) bool {
	for n := 1; n <= 4096; n++ {
		p, err := br.Peek(n)
		if len(p) < n {
			return false
		}
		switch c := p[n-1]; {
		case c == '{':
			return true
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		default:
			_ = err
			return false
		}
	}
	return false
}

// Info describes the file.
func (s *SCBReader) Info() SCBInfo { return s.info }

// Read streams every cell of the chosen periods (indexes into
// Info().Periods) to fn, with the index of the period within periods as
// table. Every row is checked by the rules of population.ReadCSV before
// fn sees it; the first fault, or an error from fn, ends the read.
func (s *SCBReader) Read(ctx context.Context, periods []int, fn func(table int, r population.Row) error) error {
	if len(periods) == 0 {
		return fmt.Errorf("%s: no period chosen", s.name)
	}
	k := newSink(s.reg, periods, s.info, fn)
	s.sums = k.checkers
	var err error
	if s.js != nil {
		err = s.js.read(ctx, k)
	} else {
		err = s.csv.read(ctx, k)
	}
	if err == nil {
		err = k.finish()
	}
	if pe, ok := err.(*population.Error); ok {
		pe.File = s.name
	}
	return err
}

// Summary describes table i of the last Read: rows, age and sex split,
// and total, as population.Table would.
func (s *SCBReader) Summary(i int) (rows int, hasAge, hasSex bool, total int64) {
	return s.sums[i].Summary()
}

// ChoosePeriods turns the user's choice into indexes of info.Periods:
// "" (the only period, else an error listing them), "all", or one label.
func ChoosePeriods(info SCBInfo, choice string) ([]int, error) {
	choice = strings.TrimSpace(choice)
	switch {
	case strings.EqualFold(choice, "all") || strings.EqualFold(choice, "alla"):
		all := make([]int, len(info.Periods))
		for i := range all {
			all[i] = i
		}
		return all, nil
	case choice == "" && len(info.Periods) == 1:
		return []int{0}, nil
	case choice == "":
		return nil, &population.Error{Field: "year", Value: info.Years(),
			Reason:        "the file has several years; choose one of them or all",
			SwedishReason: "filen har flera år; välj ett av dem eller alla"}
	}
	for i, p := range info.Periods {
		if p.Label == choice {
			return []int{i}, nil
		}
	}
	return nil, &population.Error{Field: "year", Value: choice,
		Reason:        "the file has no such year; it has " + info.Years(),
		SwedishReason: "filen har inte det året; den har " + info.Years()}
}
