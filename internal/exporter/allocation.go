// Package exporter writes what anslag knows in the formats people and
// programs read: terminal tables, CSV and JSON.
package exporter

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/money"
)

// allocationCSVHeader is the header of the machine-readable allocation CSV.
// Amounts are in öre; the exact share is whole units + remainder/denominator.
func allocationCSVHeader() []string {
	return []string{"code", "name", "county", "kind", "weight",
		"exact_whole_units", "exact_remainder", "exact_denominator",
		"floor_ore", "cap_ore", "bound", "remainder_rank", "extra_unit",
		"allocated_ore", "set_aside_ore", "amount_ore", "unit_ore", "method", "explanation"}
}

// WriteAllocationCSV writes one row per line with its full explanation.
func WriteAllocationCSV(w io.Writer, res *allocate.Result, lang allocate.Lang) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(allocationCSVHeader()); err != nil {
		return fmt.Errorf("write allocation csv: %w", err)
	}
	u := strconv.FormatUint
	i := func(a money.Amount) string { return strconv.FormatInt(int64(a), 10) }
	for k, l := range res.Lines {
		rank := ""
		if l.Rank > 0 {
			rank = strconv.Itoa(int(l.Rank))
		}
		row := []string{
			l.Code, l.Name, l.County, l.Kind.String(), u(l.Weight, 10),
			u(l.Quota.Whole, 10), u(l.Quota.Remainder, 10), u(l.Quota.Denominator, 10),
			i(l.Floor), i(l.Cap), l.Bound.String(), rank, strconv.FormatBool(l.ExtraUnit),
			i(l.Allocated), i(l.SetAside), i(l.Amount), i(res.Unit), res.Method, res.Why(k, lang),
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write allocation csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write allocation csv: %w", err)
	}
	return nil
}

// explainedLine is a line with its explanation in words, for JSON.
type explainedLine struct {
	allocate.Line
	Why string `json:"why"`
}

// WriteAllocationJSON writes the run, every line with its explanation.
func WriteAllocationJSON(w io.Writer, res *allocate.Result, lang allocate.Lang) error {
	out := struct {
		*allocate.Result
		Lines []explainedLine `json:"lines"`
	}{Result: res, Lines: make([]explainedLine, len(res.Lines))}
	for k, l := range res.Lines {
		out.Lines[k] = explainedLine{Line: l, Why: res.Why(k, lang)}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write allocation json: %w", err)
	}
	return nil
}

// TableOptions shape the human table.
type TableOptions struct {
	Lang    allocate.Lang
	Explain bool // add the exact share, rank and set-aside columns and a sentence per line
}

// WriteAllocationTable writes a Swedish- (or English-) formatted table with
// codes, names, amounts and a total row, for people at a terminal.
func WriteAllocationTable(w io.Writer, res *allocate.Result, opt TableOptions) error {
	t := tableWords(opt.Lang)
	var b strings.Builder
	fmt.Fprintf(&b, t.title, res.Pot, keyText(res.Key, opt.Lang), res.Unit)
	fmt.Fprintf(&b, "%s: %s\n\n", t.method, res.Method)
	head := []string{t.code, t.name, t.weight, t.amount}
	if opt.Explain {
		head = []string{t.code, t.name, t.weight, t.exact, t.rank, t.setAside, t.amount}
	}
	rows := [][]string{head}
	var weight uint64
	for _, l := range res.Lines {
		name := l.Name
		if l.Kind == allocate.KindSetAside {
			name = fmt.Sprintf(t.joint, l.County, name)
		}
		weight += l.Weight
		row := []string{l.Code, name, money.Group(l.Weight), l.Amount.String()}
		if opt.Explain {
			rank := ""
			if l.Rank > 0 {
				rank = strconv.Itoa(int(l.Rank))
				if l.ExtraUnit {
					rank += " +1"
				}
			} else if l.Bound != allocate.Unbound {
				rank = l.Bound.String()
			}
			row = []string{l.Code, name, money.Group(l.Weight), exactShare(l, res.Unit), rank, l.SetAside.String(), l.Amount.String()}
		}
		rows = append(rows, row)
	}
	total := []string{"", t.total, money.Group(weight), res.Total.String()}
	if opt.Explain {
		total = []string{"", t.total, money.Group(weight), "", "", "", res.Total.String()}
	}
	rows = append(rows, total)
	writeAligned(&b, rows)
	if opt.Explain {
		b.WriteString("\n")
		for k, l := range res.Lines {
			fmt.Fprintf(&b, "%s %s: %s\n", l.Code, l.Name, res.Why(k, opt.Lang))
		}
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write allocation table: %w", err)
	}
	return nil
}

// writeAligned pads columns: text left, figures (the columns after the
// name) right.
func writeAligned(b *strings.Builder, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for c, cell := range r {
			widths[c] = max(widths[c], utf8.RuneCountInString(cell))
		}
	}
	for _, r := range rows {
		for c, cell := range r {
			pad := strings.Repeat(" ", widths[c]-utf8.RuneCountInString(cell))
			if c > 0 {
				b.WriteString("  ")
			}
			if c < 2 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(pad + cell)
			}
		}
		b.WriteString("\n")
	}
}

// exactShare writes the exact quota as whole units and a fraction.
func exactShare(l allocate.Line, unit money.Amount) string {
	if l.Quota.Denominator == 0 {
		return ""
	}
	whole := money.Amount(l.Quota.Whole) * unit
	if l.Quota.Remainder == 0 {
		return whole.String()
	}
	return fmt.Sprintf("%s + %s/%s", whole.String(), money.Group(l.Quota.Remainder), money.Group(l.Quota.Denominator))
}

// keyText names the key in the reader's language, with its description,
// source and reference date.
func keyText(k allocate.Key, lang allocate.Lang) string {
	names := map[allocate.KeyKind][2]string{
		allocate.KeyPopulation: {"befolkning", "population"},
		allocate.KeyEqual:      {"lika andelar", "equal shares"},
		allocate.KeyWeights:    {"vikter", "weights"},
		allocate.KeyFixed:      {"fasta belopp", "fixed amounts"},
	}
	l := 0
	if lang == allocate.English {
		l = 1
	}
	text := names[k.Kind][l]
	if text == "" {
		text = string(k.Kind)
	}
	var details []string
	for _, d := range []string{k.Description, k.Source, k.ReferenceDate} {
		if d != "" {
			details = append(details, d)
		}
	}
	if len(details) > 0 {
		text += " (" + strings.Join(details, ", ") + ")"
	}
	return text
}

type tableWording struct {
	title, method, code, name, weight, exact, rank, setAside, amount, total, joint string
}

func tableWords(lang allocate.Lang) tableWording {
	if lang == allocate.English {
		return tableWording{
			title: "Split of %s by %s, rounded to %s\n", method: "Method", code: "Code", name: "Recipient",
			weight: "Weight", exact: "Exact share", rank: "Rank", setAside: "Set aside", amount: "Amount",
			total: "Total", joint: "County %s joint pot (%s)",
		}
	}
	return tableWording{
		title: "Fördelning av %s efter %s, avrundat till %s\n", method: "Metod", code: "Kod", name: "Mottagare",
		weight: "Vikt", exact: "Exakt andel", rank: "Rang", setAside: "Avsatt", amount: "Belopp",
		total: "Summa", joint: "Länsgemensam pott län %s (%s)",
	}
}
