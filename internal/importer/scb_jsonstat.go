package importer

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/anslag/anslag/internal/population"
	"github.com/anslag/anslag/internal/refdata"
)

// JSON-stat 2.0 as the PxWeb API writes it: a dataset with dimensions
// listed in id and size, each with categories (index, label), and the
// figures in value, row-major (the last dimension varies fastest). The
// figures are streamed; only the categories are held.

type jsDimension struct {
	Label    string `json:"label"`
	Category struct {
		Index json.RawMessage   `json:"index"` // {"code": position} or ["code", …]
		Label map[string]string `json:"label"`
	} `json:"category"`
}

// jsDim is one dimension, its categories in position order.
type jsDim struct {
	id     string
	kind   int // colRegion, colAge, colSex, colPeriod, or -1 for a single-category dimension
	codes  []string
	labels []string
	region []string // for colRegion: the code, or "" to skip (the whole country)
	cells  []dim    // for colAge and colSex
}

type jsonSource struct {
	info     SCBInfo
	dec      *json.Decoder
	dims     []jsDim
	size     []int
	buffered []json.Number // value, when it came before the dimensions
	hasValue bool          // value was buffered
	inValue  bool          // the decoder stands inside the value array
}

func openJSONStat(br *bufio.Reader, reg *refdata.Register) (*jsonSource, *population.Error) {
	s := &jsonSource{dec: json.NewDecoder(br), info: SCBInfo{Format: "json-stat2"}}
	s.dec.UseNumber()
	if t, err := s.dec.Token(); err != nil || t != json.Delim('{') {
		return nil, jsonError(err, "")
	}
	var (
		ids     []string
		dims    map[string]jsDimension
		version string
		class   string
		role    struct{ Time, Metric []string }
	)
	for ids == nil || s.size == nil || dims == nil {
		if !s.dec.More() {
			return nil, problem("not JSON-stat 2.0: id, size or dimension is missing", "inte JSON-stat 2.0: id, size eller dimension saknas")
		}
		t, err := s.dec.Token()
		if err != nil {
			return nil, jsonError(err, "")
		}
		key, _ := t.(string)
		switch key {
		case "id":
			err = s.dec.Decode(&ids)
		case "size":
			err = s.dec.Decode(&s.size)
		case "dimension":
			err = s.dec.Decode(&dims)
		case "version":
			err = s.dec.Decode(&version)
		case "class":
			err = s.dec.Decode(&class)
		case "role":
			err = s.dec.Decode(&role)
		case "value":
			err = s.dec.Decode(&s.buffered)
			s.hasValue = true
		default:
			var skip json.RawMessage
			err = s.dec.Decode(&skip)
		}
		if err != nil {
			return nil, jsonError(err, key)
		}
	}
	switch {
	case class != "" && class != "dataset":
		return nil, problem(`expected a JSON-stat dataset (class "dataset")`, `förväntade en JSON-stat-datamängd (class "dataset")`)
	case version != "" && version != "2.0":
		return nil, problem(`expected JSON-stat version 2.0`, `förväntade JSON-stat version 2.0`)
	case len(ids) != len(s.size) || len(ids) == 0:
		return nil, problem("id and size differ in length", "id och size har olika längd")
	}
	names := newNames(reg)
	regions := 0
	for i, id := range ids {
		d, e := newJSDim(id, dims[id], s.size[i], role.Time, names, reg)
		if e != nil {
			e.Field = "dimension." + id
			return nil, e
		}
		switch d.kind {
		case colRegion:
			regions++
		case colAge:
			s.info.HasAge = true
		case colSex:
			s.info.HasSex = true
		case colPeriod:
			if len(s.info.Periods) > 0 {
				return nil, problem("two time dimensions", "två tidsdimensioner")
			}
			for _, c := range d.codes {
				p, _ := parsePeriod(c)
				s.info.Periods = append(s.info.Periods, p)
			}
		}
		s.dims = append(s.dims, d)
	}
	switch {
	case regions != 1:
		return nil, problem("expected one region dimension (Region)", "förväntade en regiondimension (Region)")
	case len(s.info.Periods) == 0:
		return nil, problem("expected a time dimension (Tid)", "förväntade en tidsdimension (Tid)")
	}
	return s, nil
}

