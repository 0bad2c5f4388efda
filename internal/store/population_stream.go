package store

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/population"
)

// populationBatch is the number of rows per INSERT: 1 250 parameters, far
// below both engines' limits (SQLite 32 766, PostgreSQL 65 535). In noisy
// measurements 250, 1 000 and 4 000 rows a statement were within the noise
// of each other on SQLite; the smallest keeps the statement text short.
const populationBatch = 250

// InsertPopulationTables implements app.PopulationRepo: it inserts the
// tables, then their rows as they stream from rows (the int is the index of
// the row's table in tables), in multi-row INSERTs of one prepared
// statement. progress, if not nil, hears the rows written after each batch.
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
	if t.d.name == "sqlite" {
		// A large import overflows SQLite's default 2 MB page cache, which
		// then spills dirty pages into the WAL again and again; a 256 MB
		// cache for the transaction writes each page once, at commit.
		if _, err := t.tx.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
			return fmt.Errorf("population import cache: %w", err)
		}
		defer t.tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
	}
	full, err := t.tx.PrepareContext(ctx, populationInsert(populationBatch, t.d.name))
	if err != nil {
		return fmt.Errorf("insert population rows: %w", err)
	}
	defer full.Close()
	args := make([]any, 0, 5*populationBatch)
	written := 0
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("insert population rows: %w", err)
		}
		var err error
		if len(args) == cap(args) {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = t.tx.ExecContext(ctx, populationInsert(len(args)/5, t.d.name), args...)
		}
		if err != nil {
			if ctx.Err() != nil { // the driver may say only that the statement closed
				err = ctx.Err()
			}
			return fmt.Errorf("insert population rows: %w", mapError(err))
		}
		written += len(args) / 5
		args = args[:0]
		if progress != nil {
			progress(written)
		}
		return nil
	}
	for i, r := range rows {
		p := tables[i]
		p.Rows++
		p.HasAge = p.HasAge || r.Age != population.NoAge
		p.HasSex = p.HasSex || r.Sex != population.SexAll
		args = append(args, p.ID, r.Code, r.Age, int(r.Sex), r.Count)
		if len(args) == cap(args) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
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

// populationInsert is an INSERT of n rows. PostgreSQL needs numbered
// parameters; SQLite gets anonymous ones, because modernc's driver looks up
// each numbered parameter's name in a list as long as the statement's, which
// made a 1000-row INSERT spend 90 % of its time binding.
func populationInsert(n int, engine string) string {
	if engine == "sqlite" {
		return "INSERT INTO population_rows (table_id, code, age, sex, count) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?,?,?,?),", n), ",")
	}
	var b strings.Builder
	b.Grow(40 + n*32)
	b.WriteString("INSERT INTO population_rows (table_id, code, age, sex, count) VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("($")
		for j := range 5 {
			if j > 0 {
				b.WriteString(",$")
			}
			b.WriteString(strconv.Itoa(5*i + j + 1))
		}
		b.WriteByte(')')
	}
	return b.String()
}
