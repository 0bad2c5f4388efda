package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/refdata"
)

// KoladaFile is one file saved from Kolada's API: a page of its answer,
// or a JSON array of pages.
type KoladaFile struct {
	Name string
	R    io.Reader
}

// KoladaData is what a set of Kolada files holds.
type KoladaData struct {
	Values []grant.KoladaValue
	Pages  int
	// Ends is true when some page names no next page, i.e. the last page
	// of a paginated answer was read.
	Ends bool
}

// KoladaError names the place in a Kolada file that is wrong.
type KoladaError struct {
	File   string
	Page   int    // 1-based page in a file holding an array of pages; 0 for a file of one page
	Field  string // "values[3].period", "" for the file as a whole
	Value  string // the offending JSON, shortened
	Reason string // English
	Sv     string // Swedish
}

func (e *KoladaError) format(page, reason string) string {
	var b strings.Builder
	b.WriteString(e.File + ": ")
	if e.Page > 0 {
		fmt.Fprintf(&b, "%s %d: ", page, e.Page)
	}
	switch {
	case e.Field != "" && e.Value != "":
		fmt.Fprintf(&b, "%s %s: ", e.Field, e.Value)
	case e.Field != "":
		b.WriteString(e.Field + ": ")
	}
	return b.String() + reason
}

func (e *KoladaError) Error() string { return e.format("page", e.Reason) }

// Swedish returns the message in Swedish.
func (e *KoladaError) Swedish() string { return e.format("sida", e.Sv) }

// koladaKPI is the form of Kolada's key figure ids, as grant checks for
// an indicator's KPI.
var koladaKPI = regexp.MustCompile(`^[A-Z][0-9]{5}$`)

// koladaPage is one page of Kolada's answer (API v2 and v3); fields are
// kept raw so that a wrong one is reported with its place.
type koladaPage struct {
	Values   []json.RawMessage `json:"values"`
	NextPage json.RawMessage   `json:"next_page"`
	NextURL  json.RawMessage   `json:"next_url"` // v3's name for it
}

type koladaEntry struct {
	KPI          json.RawMessage `json:"kpi"`
	Municipality json.RawMessage `json:"municipality"`
	Period       json.RawMessage `json:"period"`
	Values       json.RawMessage `json:"values"`
}

type koladaFigure struct {
	Gender json.RawMessage `json:"gender"`
	Status json.RawMessage `json:"status"`
	Value  json.RawMessage `json:"value"`
}

// ReadKolada reads the values of Kolada API answers saved as JSON. reg,
// when not nil, must know every municipality and region; Kolada's region
// ids "00CC" become the county code "CC" and Riket ("0000") becomes
// grant.KoladaNational. A (kpi, organisation, period, gender) given twice
// is an error. Nothing is returned on error.
func ReadKolada(files []KoladaFile, reg *refdata.Register) (*KoladaData, error) {
	d := &KoladaData{}
	seen := map[[4]string]string{}
	for _, f := range files {
		if err := readKoladaFile(f, reg, d, seen); err != nil {
			return nil, err
		}
	}
	if len(d.Values) == 0 {
		name := "(no file)"
		if len(files) > 0 {
			name = files[0].Name
		}
		return nil, &KoladaError{File: name, Reason: "no Kolada values found (expected {\"values\": [...]} as Kolada's API answers)",
			Sv: "inga värden från Kolada hittades (förväntade {\"values\": [...]} som Koladas API svarar)"}
	}
	return d, nil
}

func readKoladaFile(f KoladaFile, reg *refdata.Register, d *KoladaData, seen map[[4]string]string) error {
	dec := json.NewDecoder(f.R)
	bad := func(page int, err error) error {
		return &KoladaError{File: f.Name, Page: page, Reason: "not valid JSON: " + jsonReason(err), Sv: "inte giltig JSON: " + jsonReason(err)}
	}
	tok, err := dec.Token()
	if err != nil {
		return bad(0, err)
	}
	readPage := func(page int) error {
		var p koladaPage
		if err := dec.Decode(&p); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				return &KoladaError{File: f.Name, Page: page, Field: te.Field, Reason: "expected a page of Kolada's answer: an object with a list of values",
					Sv: "förväntade en sida av Koladas svar: ett objekt med en lista values"}
			}
			return bad(page, err)
		}
		d.Pages++
		next := p.NextPage
		if isNull(next) {
			next = p.NextURL
		}
		if isNull(next) || string(next) == `""` {
			d.Ends = true
		}
		for i, raw := range p.Values {
			if err := addEntry(raw, i, reg, d, seen); err != nil {
				err.File, err.Page = f.Name, page
				return err
			}
		}
		return nil
	}
	switch tok {
	case json.Delim('{'):
		// One page: put the brace back by decoding the rest into the page.
		dec = json.NewDecoder(io.MultiReader(strings.NewReader("{"), dec.Buffered(), f.R))
		if err := readPage(0); err != nil {
			return err
		}
	case json.Delim('['):
		for n := 1; dec.More(); n++ {
			if err := readPage(n); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return bad(0, err)
		}
	default:
		return &KoladaError{File: f.Name, Reason: "expected a JSON object (a page of Kolada's answer) or an array of pages",
			Sv: "förväntade ett JSON-objekt (en sida av Koladas svar) eller en lista av sidor"}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &KoladaError{File: f.Name, Reason: "unexpected data after the JSON value", Sv: "oväntade data efter JSON-värdet"}
	}
	return nil
}