func newJSDim(id string, jd jsDimension, size int, timeIDs []string, names names, reg *refdata.Register) (jsDim, *population.Error) {
	d := jsDim{id: id, kind: -1}
	var e *population.Error
	if d.codes, e = categoryCodes(jd.Category.Index, size); e != nil {
		return d, e
	}
	if len(d.codes) != size {
		return d, problem(fmt.Sprintf("%d categories, but size says %d", len(d.codes), size),
			fmt.Sprintf("%d kategorier men size anger %d", len(d.codes), size))
	}
	d.labels = make([]string, size)
	for i, c := range d.codes {
		d.labels[i] = jd.Category.Label[c]
	}
	k := strings.ToLower(id)
	switch {
	case k == "region" || k == "kommun" || k == "lan" || k == "län":
		d.kind = colRegion
		for i, c := range d.codes {
			code, skip, e := names.region(c, reg)
			if e != nil && d.labels[i] != "" {
				code, skip, e = names.region(d.labels[i], reg)
			}
			if e != nil {
				e.Value = c
				return d, e
			}
			if skip {
				code = ""
			}
			d.region = append(d.region, code)
		}
	case k == "alder" || k == "ålder" || k == "age", k == "kon" || k == "kön" || k == "sex":
		d.kind, d.cells = colAge, make([]dim, size)
		parse := parseAgeCell
		if k == "kon" || k == "kön" || k == "sex" {
			d.kind, parse = colSex, parseSexCell
		}
		for i, c := range d.codes {
			v, e := parse(c)
			if e != nil && d.labels[i] != "" {
				v, e = parse(d.labels[i])
			}
			if e != nil {
				e.Value = c
				return d, e
			}
			d.cells[i] = v
		}
	case k == "tid" || k == "time" || k == "år" || slicesContains(timeIDs, id):
		d.kind = colPeriod
		for _, c := range d.codes {
			if _, ok := parsePeriod(c); !ok {
				e := problem("expected a year such as 2016 or 2016M10", "förväntade ett år som 2016 eller 2016M10")
				e.Value = c
				return d, e
			}
		}
	case size != 1:
		return d, problem("unknown dimension with several categories; expected Region, Alder, Kon, Tid, or one ContentsCode",
			"okänd dimension med flera kategorier; förväntade Region, Alder, Kon, Tid eller en ContentsCode")
	}
	return d, nil
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// categoryCodes reads category.index: an object of code → position or an
// array of codes; a dimension of one category may leave it out.
func categoryCodes(raw json.RawMessage, size int) ([]string, *population.Error) {
	if len(raw) == 0 {
		if size == 1 {
			return []string{""}, nil
		}
		return nil, problem("category.index is missing", "category.index saknas")
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list, nil
	}
	var m map[string]int
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, problem("category.index: expected an object or an array", "category.index: förväntade ett objekt eller en lista")
	}
	out := make([]string, len(m))
	for c, i := range m {
		if i < 0 || i >= len(m) || out[i] != "" {
			return nil, problem("category.index: positions are not 0 to n-1", "category.index: positionerna är inte 0 till n-1")
		}
		out[i] = c
	}
	return out, nil
}

