// Package scbtest writes large synthetic SCB population files, as
// Statistikdatabasen's PxWeb would, for tests and benchmarks of the import.
package scbtest

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/anslag/anslag/internal/refdata"
)

// Ages is the number of age categories: 0 år … 99 år and 100+ år.
const Ages = 101

// WriteCSV writes a comma-separated PxWeb table of every municipality in
// reg × 101 ages × 2 sexes, one column per year from first, with codes and
// texts ("0780 Växjö", "13 år", "män"): 58 580 rows, years × 58 580 cells.
// The figures are synthetic. It returns the number of cells.
func WriteCSV(w io.Writer, reg *refdata.Register, first, years int) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(`"region","ålder","kön"`)
	for y := range years {
		fmt.Fprintf(bw, `,"Folkmängd %d"`, first+y)
	}
	bw.WriteString("\r\n")
	cells := 0
	var buf []byte
	for mi, m := range reg.Municipalities() {
		for age := range Ages {
			for sex, word := range []string{"män", "kvinnor"} {
				buf = append(buf[:0], '"')
				buf = append(buf, m.Code+" "+m.ShortName...)
				buf = append(buf, `","`...)
				buf = strconv.AppendInt(buf, int64(age), 10)
				if age == Ages-1 {
					buf = append(buf, '+')
				}
				buf = append(buf, ` år","`...)
				buf = append(buf, word...)
				buf = append(buf, '"')
				for y := range years {
					buf = append(buf, ',')
					buf = strconv.AppendInt(buf, int64(Count(mi, age, sex, y)), 10)
					cells++
				}
				buf = append(buf, '\r', '\n')
				if _, err := bw.Write(buf); err != nil {
					return cells, err
				}
			}
		}
	}
	return cells, bw.Flush()
}

// Count is the synthetic figure of municipality index mi, age, sex
// (0 men, 1 women) and year index y.
func Count(mi, age, sex, y int) int {
	return 20 + (mi*7+age*3+sex+y)%500
}

// WriteLongCSV writes the same cells as WriteCSV in long format, one cell a
// line without a header: table,code,age,sex,count (table = year index + 1,
// sex 1 men and 2 women), the shape a bulk loader such as sqlite3 .import reads.
func WriteLongCSV(w io.Writer, reg *refdata.Register, years int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf []byte
	for mi, m := range reg.Municipalities() {
		for age := range Ages {
			for sex := range 2 {
				for y := range years {
					buf = strconv.AppendInt(buf[:0], int64(y+1), 10)
					buf = append(buf, ',')
					buf = append(buf, m.Code...)
					buf = append(buf, ',')
					buf = strconv.AppendInt(buf, int64(age), 10)
					buf = append(buf, ',')
					buf = strconv.AppendInt(buf, int64(sex+1), 10)
					buf = append(buf, ',')
					buf = strconv.AppendInt(buf, int64(Count(mi, age, sex, y)), 10)
					buf = append(buf, '\n')
					if _, err := bw.Write(buf); err != nil {
						return err
					}
				}
			}
		}
	}
	return bw.Flush()
}