// addEntry adds the figures of values[i] of a page.
func addEntry(raw json.RawMessage, i int, reg *refdata.Register, d *KoladaData, seen map[[4]string]string) *KoladaError {
	at := func(field string, v json.RawMessage, en, sv string, args ...any) *KoladaError {
		name := grant.FieldIndex("values", i, field)
		return &KoladaError{Field: name, Value: shorten(v), Reason: fmt.Sprintf(en, args...), Sv: fmt.Sprintf(sv, args...)}
	}
	var e koladaEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return at("", raw, "expected an object with kpi, municipality, period and values", "förväntade ett objekt med kpi, municipality, period och values")
	}
	kpi, ok := jsonString(e.KPI)
	if !ok || !koladaKPI.MatchString(kpi) {
		return at("kpi", e.KPI, "expected a Kolada key figure id: a letter and five digits, e.g. N17473",
			"förväntade ett nyckeltals-id i Kolada: en bokstav och fem siffror, t.ex. N17473")
	}
	code, ok := jsonString(e.Municipality)
	org := ""
	if ok {
		org, ok = koladaOrg(code, reg)
	}
	if !ok {
		return at("municipality", e.Municipality, "expected a known municipality code (0780), region (0007) or 0000 for Riket",
			"förväntade en känd kommunkod (0780), region (0007) eller 0000 för riket")
	}
	period, ok := jsonYear(e.Period)
	if !ok {
		return at("period", e.Period, "expected a year between 1950 and 2100", "förväntade ett år mellan 1950 och 2100")
	}
	var figures []json.RawMessage
	if err := json.Unmarshal(e.Values, &figures); err != nil || figures == nil {
		return at("values", e.Values, "expected a list of figures by gender", "förväntade en lista av värden per kön")
	}
	for j, fr := range figures {
		sub := func(field string) string { return grant.FieldIndex("values", j, field) }
		var fg koladaFigure
		if err := json.Unmarshal(fr, &fg); err != nil {
			return at(sub(""), fr, "expected an object with gender and value", "förväntade ett objekt med gender och value")
		}
		gender, ok := jsonString(fg.Gender)
		if !ok || (gender != "T" && gender != "K" && gender != "M") {
			return at(sub("gender"), fg.Gender, "expected T (total), K (women) or M (men)", "förväntade T (totalt), K (kvinnor) eller M (män)")
		}
		status := ""
		if !isNull(fg.Status) {
			if status, ok = jsonString(fg.Status); !ok || len(status) > 100 {
				return at(sub("status"), fg.Status, "expected a short text", "förväntade en kort text")
			}
		}
		v := grant.KoladaValue{KPI: kpi, OrgCode: org, Period: period, Gender: gender, Status: strings.TrimSpace(status)}
		if !isNull(fg.Value) {
			f, ok := jsonNumber(fg.Value)
			if !ok {
				return at(sub("value"), fg.Value, "expected a number or null", "förväntade ett tal eller null")
			}
			v.Value = &f
		}
		key := [4]string{kpi, org, strconv.Itoa(period), gender}
		place := fmt.Sprintf("values[%d].values[%d]", i, j)
		if prev, dup := seen[key]; dup {
			return at(sub(""), nil, "%s %s %d %s is given twice (first at %s)", "%s %s %d %s finns två gånger (först vid %s)", kpi, code, period, gender, prev)
		}
		seen[key] = place
		d.Values = append(d.Values, v)
	}
	return nil
}

// koladaOrg maps Kolada's municipality id to anslag's organisation code.
func koladaOrg(id string, reg *refdata.Register) (string, bool) {
	if len(id) != 4 || strings.Trim(id, "0123456789") != "" {
		return "", false
	}
	code := id
	switch {
	case id == "0000":
		return grant.KoladaNational, true
	case id[:2] == "00":
		code = id[2:]
	}
	if reg == nil {
		return code, true
	}
	o, ok := reg.Lookup(code)
	if !ok || (len(code) == 2) != (o.Kind == refdata.Region) {
		return "", false
	}
	return code, true
}

func isNull(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) == 0 || string(v) == "null"
}

func jsonString(v json.RawMessage) (string, bool) {
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", false
	}
	return strings.TrimSpace(s), true
}

// jsonYear accepts a whole number or a string of one ("2019").
func jsonYear(v json.RawMessage) (int, bool) {
	s, ok := jsonString(v)
	if !ok {
		s = string(bytes.TrimSpace(v))
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1950 && n <= 2100
}

// jsonNumber accepts a JSON number, or a string holding one as some saved
// answers quote them; a decimal comma is read as a point.
func jsonNumber(v json.RawMessage) (float64, bool) {
	s, ok := jsonString(v)
	if !ok {
		s = string(bytes.TrimSpace(v))
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return f, err == nil && s != "" && strings.Trim(s, "+-.,0123456789eE") == ""
}

// shorten quotes at most 40 bytes of a JSON value for a message.
func shorten(v json.RawMessage) string {
	s := strings.TrimSpace(string(v))
	if s == "" {
		return ""
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at byte %d)", se, se.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the file ends early"
	}
	return err.Error()
}
