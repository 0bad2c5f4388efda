package population

import "github.com/anslag/anslag/internal/refdata"

// Checker applies ReadCSV's rules to rows that arrive one at a time, for
// importers that stream a large file into a database without building a
// Table: known codes, counts in range, no (code, age, sex) twice, no age
// above an open group, and every row with the same columns. It keeps a
// fixed-size index per table (about half a megabyte), never the rows.
type Checker struct {
	codes     map[string]int // refdata code → dense index
	firstLine []int32        // (code, age, sex) → 1 + the line that had it; 0 for none
	spans     []ageSpan      // (code, sex) → open group and oldest age seen
	started   bool
	hasAge    bool
	hasSex    bool
	rows      int
	munis     int // rows of municipalities
	muniSum   int64
	regionSum int64
}

// ageSlots: NoAge and the ages 0..MaxAge; sexSlots: SexAll, Male, Female.
const (
	ageSlots = MaxAge + 2
	sexSlots = 3
)

// NewChecker starts checking one table against reg.
func NewChecker(reg *refdata.Register) *Checker {
	c := &Checker{codes: map[string]int{}}
	for _, o := range reg.Regions() {
		c.codes[o.Code] = len(c.codes)
	}
	for _, o := range reg.Municipalities() {
		c.codes[o.Code] = len(c.codes)
	}
	c.firstLine = make([]int32, len(c.codes)*ageSlots*sexSlots)
	c.spans = make([]ageSpan, len(c.codes)*sexSlots)
	return c
}

// Add checks one row read from line. open says the age was written as an
// open group "N+" (stored as Age N). The *Error it returns has Line and
// Reason set; the caller adds file, field and value, which it knows.
func (c *Checker) Add(r Row, open bool, line int) *Error {
	ci, ok := c.codes[r.Code]
	e := func(en, sv string, args ...any) *Error {
		p := problem(en, sv, args...)
		p.Line = line
		return p
	}
	switch {
	case !ok:
		return e("unknown region or municipality code", "okänd region- eller kommunkod")
	case r.Count < 0 || r.Count > maxPopulation:
		return e("expected a whole number from 0 to 100 000 000", "förväntade ett heltal från 0 till 100 000 000")
	case r.Age < NoAge || r.Age > MaxAge:
		return e("expected an age from 0 to 130", "förväntade en ålder från 0 till 130")
	case r.Sex > Female:
		return e("unknown sex", "okänt kön")
	}
	hasAge, hasSex := r.Age != NoAge, r.Sex != SexAll
	if !c.started {
		c.started, c.hasAge, c.hasSex = true, hasAge, hasSex
	} else if hasAge != c.hasAge || hasSex != c.hasSex {
		return e("every row must have the same columns: this one differs in age or sex from the first",
			"alla rader måste ha samma kolumner: den här skiljer sig i ålder eller kön från den första")
	}
	// The index holds line+1, so that a row without a line (JSON-stat's
	// cells come as line 0) is remembered too.
	k := (ci*ageSlots+r.Age+1)*sexSlots + int(r.Sex)
	if seen := c.firstLine[k]; seen > 1 {
		return e("duplicate row, first seen on line %d", "dubblettrad, finns redan på rad %d", seen-1)
	} else if seen == 1 {
		return e("duplicate row: this code, age and sex came before", "dubblettrad: samma kod, ålder och kön finns redan")
	}
	c.firstLine[k] = int32(min(max(line, 0), 1<<31-2)) + 1
	if hasAge {
		if p := c.spans[ci*sexSlots+int(r.Sex)].add(r.Age, open, line); p != nil {
			p.Line = line
			return p
		}
	}
	c.rows++
	if len(r.Code) == 4 {
		c.munis++
		c.muniSum += r.Count
	} else {
		c.regionSum += r.Count
	}
	return nil
}

// Summary describes the rows added so far as Table would: the number of
// rows, whether they are split by age and sex, and the total, which sums
// the municipalities, or the regions if there are none.
func (c *Checker) Summary() (rows int, hasAge, hasSex bool, total int64) {
	total = c.muniSum
	if c.munis == 0 {
		total = c.regionSum
	}
	return c.rows, c.hasAge, c.hasSex, total
}
