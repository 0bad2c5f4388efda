package population

import (
	"math"
	"slices"
	"strings"
)

// maxPopulation is the most people one row may hold; more is "implausible"
// (Sweden has about 10.5 million inhabitants).
const maxPopulation = 100_000_000

// No sum can overflow: every (code, age, sex) occurs at most once, so a sum
// is at most codes × ages × sexes × maxPopulation, about 2.6·10^13 even with
// 1000 codes. The conversion fails to compile if that ever stops being true.
const _ = uint64(math.MaxInt64 - 1000*(MaxAge+1)*2*maxPopulation)

// row is one line of the file, without its code (the index holds that).
// A count fits in int32 because of maxPopulation; that halves the row size.
// An open age group "N+" is stored as age N: the reader has made sure no
// older row shares its code and sex, so N stands for the whole group.
type row struct {
	n   int32
	age uint8
	sex Sex
}

// codeRows are the rows of one code, with their unfiltered sum precomputed
// because the whole population is by far the most common filter.
type codeRows struct {
	rows []row
	all  int64
}

func (c *codeRows) sum(f Filter) int64 {
	if f.all() {
		return c.all
	}
	var s int64
	for _, r := range c.rows {
		if f.match(r) {
			s += int64(r.n)
		}
	}
	return s
}

// Table is a population table read by ReadCSV. It is immutable and safe
// for concurrent use.
type Table struct {
	source         string
	hasAge, hasSex bool
	byCode         map[string]*codeRows
	codes          []string            // sorted codes that have rows
	totalCodes     []string            // the codes Total sums: municipalities, else regions
	counties       map[string][]string // county code → all its municipalities per refdata
}

// newTable indexes the rows read from a file. counties lists every
// municipality of every county, so that a region can tell a complete county
// from a partial one.
func newTable(source string, hasAge, hasSex bool, byCode map[string]*codeRows, counties map[string][]string) *Table {
	t := &Table{source: source, hasAge: hasAge, hasSex: hasSex, byCode: byCode, counties: counties}
	for code := range byCode {
		t.codes = append(t.codes, code)
	}
	slices.Sort(t.codes)
	for _, code := range t.codes {
		if len(code) == 4 {
			t.totalCodes = append(t.totalCodes, code)
		}
	}
	if len(t.totalCodes) == 0 {
		t.totalCodes = t.codes // only regions
	}
	return t
}

// Source returns the name given to ReadCSV.
func (t *Table) Source() string { return t.source }

// HasAge reports whether the table has an age column.
func (t *Table) HasAge() bool { return t.hasAge }

// HasSex reports whether the table has a sex column.
func (t *Table) HasSex() bool { return t.hasSex }

// Codes returns the codes that have rows, sorted.
func (t *Table) Codes() []string { return slices.Clone(t.codes) }

// Check reports whether the table can apply f: its age bands must lie in
// 0..MaxAge, and it needs an age column to filter by age and a sex column
// to filter by sex. Count and Counts call it; call it before Total.
func (t *Table) Check(f Filter) error {
	for _, b := range f.Ages {
		if !b.valid() {
			return &Error{Field: colAge, Value: b.String(),
				Reason:        "invalid age band: expected ages from 0 to 130, the lower first",
				SwedishReason: "ogiltigt åldersintervall: förväntade åldrar från 0 till 130, den lägre först"}
		}
	}
	if f.Sex > Female {
		return &Error{Field: colSex, Value: f.Sex.String(), Reason: "unknown sex", SwedishReason: "okänt kön"}
	}
	if len(f.Ages) > 0 && !t.hasAge {
		return &Error{File: t.source, Field: colAge, Value: bandList(f.Ages),
			Reason:        "cannot filter by age: the table has no age column",
			SwedishReason: "kan inte välja ålder: tabellen saknar kolumn för ålder"}
	}
	if f.Sex != SexAll && !t.hasSex {
		return &Error{File: t.source, Field: colSex, Value: f.Sex.String(),
			Reason:        "cannot filter by sex: the table has no sex column",
			SwedishReason: "kan inte välja kön: tabellen saknar kolumn för kön"}
	}
	return nil
}

func bandList(bands []AgeBand) string {
	s := make([]string, len(bands))
	for i, b := range bands {
		s[i] = b.String()
	}
	return strings.Join(s, ", ")
}

// Count returns the number of people in code that match f.
//
// A municipality (4 digits) sums its own rows. A region (2 digits) sums its
// own rows if the table has any; otherwise it sums the municipalities of its
// county, which must then all have rows: Kronoberg 07 is the sum of 07xx,
// Gotland 09 is 0980. A code without rows is a *MissingError naming it; for
// a region whose county is only partly present, the error names the first
// missing municipality, because a partial sum would silently shrink the
// region's share. A filter the table cannot apply is an *Error (see Check).
func (t *Table) Count(code string, f Filter) (int64, error) {
	if err := t.Check(f); err != nil {
		return 0, err
	}
	return t.count(code, f)
}

// Counts returns Count for each code, in the same order, or the first error.
func (t *Table) Counts(codes []string, f Filter) ([]int64, error) {
	if err := t.Check(f); err != nil {
		return nil, err
	}
	out := make([]int64, len(codes))
	for i, code := range codes {
		n, err := t.count(code, f)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func (t *Table) count(code string, f Filter) (int64, error) {
	if c, ok := t.byCode[code]; ok {
		return c.sum(f), nil
	}
	munis := t.counties[code] // nil unless code is a region
	var sum int64
	missing, present := "", 0
	for _, m := range munis {
		c, ok := t.byCode[m]
		if !ok {
			if missing == "" {
				missing = m
			}
			continue
		}
		present++
		sum += c.sum(f)
	}
	switch {
	case present == 0:
		return 0, &MissingError{Code: code}
	case missing != "":
		return 0, &MissingError{Code: missing}
	}
	return sum, nil
}

// Total returns the number of people matching f in the whole table: the sum
// over municipality rows, or over region rows if the table has only
// regions. It returns 0 if the table cannot apply f; see Check.
func (t *Table) Total(f Filter) int64 {
	if t.Check(f) != nil {
		return 0
	}
	var sum int64
	for _, code := range t.totalCodes {
		sum += t.byCode[code].sum(f)
	}
	return sum
}
