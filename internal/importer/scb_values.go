package importer

import (
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/population"
	"github.com/anslag/anslag/internal/refdata"
)

// The parsers below read one cell of an SCB dimension, as codes ("0780",
// "13", "1"), texts ("Växjö", "13 år", "män") or both ("0780 Växjö").
// They return a problem without its place; the caller adds line and field.

func problem(en, sv string) *population.Error {
	return &population.Error{Reason: en, SwedishReason: sv}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// names finds a region or municipality by the name SCB writes: "Växjö",
// "Kronobergs län", and also the register's own names. A name two
// organisations share is kept as ambiguous ("" code).
type names map[string]string

func newNames(reg *refdata.Register) names {
	n := names{}
	add := func(name, code string) {
		k := strings.ToLower(strings.TrimSpace(name))
		if old, ok := n[k]; ok && old != code {
			n[k] = ""
			return
		}
		n[k] = code
	}
	for _, o := range reg.Municipalities() {
		add(o.ShortName, o.Code)
		add(o.Name, o.Code)
	}
	for _, o := range reg.Regions() {
		add(o.CountyName, o.Code)
		add(o.Name, o.Code)
	}
	return n
}

// region reads a region cell; skip is true for the whole country.
func (n names) region(s string, reg *refdata.Register) (code string, skip bool, e *population.Error) {
	s = strings.TrimSpace(s)
	num, text, _ := strings.Cut(s, " ")
	if allDigits(num) {
		switch {
		case strings.Trim(num, "0") == "": // "00 Riket"
			return "", true, nil
		case len(num) != 2 && len(num) != 4:
			return "", false, problem("expected a 4-digit municipality or 2-digit county code, such as \"0780 Växjö\"",
				"förväntade en fyrsiffrig kommunkod eller tvåsiffrig länskod, som \"0780 Växjö\"")
		}
		if o, ok := reg.Lookup(num); ok {
			return o.Code, false, nil
		}
		return "", false, problem("unknown region or municipality code", "okänd region- eller kommunkod")
	}
	_ = text
	k := strings.ToLower(s)
	switch k {
	case "":
		return "", false, problem("missing value", "värde saknas")
	case "riket", "sverige", "hela riket", "sweden", "the whole country":
		return "", true, nil
	}
	code, ok := n[k]
	switch {
	case !ok:
		return "", false, problem("unknown region or municipality name; download the file with codes (e.g. \"0780 Växjö\")",
			"okänt namn på region eller kommun; hämta filen med koder (t.ex. \"0780 Växjö\")")
	case code == "":
		return "", false, problem("the name is shared by several regions or municipalities; download the file with codes",
			"flera regioner eller kommuner har det namnet; hämta filen med koder")
	}
	return code, false, nil
}

// dim is one cell of the age or sex dimension.
type dim struct {
	total bool // "totalt ålder", "tot", "1+2", "totalt"
	age   int
	open  bool // "100+ år"
	sex   population.Sex
}

// parseAgeCell reads "13", "13 år", "100+", "100+ år", "tot", "totalt ålder".
func parseAgeCell(s string) (dim, *population.Error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if isTotal(k) {
		return dim{total: true}, nil
	}
	k = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(k, "år"), "years"))
	var d dim
	if t, ok := strings.CutSuffix(k, "+"); ok {
		k, d.open = strings.TrimSpace(t), true
	}
	n, err := strconv.Atoi(k)
	if err != nil || !allDigits(k) || n > population.MaxAge {
		return d, problem(`expected an age such as "13 år", "100+ år" or "totalt ålder"`,
			`förväntade en ålder som "13 år", "100+ år" eller "totalt ålder"`)
	}
	d.age = n
	return d, nil
}

// parseSexCell reads SCB's codes (1, 2, 1+2) and words (män, kvinnor, totalt).
func parseSexCell(s string) (dim, *population.Error) {
	k := strings.ToLower(strings.TrimSpace(s))
	switch {
	case isTotal(k) || k == "1+2" || k == "båda könen" || k == "both sexes":
		return dim{total: true}, nil
	case k == "1" || k == "män" || k == "man" || k == "men" || k == "male":
		return dim{sex: population.Male}, nil
	case k == "2" || k == "kvinnor" || k == "kvinna" || k == "women" || k == "female":
		return dim{sex: population.Female}, nil
	}
	return dim{}, problem(`expected "män", "kvinnor" or "totalt" (codes 1, 2 or 1+2)`,
		`förväntade "män", "kvinnor" eller "totalt" (koderna 1, 2 eller 1+2)`)
}

func isTotal(k string) bool {
	return k == "tot" || k == "total" || strings.HasPrefix(k, "totalt") || k == "samtliga" || k == "all ages" || k == "totalt ålder"
}

// parseCount reads a cell of a year column. PxWeb writes ".." for a figure
// that is missing and "-" for one it does not show; neither is a count.
func parseCount(s string) (int64, *population.Error) {
	s = strings.TrimSpace(s)
	switch s {
	case "..", "-", "…", ".", "":
		return 0, problem("the figure is missing in the file (PxWeb writes \"..\" or \"-\"); choose a year where every figure is present",
			"siffran saknas i filen (PxWeb skriver \"..\" eller \"-\"); välj ett år där alla siffror finns")
	}
	// PxWeb writes whole numbers; tolerate a ".0" from spreadsheets.
	s = strings.TrimSuffix(s, ".0")
	if !allDigits(s) {
		return 0, problem("expected a whole number of people, 0 or more", "förväntade ett heltal, noll eller större")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > 100_000_000 {
		return 0, problem("implausible: more than 100 000 000 people", "orimligt: fler än 100 000 000 personer")
	}
	return n, nil
}
