package importer

import (
	"github.com/anslag/anslag/internal/population"
	"github.com/anslag/anslag/internal/refdata"
)

// Modes of a dimension (age or sex) while a file streams: a total
// ("totalt ålder") is skipped once the dimension has shown real values,
// and becomes "not split" if it never does.
const (
	modeUnknown  = iota // only totals so far
	modeSplit           // real values seen: skip totals
	modeNotSplit        // no such dimension, or only totals: every row is a total
)

// holdLimit bounds the rows kept while a dimension's mode is unknown; when
// it is reached, a dimension still unknown is taken as not split.
const holdLimit = 1 << 16

type held struct {
	table          int
	row            population.Row
	ageTot, sexTot bool
	open           bool
	line           int
	field, value   string
}

// sink checks rows and passes them on: one checker per chosen period.
type sink struct {
	tables   []int // period index → table index, -1 if not chosen
	checkers []*population.Checker
	fn       func(int, population.Row) error
	age, sex int
	held     []held
}

func newSink(reg *refdata.Register, periods []int, info SCBInfo, fn func(int, population.Row) error) *sink {
	k := &sink{tables: make([]int, len(info.Periods)), fn: fn}
	if !info.HasAge {
		k.age = modeNotSplit
	}
	if !info.HasSex {
		k.sex = modeNotSplit
	}
	for i := range k.tables {
		k.tables[i] = -1
	}
	for t, p := range periods {
		k.tables[p] = t
		k.checkers = append(k.checkers, population.NewChecker(reg))
	}
	return k
}

// add takes one cell of period p; field and value name it in errors.
func (k *sink) add(p int, code string, age, sex dim, count int64, line int, field, value string) error {
	t := k.tables[p]
	if t < 0 {
		return nil
	}
	h := held{table: t, row: population.Row{Code: code, Age: age.age, Sex: sex.sex, Count: count},
		ageTot: age.total, sexTot: sex.total, open: age.open, line: line, field: field, value: value}
	if (!age.total && k.age == modeNotSplit) || (!sex.total && k.sex == modeNotSplit) {
		e := problem("a split by age or sex after many rows of totals only; put the totals last or leave them out",
			"uppdelning på ålder eller kön efter många rader med bara totaler; lägg totalerna sist eller ta bort dem")
		e.Line, e.Field, e.Value = line, field, value
		return e
	}
	if !age.total && k.age == modeUnknown {
		k.age = modeSplit
	}
	if !sex.total && k.sex == modeUnknown {
		k.sex = modeSplit
	}
	if (age.total && k.age == modeUnknown) || (sex.total && k.sex == modeUnknown) {
		k.held = append(k.held, h)
		if len(k.held) < holdLimit {
			return nil
		}
		return k.settle()
	}
	if len(k.held) > 0 { // a mode just changed
		if err := k.settle(); err != nil {
			return err
		}
	}
	return k.emit(h)
}

// settle decides the unknown modes if asked to by the hold limit, and
// passes on or drops the held rows that no longer wait.
func (k *sink) settle() error {
	if len(k.held) >= holdLimit {
		if k.age == modeUnknown {
			k.age = modeNotSplit
		}
		if k.sex == modeUnknown {
			k.sex = modeNotSplit
		}
	}
	keep := k.held[:0]
	for _, h := range k.held {
		if (h.ageTot && k.age == modeUnknown) || (h.sexTot && k.sex == modeUnknown) {
			keep = append(keep, h)
			continue
		}
		if err := k.emit(h); err != nil {
			return err
		}
	}
	clear(k.held[len(keep):])
	k.held = keep
	return nil
}

// emit drops a total of a split dimension and passes on the rest.
func (k *sink) emit(h held) error {
	if (h.ageTot && k.age == modeSplit) || (h.sexTot && k.sex == modeSplit) {
		return nil
	}
	if h.ageTot {
		h.row.Age = population.NoAge
	}
	if h.sexTot {
		h.row.Sex = population.SexAll
	}
	if e := k.checkers[h.table].Add(h.row, h.open, h.line); e != nil {
		e.Field, e.Value = h.field, h.value
		return e
	}
	return k.fn(h.table, h.row)
}

// finish takes dimensions that showed only totals as not split.
func (k *sink) finish() error {
	if k.age == modeUnknown {
		k.age = modeNotSplit
	}
	if k.sex == modeUnknown {
		k.sex = modeNotSplit
	}
	if err := k.settle(); err != nil {
		return err
	}
	for _, c := range k.checkers {
		if rows, _, _, _ := c.Summary(); rows == 0 {
			return &population.Error{Reason: "no data rows for a chosen year", SwedishReason: "inga datarader för ett valt år"}
		}
	}
	return nil
}
