package population

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/refdata"
)

// NoAge marks a Row of a table without an age column.
const NoAge = -1

// Row is one cell of a table, as a database stores it: Age is NoAge and
// Sex is SexAll when the table has no such column.
type Row struct {
	Code  string
	Age   int
	Sex   Sex
	Count int64
}

// Rows lists the table's cells ordered by code, age and sex.
func (t *Table) Rows() []Row {
	var out []Row
	for _, code := range t.codes {
		for _, r := range t.byCode[code].rows {
			row := Row{Code: code, Age: NoAge, Sex: r.sex, Count: int64(r.n)}
			if t.hasAge {
				row.Age = int(r.age)
			}
			out = append(out, row)
		}
	}
	slices.SortFunc(out, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Age, b.Age), cmp.Compare(a.Sex, b.Sex))
	})
	return out
}

// FromRows rebuilds a table from stored rows, checking them exactly as
// ReadCSV checks a file: they are written out in the documented format and
// read back, so a stored table can never hold what a file could not.
func FromRows(source string, rows []Row, reg *refdata.Register) (*Table, error) {
	hasAge := len(rows) > 0 && rows[0].Age != NoAge
	hasSex := len(rows) > 0 && rows[0].Sex != SexAll
	var b strings.Builder
	b.WriteString("code,population")
	if hasAge {
		b.WriteString(",age")
	}
	if hasSex {
		b.WriteString(",sex")
	}
	b.WriteByte('\n')
	for i, r := range rows {
		if (r.Age != NoAge) != hasAge || (r.Sex != SexAll) != hasSex {
			return nil, fmt.Errorf("%s: row %d (%s): every row must have the same columns", source, i+1, r.Code)
		}
		b.WriteString(r.Code)
		b.WriteByte(',')
		b.WriteString(strconv.FormatInt(r.Count, 10))
		if hasAge {
			b.WriteByte(',')
			b.WriteString(strconv.Itoa(r.Age))
		}
		if hasSex {
			b.WriteString(",")
			b.WriteString(strconv.Itoa(int(r.Sex))) // 1 and 2, SCB's codes
		}
		b.WriteByte('\n')
	}
	return ReadCSV(strings.NewReader(b.String()), source, reg)
}
