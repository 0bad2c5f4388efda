// Package refdata holds the reference lists anslag ships inside its binary:
// the 21 counties and their regions and the 290 municipalities, keyed by
// SCB code. See README.md in this folder for the sources and licences.
package refdata

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
)

//go:embed counties.csv municipalities.csv regions.csv README.md
var files embed.FS

// Kind tells what sort of principal (huvudman) an organisation is.
type Kind string

// The kinds of principal that receive formula money.
const (
	Region       Kind = "region"
	Municipality Kind = "municipality"
)

// Org is one region or municipality. Code is the SCB code: two digits for
// a region (its county code), four for a municipality.
type Org struct {
	Code       string
	Kind       Kind
	Name       string // as the organisation calls itself: "Region Kronoberg", "Växjö kommun"
	ShortName  string // "Kronoberg", "Växjö"
	CountyCode string // a region's own code; a municipality's first two digits
	CountyName string // "Kronobergs län"
}

// Register is the parsed, read-only reference list. Build it once with Load
// and pass it down; its methods return copies so callers cannot change it.
type Register struct {
	regions        []Org
	municipalities []Org
	byCode         map[string]Org
}

// Load parses the embedded lists and checks that they agree with each other.
func Load() (*Register, error) {
	counties, err := readCSV("counties.csv", 3)
	if err != nil {
		return nil, err
	}
	regionNames, err := readCSV("regions.csv", 2)
	if err != nil {
		return nil, err
	}
	munis, err := readCSV("municipalities.csv", 6)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(regionNames))
	for _, row := range regionNames {
		names[row[0]] = row[1]
	}
	r := &Register{byCode: make(map[string]Org, len(counties)+len(munis))}
	for _, row := range counties {
		name, ok := names[row[0]]
		if !ok {
			return nil, fmt.Errorf("refdata: county %s has no region name in regions.csv", row[0])
		}
		o := Org{Code: row[0], Kind: Region, Name: name, ShortName: row[2], CountyCode: row[0], CountyName: row[1]}
		if err := r.add(o); err != nil {
			return nil, err
		}
		r.regions = append(r.regions, o)
	}
	for _, row := range munis {
		o := Org{Code: row[0], Kind: Municipality, Name: row[1], ShortName: row[2], CountyCode: row[3], CountyName: row[4]}
		if len(o.Code) != 4 || o.Code[:2] != o.CountyCode {
			return nil, fmt.Errorf("refdata: municipality %s: code does not start with its county code %s", o.Code, o.CountyCode)
		}
		if c, ok := r.byCode[o.CountyCode]; !ok || c.Kind != Region {
			return nil, fmt.Errorf("refdata: municipality %s: unknown county %s", o.Code, o.CountyCode)
		}
		if err := r.add(o); err != nil {
			return nil, err
		}
		r.municipalities = append(r.municipalities, o)
	}
	byCode := func(a, b Org) int { return strings.Compare(a.Code, b.Code) }
	slices.SortFunc(r.regions, byCode)
	slices.SortFunc(r.municipalities, byCode)
	return r, nil
}

func (r *Register) add(o Org) error {
	if _, dup := r.byCode[o.Code]; dup {
		return fmt.Errorf("refdata: code %s appears twice", o.Code)
	}
	r.byCode[o.Code] = o
	return nil
}

// Lookup finds a region (two-digit code) or municipality (four-digit code).
func (r *Register) Lookup(code string) (Org, bool) {
	o, ok := r.byCode[code]
	return o, ok
}

// Regions returns the 21 regions in code order.
func (r *Register) Regions() []Org { return slices.Clone(r.regions) }

// Municipalities returns the 290 municipalities in code order.
func (r *Register) Municipalities() []Org { return slices.Clone(r.municipalities) }

// MunicipalitiesIn returns the municipalities of one county in code order.
func (r *Register) MunicipalitiesIn(county string) []Org {
	var out []Org
	for _, m := range r.municipalities {
		if m.CountyCode == county {
			out = append(out, m)
		}
	}
	return out
}

// SourceNote is the README that names the sources and licences of the lists.
func SourceNote() string {
	b, _ := files.ReadFile("README.md") // embedded at build time; cannot fail
	return string(b)
}

// readCSV reads an embedded file, drops its header and checks the width of every row.
func readCSV(name string, width int) ([][]string, error) {
	f, err := files.Open(name)
	if err != nil {
		return nil, fmt.Errorf("refdata: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = width
	var rows [][]string
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("refdata: %s: %w", name, err)
		}
		if line > 1 {
			rows = append(rows, rec)
		}
	}
	return rows, nil
}
