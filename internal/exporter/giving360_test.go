package exporter

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

const (
	packageSchemaURL = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-package-schema.json"
	// The package schema refers to the grant schema by its 1.4.2 URL.
	grantSchemaRef = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"
)

// giving360Schema compiles the vendored package schema, with the grant
// schema it refers to mapped to the local file, and asserting formats
// (dates, date-times, URIs).
func giving360Schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for url, file := range map[string]string{packageSchemaURL: "360-giving-package-schema.json", grantSchemaRef: "360-giving-schema.json"} {
		f, err := os.Open(filepath.Join("testdata", "360giving", file))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile(packageSchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate360(t *testing.T, s *jsonschema.Schema, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Fatalf("the package breaks the 360Giving schema: %v", err)
	}
}

// giving360Fixture is a small year: Kronoberg (07) and Växjö (0780) lines,
// Stockholm county's joint line held by Storsthlm, two payments and
// Kronoberg's sub-allocations to its committees.
func giving360Fixture() Giving360Input {
	orgs := map[string]grant.Organisation{
		"07":        {Code: "07", Kind: grant.OrgRegion, Name: "Region Kronoberg", CountyCode: "07", OrgNumber: "232100-0065"},
		"0780":      {Code: "0780", Kind: grant.OrgMunicipality, Name: "Växjö kommun", CountyCode: "07"},
		"storsthlm": {Code: "storsthlm", Kind: grant.OrgAssociation, Name: "Storsthlm", CountyCode: "01"},
		"07-hsn":    {Code: "07-hsn", Kind: grant.OrgCommittee, Name: "Hälso- och sjukvårdsnämnden", ParentCode: "07"},
		"07-rs":     {Code: "07-rs", Kind: grant.OrgCommittee, Name: "Regionstyrelsen", ParentCode: "07"},
	}
	return Giving360Input{
		Year:       2018,
		Agreements: []grant.Agreement{{ID: 1, Year: 2018, Title: "Psykisk hälsa 2018", Dnr: "S2017/07302/FS"}},
		Pots: []grant.Pot{{ID: 3, AgreementID: 1, Name: "Stimulansmedel", Purpose: "psykisk hälsa 2018", UseBy: "2018-12-31"},
			{ID: 4, AgreementID: 1, Name: "Analys", Purpose: "analysarbete"}},
		Runs: []grant.AllocationRun{
			{ID: 9, PotID: 3, Status: grant.RunDecided, DecidedAt: "2017-12-20T10:00:00.000000Z", Lines: []allocate.Line{
				{Code: "07", Name: "Region Kronoberg", County: "07", Kind: allocate.KindRecipient, Amount: 20_312_345*money.Krona + 50},
				{Code: "0780", County: "07", Kind: allocate.KindRecipient, Amount: 0}, // nothing: no grant
			}},
			{ID: 10, PotID: 4, Status: grant.RunDecided, DecidedAt: "2017-12-21T10:00:00.000000Z", Lines: []allocate.Line{
				{Code: "0780", County: "07", Kind: allocate.KindRecipient, Amount: 1_234_567*money.Krona + 1},
				{Code: "storsthlm", County: "01", Kind: allocate.KindSetAside, Amount: 400_000 * money.Krona},
			}},
		},
		Payments: []Giving360Payment{
			{ID: 5, PotID: 3, OrgCode: "07", Amount: 10_000_000 * money.Krona, PaidOn: "2018-02-15"},
			{ID: 6, PotID: 3, OrgCode: "07", Amount: 10_312_345*money.Krona + 50, PaidOn: "2018-03-15"},
			{ID: 7, PotID: 4, OrgCode: "storsthlm", Joint: true, County: "01", Amount: 400_000 * money.Krona, PaidOn: "2018-03-01"},
		},
		SubAllocations: []grant.SubAllocation{
			{ID: 1, AgreementID: 1, FromOrg: "07", ToOrg: "07-hsn", Amount: 13_410_000 * money.Krona, DecidedOn: "2018-08-21",
				DecisionRef: "Regionstyrelsen 2018-08-21", Status: grant.SubAllocActive},
			{ID: 2, AgreementID: 1, FromOrg: "07", ToOrg: "07-rs", Amount: 3_920_000 * money.Krona, DecidedOn: "2018-08-21", Status: grant.SubAllocWithdrawn},
		},
		Organisations: orgs,
		Counties:      map[string]string{"07": "Kronobergs län", "01": "Stockholms län"},
		Issued:        "2026-11-23",
		DownloadURL:   "https://anslag.example/open-data/2018.json",
	}
}

func TestGiving360PackageValidates(t *testing.T) {
	pkg := BuildGiving360(giving360Fixture())
	data, err := json.Marshal(pkg)
	if err != nil {
		t.Fatal(err)
	}
	validate360(t, giving360Schema(t), data)

	byID := map[string]Giving360Grant{}
	for _, g := range pkg.Grants {
		byID[g.ID] = g
	}
	if len(pkg.Grants) != 4 {
		t.Fatalf("grants: %d, want 3 lines with money and 1 active sub-allocation: %v", len(pkg.Grants), byID)
	}
	kronoberg, ok := byID["360G-anslag-S2017-07302-FS-3-07"]
	if !ok {
		t.Fatalf("no grant for Kronoberg's line: %v", byID)
	}
	checks := []struct{ name, got, want string }{
		{"Kronoberg awarded", kronoberg.AmountAwarded.String(), "20312345.5"},
		{"Kronoberg disbursed", kronoberg.AmountDisbursed.String(), "20312345.5"},
		{"Kronoberg title", kronoberg.Title, "Stimulansmedel 2018"},
		{"Kronoberg description", kronoberg.Description, "Stimulansmedel för psykisk hälsa 2018"},
		{"award date", kronoberg.AwardDate, "2017-12-20"},
		{"recipient id by organisationsnummer", kronoberg.RecipientOrganization[0].ID, "SE-BLV-2321000065"},
		{"funder", kronoberg.FundingOrganization[0].ID, "SE-BLV-2021003831"},
		{"location", kronoberg.BeneficiaryLocation[0].GeoCode + " " + kronoberg.BeneficiaryLocation[0].Name, "07 Kronobergs län"},
		{"programme", kronoberg.GrantProgramme[0].Code, "S2017-07302-FS"},
		{"second payment", kronoberg.DisbursementTransaction[1].Value.String() + " " + kronoberg.DisbursementTransaction[1].TransactionDate, "10312345.5 2018-03-15"},
		{"Växjö local id and municipality", byID["360G-anslag-S2017-07302-FS-4-0780"].RecipientOrganization[0].ID + " " +
			byID["360G-anslag-S2017-07302-FS-4-0780"].BeneficiaryLocation[0].GeoCode, "360G-anslag-org-0780 0780"},
		{"Växjö öre", byID["360G-anslag-S2017-07302-FS-4-0780"].AmountAwarded.String(), "1234567.01"},
		{"joint line paid", byID["360G-anslag-S2017-07302-FS-4-storsthlm-joint-01"].DisbursementTransaction[0].Value.String(), "400000"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
	sub, ok := byID["360G-anslag-S2017-07302-FS-sub-1"]
	if k := byID["360G-anslag-S2017-07302-FS-3-07"]; k.RegrantType != "FRG010" {
		t.Errorf("the grant to Kronoberg, which passed money on, has regrant type %q", k.RegrantType)
	}
	if v := byID["360G-anslag-S2017-07302-FS-4-0780"]; v.RegrantType != "" {
		t.Errorf("the grant to Växjö, which passed nothing on, has regrant type %q", v.RegrantType)
	}
	if !ok || sub.RegrantType != "" || sub.FundingOrganization[0].Name != "Region Kronoberg" ||
		sub.AmountAwarded.String() != "13410000" || sub.BeneficiaryLocation[0].GeoCode != "07" {
		t.Errorf("sub-allocation grant: %+v", sub)
	}
	for _, want := range []string{`"amountAwarded":20312345.5`, `"amountAwarded":13410000,`, `"currency":"SEK"`, `"license":"https://creativecommons.org/publicdomain/zero/1.0/"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the JSON lacks %s", want)
		}
	}
}

// TestGiving360RejectsBroken: the validator does catch a package that breaks
// the schema, so that a passing validation means something.
func TestGiving360RejectsBroken(t *testing.T) {
	s := giving360Schema(t)
	for name, doc := range map[string]string{
		"no grants":     `{"grants": []}`,
		"bad currency":  `{"grants": [{"id": "x", "currency": "KRONOR"}]}`,
		"amount string": `{"grants": [{"id": "x", "amountAwarded": "12"}]}`,
		"funder no id":  `{"grants": [{"id": "x", "fundingOrganization": [{"name": "Staten"}]}]}`,
		"bad date":      `{"grants": [{"id": "x", "awardDate": "20 dec 2017"}]}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(inst) == nil {
			t.Errorf("%s: the schema let %s through", name, doc)
		}
	}
}

func TestKronorExact(t *testing.T) {
	for _, c := range []struct {
		ore  money.Amount
		want string
	}{
		{0, "0"}, {1, "0.01"}, {10, "0.1"}, {99, "0.99"}, {100, "1"}, {123450, "1234.5"},
		{1_341_000_000, "13410000"}, {99_999_999_999, "999999999.99"}, {-5, "-0.05"}, {-123456, "-1234.56"},
		{math.MaxInt64, "92233720368547758.07"}, {math.MinInt64, "-92233720368547758.08"},
	} {
		got, err := json.Marshal(Kronor(c.ore))
		if err != nil || string(got) != c.want {
			t.Errorf("%d öre: %s, %v; want %s", c.ore, got, err, c.want)
		}
		var back json.Number
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("%d öre: %s is not a JSON number: %v", c.ore, got, err)
		}
	}
}

func TestGiving360CSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteGiving360CSV(&b, BuildGiving360(giving360Fixture())); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("rows: %d, want a header and 4 grants", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	k := rows[1]
	for title, want := range map[string]string{
		"Identifier": "360G-anslag-S2017-07302-FS-3-07", "Amount Awarded": "20312345.5", "Currency": "SEK",
		"Recipient Org:Identifier": "SE-BLV-2321000065", "Beneficiary Location:Geographic Code": "07",
		"Funding Org:Name": "Regeringskansliet", "Amount Disbursed": "20312345.5", "Planned Dates:End Date": "2018-12-31",
	} {
		if got := k[col[title]]; got != want {
			t.Errorf("%s: %q, want %q", title, got, want)
		}
	}
	if got := k[col["For Regrant Type"]]; got != "FRG010" {
		t.Errorf("Kronoberg's row's regrant type: %q", got)
	}
	if got := rows[4][col["For Regrant Type"]]; got != "" {
		t.Errorf("the sub-allocation row's regrant type: %q", got)
	}
}

// TestGiving360CSVTitles: every column of the flat form is a path of titles
// in the grant schema (rolled-up arrays have no index), so that 360Giving's
// tools read it back.
func TestGiving360CSVTitles(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "360giving", "360-giving-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	defs, _ := schema["$defs"].(map[string]any)
	resolve := func(node map[string]any) map[string]any {
		if items, ok := node["items"].(map[string]any); ok {
			node = items
		}
		if ref, ok := node["$ref"].(string); ok {
			node, _ = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
		return node
	}
	for _, title := range Giving360CSVHeader() {
		node := schema
		for _, part := range strings.Split(title, ":") {
			props, _ := resolve(node)["properties"].(map[string]any)
			var found map[string]any
			for _, p := range props {
				pm, _ := p.(map[string]any)
				if pm["title"] == part || pm["title"] == nil && resolve(pm)["title"] == part {
					found = pm
				}
			}
			if found == nil {
				t.Errorf("column %q: no property titled %q", title, part)
				break
			}
			node = found
		}
	}
}

// TestGiving360OrgNumbers: every SE-BLV identifier the package writes is a
// valid organisationsnummer (Luhn), the state's included.
func TestGiving360OrgNumbers(t *testing.T) {
	pkg := BuildGiving360(giving360Fixture())
	seen := 0
	for _, g := range pkg.Grants {
		for _, o := range append(g.RecipientOrganization, g.FundingOrganization...) {
			nr, ok := strings.CutPrefix(o.ID, "SE-BLV-")
			if !ok {
				continue
			}
			seen++
			if _, err := grant.NormaliseOrgNumber(nr); err != nil || len(nr) != 10 {
				t.Errorf("%s (%s): %v", o.ID, o.Name, err)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no SE-BLV identifiers in the fixture's package")
	}
}