func (s *jsonSource) read(ctx context.Context, k *sink) error {
	for _, d := range s.dims {
		mode := &k.age
		switch d.kind {
		case colSex:
			mode = &k.sex
		case colAge:
		default:
			continue
		}
		*mode = modeNotSplit
		for _, c := range d.cells {
			if !c.total {
				*mode = modeSplit
			}
		}
	}
	total := 1
	for _, n := range s.size {
		total *= n
	}
	pos := make([]int, len(s.size)) // the odometer: category of each dimension
	i := 0
	next := func(v json.Number, null bool) error {
		if i >= total {
			return problem(fmt.Sprintf("more than %d values", total), fmt.Sprintf("fler än %d värden", total))
		}
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		err := s.cell(k, i, pos, v, null)
		i++
		for d := len(pos) - 1; d >= 0; d-- {
			if pos[d]++; pos[d] < s.size[d] {
				break
			}
			pos[d] = 0
		}
		return err
	}
	if s.hasValue {
		for _, v := range s.buffered {
			if err := next(v, v == ""); err != nil {
				return err
			}
		}
	} else if err := s.streamValues(next); err != nil {
		return err
	}
	if i != total {
		return problem(fmt.Sprintf("%d values, but the sizes make %d", i, total), fmt.Sprintf("%d värden men storlekarna ger %d", i, total))
	}
	return nil
}

// streamValues finds "value" among the remaining keys and reads it one
// figure at a time.
func (s *jsonSource) streamValues(next func(json.Number, bool) error) error {
	for s.dec.More() {
		t, err := s.dec.Token()
		if err != nil {
			return jsonError(err, "")
		}
		if t != "value" {
			var skip json.RawMessage
			if err := s.dec.Decode(&skip); err != nil {
				return jsonError(err, fmt.Sprint(t))
			}
			continue
		}
		if t, err := s.dec.Token(); err != nil || t != json.Delim('[') {
			return jsonError(err, "value")
		}
		for s.dec.More() {
			t, err := s.dec.Token()
			if err != nil {
				return jsonError(err, "value")
			}
			v, _ := t.(json.Number)
			if err := next(v, t == nil); err != nil {
				return err
			}
		}
		if _, err := s.dec.Token(); err != nil { // ]
			return jsonError(err, "value")
		}
		return nil
	}
	return problem("no value array", "value saknas")
}

func (s *jsonSource) cell(k *sink, i int, pos []int, v json.Number, null bool) error {
	var (
		code     string
		age, sex = dim{total: true}, dim{total: true}
		period   = -1
	)
	for d, p := range pos {
		switch dd := s.dims[d]; dd.kind {
		case colRegion:
			if code = dd.region[p]; code == "" {
				return nil // the whole country
			}
		case colAge:
			age = dd.cells[p]
		case colSex:
			sex = dd.cells[p]
		case colPeriod:
			period = p
		}
	}
	if k.tables[period] < 0 {
		return nil
	}
	field := fmt.Sprintf("value[%d]", i)
	n, e := parseCount(string(v))
	if null {
		e = problem("the figure is missing (null) in the file; choose a year where every figure is present",
			"siffran saknas (null) i filen; välj ett år där alla siffror finns")
	}
	if e != nil {
		e.Field, e.Value = field, s.where(pos)
		return e
	}
	return k.add(period, code, age, sex, n, 0, field, s.where(pos))
}

// where names a cell by its categories: "Region=0780, Alder=13, Tid=2016".
func (s *jsonSource) where(pos []int) string {
	parts := make([]string, 0, len(pos))
	for d, p := range pos {
		if s.dims[d].kind >= 0 {
			parts = append(parts, s.dims[d].id+"="+s.dims[d].codes[p])
		}
	}
	return strings.Join(parts, ", ")
}

func jsonError(err error, key string) *population.Error {
	at := ""
	if key != "" {
		at = key + ": "
	}
	if err == nil {
		return problem(at+"not JSON-stat 2.0", at+"inte JSON-stat 2.0")
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return &population.Error{Reason: at + "the JSON ends too early", SwedishReason: at + "JSON-texten tar slut för tidigt", Err: err}
	}
	return &population.Error{Reason: at + "invalid JSON-stat: " + err.Error(), SwedishReason: at + "ogiltig JSON-stat: " + err.Error(), Err: err}
}
