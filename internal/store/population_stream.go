package store

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/population"
)

// populationBatch is the number of rows per INSERT: 1 000 parameters, far
// below both engines' limits (SQLite 32 766, PostgreSQL 65 535). In noisy
// measurements 250, 1 000 and 4 000 rows a statement were within the noise
// of each other on SQLite; the smallest keeps the statement text short.
const populationBatch = 250

// populationHold is how many rows are gathered before they are written
// table by table (about 3 MB).
const populationHold = 64 * 1024

// InsertPopulationTables implements app.PopulationRepo: it inserts the
// tables, then their rows as they stream from rows (the int is the index of
// the row's table in tables), in multi-row INSERTs, one prepared
// statement per table. progress, if not nil, hears the rows written after each batch.
// It sets each table's ID, HasAge, HasSex and Rows from what it wrote.
// Everything happens in the caller's transaction: an error or a cancelled
// ctx leaves nothing once that rolls back.
func (t *Tx) InsertPopulationTables(ctx context.Context, tables []*grant.PopulationTable, rows iter.Seq2[int, population.Row], progress func(rows int)) error {
	for _, p := range tables {
		if err := t.tx.QueryRowContext(ctx, `INSERT INTO population_tables (name, source, reference_date, is_example, has_age, has_sex, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.Name, p.Source, p.ReferenceDate, p.IsExample, false, false, p.CreatedAt).Scan(&p.ID); err != nil {
			return fmt.Errorf("insert population table: %w", mapError(err))
		}
		p.Rows, p.HasAge, p.HasSex = 0, false, false
	}
	w := populationWriter{t: t, progress: progress}
	defer w.close()
	// A wide file gives each row's cells to every table in turn, so inserted
	// in file order they land at as many places in the B-tree as there are
	// tables. Gathered per table for a while and written table by table,
	// they append to each table's range instead: far fewer pages split and
	// journalled per statement. The order within a table is the file's.
	buckets := make([][]population.Row, len(tables))
	held := 0
	drain := func() error {
		for i, bucket := range buckets {
			if err := w.write(ctx, tables[i].ID, bucket); err != nil {
				return err
			}
			buckets[i] = bucket[:0]
		}
		held = 0
		return nil
	}
	for i, r := range rows {
		p := tables[i]
		p.Rows++
		p.HasAge = p.HasAge || r.Age != population.NoAge
		p.HasSex = p.HasSex || r.Sex != population.SexAll
		buckets[i] = append(buckets[i], r)
		if held++; held == populationHold {
			if err := drain(); err != nil {
				return err
			}
		}
	}
	if err := drain(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, p := range tables {
		if _, err := t.tx.ExecContext(ctx, `UPDATE population_tables SET has_age = $1, has_sex = $2 WHERE id = $3`, p.HasAge, p.HasSex, p.ID); err != nil {
			return fmt.Errorf("population table %d: %w", p.ID, err)
		}
	}
	return nil
}

// populationWriter writes rows of one table at a time in multi-row
// INSERTs, keeping the prepared statement of a full batch for each table.
type populationWriter struct {
	t        *Tx
	progress func(rows int)
	full     map[int64]*sql.Stmt // by table id, prepared on first use
	args     []any
	written  int
}

// write inserts rows into table id.
func (w *populationWriter) write(ctx context.Context, id int64, rows []population.Row) error {
	for len(rows) > 0 {
		n := min(len(rows), populationBatch)
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("insert population rows: %w", err)
		}
		w.args = w.args[:0]
		for _, r := range rows[:n] {
			w.args = append(w.args, r.Code, r.Age, int(r.Sex), r.Count)
		}
		var err error
		if n < populationBatch {
			_, err = w.t.tx.ExecContext(ctx, populationInsert(n, id, w.t.d.name), w.args...)
		} else {
			stmt := w.full[id]
			if stmt == nil {
				if stmt, err = w.t.tx.PrepareContext(ctx, populationInsert(n, id, w.t.d.name)); err != nil {
					return fmt.Errorf("insert population rows: %w", err)
				}
				if w.full == nil {
					w.full = map[int64]*sql.Stmt{}
				}
				w.full[id] = stmt
			}
			_, err = stmt.ExecContext(ctx, w.args...)
		}
		if err != nil {
			if ctx.Err() != nil { // the driver may say only that the statement closed
				err = ctx.Err()
			}
			return fmt.Errorf("insert population rows: %w", mapError(err))
		}
		w.written += n
		if w.progress != nil {
			w.progress(w.written)
		}
		rows = rows[n:]
	}
	return nil
}

func (w *populationWriter) close() {
	for _, s := range w.full {
		s.Close()
	}
}

// populationInsert is an INSERT of n rows into table id. The id, a number
// of our own, is written into the statement rather than bound with every
// row: binding is a fifth of an import's time with modernc's driver.
// PostgreSQL needs numbered parameters; SQLite gets anonymous ones, because
// modernc's driver looks up each numbered parameter's name in a list as long
// as the statement's, which made a 1000-row INSERT spend 90 % of its time
// binding.
func populationInsert(n int, id int64, engine string) string {
	var b strings.Builder
	b.Grow(60 + n*32)
	b.WriteString("INSERT INTO population_rows (table_id, code, age, sex, count) VALUES ")
	tid := strconv.FormatInt(id, 10)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		b.WriteString(tid)
		for j := range 4 {
			if engine == "sqlite" {
				b.WriteString(",?")
				continue
			}
			b.WriteString(",$")
			b.WriteString(strconv.Itoa(4*i + j + 1))
		}
		b.WriteByte(')')
	}
	return b.String()
}
