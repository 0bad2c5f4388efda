package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/exporter"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/population"
	"github.com/anslag/anslag/internal/refdata"
)

// allocateFlags are the options of "anslag allocate".
type allocateFlags struct {
	total, population, recipients, key, weights string
	ages, sex, refDate, unit, format, lang      string
	explain                                     bool
	floors, caps, setAsides                     []string
}

func runAllocate(ctx context.Context, args []string, e env) error {
	var f allocateFlags
	fs := flag.NewFlagSet("allocate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&f.total, "total", "", `the pot, as people write it: "250 Mkr", "20,3 miljoner kronor" (required)`)
	fs.StringVar(&f.population, "population", "", "population table CSV (code,population[,age][,sex]); - reads standard input")
	fs.StringVar(&f.recipients, "recipients", "", "municipalities, regions, principals, county:NN, codes, or a CSV file with a code column\n(default municipalities; with --weights, the codes in that file)")
	fs.StringVar(&f.key, "key", "", "population, equal, weights or fixed (default population with --population, weights with --weights)")
	fs.StringVar(&f.weights, "weights", "", "CSV of code,weight (key weights) or code,amount (key fixed)")
	fs.StringVar(&f.ages, "ages", "", `age bands for the population key, e.g. "13-25" or "0-17,65-"`)
	fs.StringVar(&f.sex, "sex", "", "män, kvinnor or alla (default alla)")
	fs.StringVar(&f.refDate, "reference-date", "", "reference date of the population table, YYYY-MM-DD (default: a date in its file name)")
	fs.StringVar(&f.unit, "unit", "krona", `rounding unit: öre, krona, 100, 1000 or an amount such as "500 kr"`)
	fs.StringVar(&f.format, "format", "table", "output: table, csv or json")
	fs.StringVar(&f.lang, "lang", "sv", "language of the table and explanations: sv or en")
	fs.BoolVar(&f.explain, "explain", false, "show each line's exact share, remainder rank and the reason for its amount")
	fs.Func("floor", `least amount: "AMOUNT" for every recipient or "CODE:AMOUNT" (repeatable)`, appendTo(&f.floors))
	fs.Func("cap", `greatest amount: "AMOUNT" or "CODE:AMOUNT" (repeatable)`, appendTo(&f.caps))
	fs.Func("set-aside", `pool a share of a county's lines: "COUNTY:PERCENT:HOLDER", e.g. "01:4%:storsthlm" (repeatable)`, appendTo(&f.setAsides))
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	req, err := f.request(ctx, e)
	if err != nil {
		return err
	}
	res, err := allocate.Allocate(req)
	if err != nil {
		return err
	}
	lang := allocate.Lang(f.lang)
	switch f.format {
	case "csv":
		return exporter.WriteAllocationCSV(e.stdout, res, lang)
	case "json":
		return exporter.WriteAllocationJSON(e.stdout, res, lang)
	default:
		return exporter.WriteAllocationTable(e.stdout, res, exporter.TableOptions{Lang: lang, Explain: f.explain})
	}
}

func appendTo(list *[]string) func(string) error {
	return func(s string) error { *list = append(*list, s); return nil }
}

// request turns the flags and the files they name into an allocation request.
func (f *allocateFlags) request(ctx context.Context, e env) (allocate.Request, error) {
	var req allocate.Request
	if f.total == "" {
		return req, usageError{"--total is required, e.g. --total \"250 Mkr\""}
	}
	if f.format != "table" && f.format != "csv" && f.format != "json" {
		return req, usageError{fmt.Sprintf("--format %q: expected table, csv or json", f.format)}
	}
	if f.lang != "sv" && f.lang != "en" {
		return req, usageError{fmt.Sprintf("--lang %q: expected sv or en", f.lang)}
	}
	pot, err := money.Parse(f.total)
	if err != nil {
		return req, fmt.Errorf("--total: %w", err)
	}
	unit, err := parseUnit(f.unit)
	if err != nil {
		return req, err
	}
	reg, err := refdata.Load()
	if err != nil {
		return req, err
	}
	req = allocate.Request{Pot: pot, Unit: unit}
	if req.Key.Kind, err = f.keyKind(); err != nil {
		return req, err
	}
	var table *importer.CodeTable
	if f.weights != "" {
		if table, err = readCodeTable(ctx, e, f.weights); err != nil {
			return req, err
		}
	}
	if req.Recipients, err = f.recipientList(ctx, e, reg, table); err != nil {
		return req, err
	}
	switch req.Key.Kind {
	case allocate.KeyPopulation:
		err = f.populationWeights(ctx, e, reg, &req)
	case allocate.KeyWeights, allocate.KeyFixed:
		err = tableWeights(table, req.Key.Kind, &req)
	}
	if err != nil {
		return req, err
	}
	if err := applyBounds(f.floors, "--floor", req.Recipients, func(r *allocate.Recipient, a money.Amount) { r.Floor = a }); err != nil {
		return req, err
	}
	if err := applyBounds(f.caps, "--cap", req.Recipients, func(r *allocate.Recipient, a money.Amount) { r.Cap = a }); err != nil {
		return req, err
	}
	for _, s := range f.setAsides {
		sa, err := parseSetAside(s, reg)
		if err != nil {
			return req, err
		}
		req.SetAsides = append(req.SetAsides, sa)
	}
	return req, nil
}

func (f *allocateFlags) keyKind() (allocate.KeyKind, error) {
	switch k := allocate.KeyKind(f.key); {
	case k == "" && f.population != "":
		return allocate.KeyPopulation, nil
	case k == "" && f.weights != "":
		return allocate.KeyWeights, nil
	case k == "":
		return "", usageError{"give --population FILE, --weights FILE or --key equal"}
	case k == allocate.KeyPopulation && f.population == "":
		return "", usageError{"--key population needs --population FILE"}
	case (k == allocate.KeyWeights || k == allocate.KeyFixed) && f.weights == "":
		return "", usageError{fmt.Sprintf("--key %s needs --weights FILE", k)}
	case k == allocate.KeyPopulation || k == allocate.KeyEqual || k == allocate.KeyWeights || k == allocate.KeyFixed:
		return k, nil
	default:
		return "", usageError{fmt.Sprintf("--key %q: expected population, equal, weights or fixed", f.key)}
	}
}

// recipientList resolves --recipients, or takes the codes of the weights
// table when no set is given.
func (f *allocateFlags) recipientList(ctx context.Context, e env, reg *refdata.Register, table *importer.CodeTable) ([]allocate.Recipient, error) {
	var orgs []refdata.Org
	switch {
	case strings.HasSuffix(f.recipients, ".csv"):
		t, err := readCodeTable(ctx, e, f.recipients)
		if err != nil {
			return nil, err
		}
		for _, row := range t.Rows {
			o, ok := reg.Lookup(row.Code)
			if !ok {
				return nil, fmt.Errorf("%s: line %d: code %q: expected a region (2 digits) or municipality (4 digits) code", f.recipients, row.Line, row.Code)
			}
			orgs = append(orgs, o)
		}
	case f.recipients == "" && table != nil:
		rs := make([]allocate.Recipient, len(table.Rows))
		for i, row := range table.Rows {
			rs[i] = allocate.Recipient{Code: row.Code, Name: row.Name}
			if o, ok := reg.Lookup(row.Code); ok {
				rs[i].Name, rs[i].County = o.Name, o.CountyCode
			}
		}
		return rs, nil
	default:
		set := grant.RecipientSet(f.recipients)
		if set == "" {
			set = "municipalities"
		}
		var err error
		if orgs, err = set.Resolve(reg); err != nil {
			return nil, fmt.Errorf("--recipients: %w", err)
		}
	}
	rs := make([]allocate.Recipient, len(orgs))
	for i, o := range orgs {
		rs[i] = allocate.Recipient{Code: o.Code, Name: o.Name, County: o.CountyCode}
	}
	return rs, nil
}

// datePattern finds a reference date in a file name such as scb_2017-12-31.csv.
var datePattern = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

func (f *allocateFlags) populationWeights(ctx context.Context, e env, reg *refdata.Register, req *allocate.Request) error {
	filter, err := population.ParseFilter(f.ages, f.sex)
	if err != nil {
		return usageError{err.Error()}
	}
	r, name, closeFn, err := open(ctx, e, f.population)
	if err != nil {
		return err
	}
	defer closeFn()
	table, err := population.ReadCSV(r, name, reg)
	if err != nil {
		return err
	}
	codes := make([]string, len(req.Recipients))
	for i, rc := range req.Recipients {
		codes[i] = rc.Code
	}
	counts, err := table.Counts(codes, filter)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for i, c := range counts {
		req.Recipients[i].Weight = uint64(c)
	}
	date := f.refDate
	if date == "" {
		date = datePattern.FindString(name)
	}
	req.Key.Description = filter.String()
	req.Key.Source, req.Key.ReferenceDate = name, date
	return nil
}

// tableWeights reads weights or fixed amounts from the weights table.
func tableWeights(t *importer.CodeTable, kind allocate.KeyKind, req *allocate.Request) error {
	byCode := make(map[string]importer.CodeRow, len(t.Rows))
	for _, row := range t.Rows {
		byCode[row.Code] = row
	}
	for i := range req.Recipients {
		rc := &req.Recipients[i]
		row, ok := byCode[rc.Code]
		if !ok {
			return fmt.Errorf("--weights: no row for recipient %s", rc.Code)
		}
		if kind == allocate.KeyFixed {
			a, err := money.Parse(row.Value)
			if err != nil {
				return fmt.Errorf("--weights: line %d: amount %q: %w", row.Line, row.Value, err)
			}
			if a < 0 {
				return fmt.Errorf("--weights: line %d: amount %q: expected a non-negative amount", row.Line, row.Value)
			}
			rc.Weight = uint64(a)
			continue
		}
		w, err := strconv.ParseUint(row.Value, 10, 64)
		if err != nil {
			return fmt.Errorf("--weights: line %d: weight %q: expected a non-negative whole number", row.Line, row.Value)
		}
		rc.Weight = w
	}
	return nil
}

func readCodeTable(ctx context.Context, e env, path string) (*importer.CodeTable, error) {
	r, name, closeFn, err := open(ctx, e, path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	return importer.ReadCodeTable(r, name)
}

// open opens a file, or standard input for "-".
func open(ctx context.Context, e env, path string) (io.Reader, string, func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, "", nil, err
	}
	if path == "-" {
		return e.stdin, "standard input", func() {}, nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, "", nil, err
	}
	return fh, path, func() { fh.Close() }, nil
}
