package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// where builds a WHERE clause with numbered placeholders, so that list
// queries take optional filters without string-pasting values.
type where struct {
	clauses []string
	args    []any
}

// add appends a condition; each "?" in cond becomes the next $N.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.clauses = append(w.clauses, cond)
}

func (w *where) String() string {
	if len(w.clauses) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.clauses, " AND ")
}

// page appends LIMIT and OFFSET; limit 0 means all rows.
func (w *where) page(limit, offset int) string {
	if limit <= 0 {
		return ""
	}
	w.args = append(w.args, limit, offset)
	n := len(w.args)
	return " LIMIT $" + strconv.Itoa(n-1) + " OFFSET $" + strconv.Itoa(n)
}

// count runs SELECT COUNT(*) over a FROM clause with the filter.
func (t *Tx) count(ctx context.Context, from string, w where) (int, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+from+w.String(), w.args...).Scan(&n)
	return n, err
}

// notFound turns sql.ErrNoRows into a domain not-found error.
func notFound(err error, what, sv string, id any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return grant.NotFound(what, sv, id)
	}
	return err
}

// staleVersion is the error of an update whose version no longer matches.
func staleVersion(what, sv string, id any) error {
	return &grant.Error{Code: grant.EPRECONDITION,
		Message: fmt.Sprintf("%s %v was changed by someone else since you read it; reload and try again", what, id),
		Swedish: fmt.Sprintf("%s %v har ändrats av någon annan sedan du läste den; läs in den igen och försök på nytt", sv, id)}
}

// rowScanner is what a scan function reads one row from.
type rowScanner interface{ Scan(...any) error }

// list reads one page of a list: selectFrom is "SELECT … FROM …" without
// WHERE, w the filter, order the ORDER BY clause, countFrom the FROM clause
// a count needs. It reads one row beyond the page to learn whether more
// follow, so the whole list's size comes for free when the page reaches
// its end; when more follow it is counted only if f.Count asks, since
// counting reads every match, and is otherwise app.TotalUnknown.
func list[T any](ctx context.Context, t *Tx, selectFrom, countFrom string, w where, order string, f app.ListFilter,
	scan func(rowScanner) (T, error)) ([]T, int, error) {
	args := slices.Clone(w.args)
	q := selectFrom + w.String() + " ORDER BY " + order
	if f.Limit > 0 {
		q += pageArgs(&args, f)
	}
	return readPage(ctx, t, q, args, countFrom, w, f, scan)
}

// pageArgs appends the page's LIMIT (one more row than asked) and OFFSET.
func pageArgs(args *[]any, f app.ListFilter) string {
	*args = append(*args, f.Limit+1, f.Offset)
	return " LIMIT $" + strconv.Itoa(len(*args)-1) + " OFFSET $" + strconv.Itoa(len(*args))
}

// listByID is list for a list in id order whose filters have (column, id)
// indexes: it pages the ids first, then reads their rows ("SELECT cols
// FROM from WHERE id IN (a page of ids from idFrom)"). Asked for the first
// rows by id with a filter, PostgreSQL walks the primary key and filters,
// assuming the matches spread evenly, while ids follow time and a year's
// rows are bunched: to fill one page it passed most of the table. A page
// of ids alone it reads from the (filter, id) index.
func listByID[T any](ctx context.Context, t *Tx, cols, from, idFrom, id string, w where, f app.ListFilter,
	scan func(rowScanner) (T, error)) ([]T, int, error) {
	if f.Limit <= 0 {
		return list(ctx, t, "SELECT "+cols+" FROM "+idFrom, idFrom, w, id, f, scan)
	}
	args := slices.Clone(w.args)
	q := "SELECT " + cols + " FROM " + from + " WHERE " + id + " IN (SELECT " + id + " FROM " + idFrom + w.String() +
		" ORDER BY " + id + pageArgs(&args, f) + ") ORDER BY " + id
	return readPage(ctx, t, q, args, idFrom, w, f, scan)
}

// readPage runs a page's query and works out the list's total.
func readPage[T any](ctx context.Context, t *Tx, q string, args []any, countFrom string, w where, f app.ListFilter,
	scan func(rowScanner) (T, error)) ([]T, int, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []T
	if f.Limit > 0 { // room for a usual page and the row past it, not for a page nobody fills
		out = make([]T, 0, min(f.Limit+1, 101))
	}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	total := len(out)
	switch {
	case f.Limit <= 0:
	case len(out) > f.Limit:
		out, total = out[:f.Limit], app.TotalUnknown
	case len(out) == 0 && f.Offset > 0: // past the end, which may be anywhere before
		total = app.TotalUnknown
	default:
		total += f.Offset
	}
	if total == app.TotalUnknown && f.Count {
		if total, err = t.count(ctx, countFrom, w); err != nil {
			return nil, 0, fmt.Errorf("count: %w", err)
		}
	}
	return out, total, nil
}

// inList returns "($1, …, $n)" and its arguments, for WHERE col IN; no ids
// give "(NULL)", which matches nothing.
func inList(ids []int64) (string, []any) {
	if len(ids) == 0 {
		return "(NULL)", nil
	}
	var b strings.Builder
	args := make([]any, len(ids))
	b.WriteByte('(')
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i+1))
		args[i] = id
	}
	b.WriteByte(')')
	return b.String(), args
}

// eachRow runs a query and calls fn for each row, stopping at its first
// error; for loading a page's children with one query.
func eachRow(ctx context.Context, t *Tx, q string, args []any, fn func(rowScanner) error) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// inYear adds "col IN (the year's agreements)" with the ids read first, so
// that the planner sees the usual year of one agreement as an equality and
// walks an (agreement_id, id) index in order, instead of sorting the whole
// year's rows to find the first page.
func (t *Tx) inYear(ctx context.Context, w *where, col string, year int) error {
	var ids []any
	err := eachRow(ctx, t, `SELECT id FROM agreements WHERE year = $1`, []any{year}, func(row rowScanner) error {
		var id int64
		if err := row.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("agreements of %d: %w", year, err)
	}
	if len(ids) == 1 {
		w.add(col+" = ?", ids[0])
		return nil
	}
	w.add(col+" IN (NULL"+strings.Repeat(", ?", len(ids))+")", ids...)
	return nil
}
