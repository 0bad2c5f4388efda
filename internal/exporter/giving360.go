package exporter

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// The 360Giving Data Standard (package schema 1.4) publishes grants as
// {"grants": [...]} with package metadata. Identifiers of grants must start
// with a prefix 360Giving registers for the publisher; anslag has none, so
// it uses the placeholder prefix "360G-anslag", to be replaced by the
// publisher's registered prefix before the data is submitted to 360Giving.
const (
	Giving360Prefix  = "360G-anslag"
	Giving360License = "https://creativecommons.org/publicdomain/zero/1.0/"

	// The state funds the agreements: Regeringskansliet (organisationsnummer
	// 202100-3831), Socialdepartementet, identified by org-id.guide's Swedish
	// scheme SE-BLV (Bolagsverket's organisationsnummer, written without the
	// hyphen).
	stateOrgID   = "SE-BLV-2021003831"
	stateOrgName = "Regeringskansliet"
	stateDept    = "Socialdepartementet"

	// regrantCommon is FRG010 "Common Regrant" of 360Giving's closed
	// regrantType codelist: a grant to an organisation that passes (part
	// of) it on; the onward grants are ordinary grants from it.
	regrantCommon = "FRG010"

	// geoCodeType has a UK codelist (ONS) but is an open field; Swedish
	// codes are marked with SCB's names for them.
	geoCounty       = "SE-SCB-LAN" // län, 2 digits
	geoMunicipality = "SE-SCB-KOM" // kommun, 4 digits
)

// Giving360Input is what an open-data package is made of: a year's
// agreements, pots, decided runs, payments and active sub-allocations.
type Giving360Input struct {
	Year           int
	Agreements     []grant.Agreement
	Pots           []grant.Pot
	Runs           []grant.AllocationRun // decided, with lines
	Payments       []Giving360Payment
	SubAllocations []grant.SubAllocation
	Initiatives    map[int64]grant.Initiative
	Organisations  map[string]grant.Organisation
	Counties       map[string]string // county code → "Kronobergs län"
	Publisher      string            // the package's publisher; "" is "anslag"
	Issued         grant.Date        // the day the package is made
	DownloadURL    string            // absolute URL of the package, if known
}

// Giving360Payment is a payment on a line: the organisation's, or a
// county's joint line when Joint.
type Giving360Payment struct {
	ID      int64
	PotID   int64
	OrgCode string
	Joint   bool
	County  string
	Amount  money.Amount
	PaidOn  grant.Date
}

// Giving360Package is a 360Giving data package.
type Giving360Package struct {
	Version     string           `json:"version"`
	Title       string           `json:"title"`
	Description string           `json:"description"`
	Identifier  string           `json:"identifier"`
	Issued      string           `json:"issued,omitempty"`
	License     string           `json:"license"`
	DownloadURL string           `json:"downloadURL,omitempty"`
	Publisher   Giving360Org     `json:"publisher"`
	Grants      []Giving360Grant `json:"grants"`
}

// Giving360Grant is one grant of the 360Giving grant schema.
type Giving360Grant struct {
	ID                      string              `json:"id"`
	Title                   string              `json:"title"`
	Description             string              `json:"description"`
	Currency                string              `json:"currency"`
	AmountAwarded           Kronor              `json:"amountAwarded"`
	AmountDisbursed         *Kronor             `json:"amountDisbursed,omitempty"`
	AwardDate               string              `json:"awardDate"`
	PlannedDates            []Giving360Event    `json:"plannedDates,omitempty"`
	RecipientOrganization   []Giving360Org      `json:"recipientOrganization"`
	FundingOrganization     []Giving360Org      `json:"fundingOrganization"`
	BeneficiaryLocation     []Giving360Location `json:"beneficiaryLocation,omitempty"`
	GrantProgramme          []Giving360Code     `json:"grantProgramme"`
	DisbursementTransaction []Giving360Tx       `json:"disbursementTransaction,omitempty"`
	RegrantType             string              `json:"regrantType,omitempty"`
	DateModified            string              `json:"dateModified,omitempty"`
}

// Giving360Org is an organisation (and the package's publisher).
type Giving360Org struct {
	ID         string `json:"id,omitempty"`
	Name       string `json:"name"`
	Department string `json:"department,omitempty"`
	Identifier string `json:"identifier,omitempty"` // publisher only
}

// Giving360Location is where the beneficiaries are.
type Giving360Location struct {
	Name        string `json:"name"`
	CountryCode string `json:"countryCode"`
	GeoCode     string `json:"geoCode"`
	GeoCodeType string `json:"geoCodeType"`
}

// Giving360Code is a grant programme.
type Giving360Code struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

// Giving360Event is a planned period.
type Giving360Event struct {
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate,omitempty"`
}

// Giving360Tx is a disbursement.
type Giving360Tx struct {
	ID              string `json:"id"`
	TransactionDate string `json:"transactionDate"`
	Currency        string `json:"currency"`
	Value           Kronor `json:"value"`
	Provider        string `json:"provider"`
	Recipient       string `json:"recipient"`
}

// BuildGiving360 turns a year's records into a 360Giving package: one
// grant per decided line with money (recipient or joint line), the
// payments as its disbursements, and one grant per active sub-allocation,
// funded by the organisation that spread the money and marked as a regrant.
func BuildGiving360(in Giving360Input) Giving360Package {
	pub := cmp.Or(in.Publisher, "anslag")
	pkg := Giving360Package{
		Version: "1.4", License: Giving360License, DownloadURL: in.DownloadURL,
		Title:       fmt.Sprintf("anslag: statsbidrag psykisk hälsa %d (360Giving)", in.Year),
		Description: fmt.Sprintf("Beslutade fördelningar, utbetalningar och vidarefördelningar %d enligt överenskommelserna mellan staten och SKR.", in.Year),
		Identifier:  fmt.Sprintf("%s-%d", Giving360Prefix, in.Year),
		Issued:      string(in.Issued),
		Publisher:   Giving360Org{Name: pub},
		Grants:      []Giving360Grant{},
	}
	agreements := map[int64]grant.Agreement{}
	for _, a := range in.Agreements {
		agreements[a.ID] = a
	}
	pots := map[int64]grant.Pot{}
	for _, p := range in.Pots {
		pots[p.ID] = p
	}
	// A recipient that passed part of an agreement's money on got those
	// grants to regrant: 360Giving marks the grant to the regranter.
	regranting := map[int64]map[string]bool{}
	for _, sa := range in.SubAllocations {
		if sa.Status == grant.SubAllocActive && sa.Amount > 0 {
			if regranting[sa.AgreementID] == nil {
				regranting[sa.AgreementID] = map[string]bool{}
			}
			regranting[sa.AgreementID][sa.FromOrg] = true
		}
	}
	state := Giving360Org{ID: stateOrgID, Name: stateOrgName, Department: stateDept}
	byLine := map[string]int{} // lineKey → index in pkg.Grants
	runs := slices.Clone(in.Runs)
	slices.SortFunc(runs, func(a, b grant.AllocationRun) int { return cmp.Compare(a.PotID, b.PotID) })
	for _, run := range runs {
		p, ok := pots[run.PotID]
		if !ok {
			continue
		}
		a := agreements[p.AgreementID]
		for _, l := range run.Lines {
			if l.Amount <= 0 {
				continue
			}
			joint := l.Kind == allocate.KindSetAside
			id := fmt.Sprintf("%s-%s-%d-%s", Giving360Prefix, agreementRef(a), p.ID, idPart(l.Code))
			if joint {
				id += "-joint-" + l.County
			}
			recipient := in.org(l.Code, l.Name)
			g := Giving360Grant{
				ID: id, Title: potTitle(p, a.Year),
				Description:           purpose(p),
				Currency:              "SEK",
				AmountAwarded:         Kronor(l.Amount),
				AwardDate:             dateOf(run.DecidedAt),
				RecipientOrganization: []Giving360Org{recipient},
				FundingOrganization:   []Giving360Org{state},
				BeneficiaryLocation:   in.location(l.Code, l.County, joint),
				GrantProgramme:        []Giving360Code{programme(a)},
				DateModified:          run.DecidedAt,
			}
			if !joint && regranting[p.AgreementID][l.Code] {
				g.RegrantType = regrantCommon
			}
			if p.UseBy != "" {
				g.PlannedDates = []Giving360Event{{StartDate: fmt.Sprintf("%d-01-01", a.Year), EndDate: string(p.UseBy)}}
			}
			byLine[lineKey(p.ID, l.Code, joint, l.County)] = len(pkg.Grants)
			pkg.Grants = append(pkg.Grants, g)
		}
	}
	payments := slices.Clone(in.Payments)
	slices.SortFunc(payments, func(a, b Giving360Payment) int {
		return cmp.Or(strings.Compare(string(a.PaidOn), string(b.PaidOn)), cmp.Compare(a.ID, b.ID))
	})
	for _, pay := range payments {
		k, ok := byLine[lineKey(pay.PotID, pay.OrgCode, pay.Joint, pay.County)]
		if !ok {
			continue // paid on a line that is not in the decided split: cannot happen
		}
		g := &pkg.Grants[k]
		g.DisbursementTransaction = append(g.DisbursementTransaction, Giving360Tx{
			ID: fmt.Sprintf("%s-payment-%d", Giving360Prefix, pay.ID), TransactionDate: string(pay.PaidOn), Currency: "SEK",
			Value: Kronor(pay.Amount), Provider: stateOrgID, Recipient: g.RecipientOrganization[0].ID,
		})
		sum := pay.Amount
		if g.AmountDisbursed != nil {
			sum += money.Amount(*g.AmountDisbursed)
		}
		disbursed := Kronor(sum)
		g.AmountDisbursed = &disbursed
	}
	pkg.Grants = append(pkg.Grants, in.regrants(agreements)...)
	return pkg
}

// regrants are the active sub-allocations, oldest first.
func (in Giving360Input) regrants(agreements map[int64]grant.Agreement) []Giving360Grant {
	subs := slices.Clone(in.SubAllocations)
	slices.SortFunc(subs, func(a, b grant.SubAllocation) int { return cmp.Compare(a.ID, b.ID) })
	var out []Giving360Grant
	for _, sa := range subs {
		if sa.Status != grant.SubAllocActive || sa.Amount <= 0 {
			continue
		}
		a := agreements[sa.AgreementID]
		to, what := sa.ToOrg, ""
		if ini, ok := in.Initiatives[sa.InitiativeID]; ok && to == "" {
			to, what = cmp.Or(ini.PartnerCode, ini.OrgCode), ": "+ini.Title
		}
		recipient := in.org(to, "")
		desc := strings.Join(nonEmpty(sa.Note, sa.DecisionRef), ". ")
		out = append(out, Giving360Grant{
			ID:                    fmt.Sprintf("%s-%s-sub-%d", Giving360Prefix, agreementRef(a), sa.ID),
			Title:                 fmt.Sprintf("Vidarefördelning %d till %s%s", a.Year, recipient.Name, what),
			Description:           cmp.Or(desc, "Vidarefördelning av statsbidrag"),
			Currency:              "SEK",
			AmountAwarded:         Kronor(sa.Amount),
			AwardDate:             string(sa.DecidedOn),
			RecipientOrganization: []Giving360Org{recipient},
			FundingOrganization:   []Giving360Org{in.org(sa.FromOrg, "")},
			BeneficiaryLocation:   in.location(to, "", false),
			GrantProgramme:        []Giving360Code{programme(a)},
		})
	}
	return out
}

// org is an organisation as 360Giving identifies it: by organisationsnummer
// (SE-BLV) when anslag knows it, else by an anslag-local identifier.
func (in Giving360Input) org(code, name string) Giving360Org {
	o, ok := in.Organisations[code]
	id := fmt.Sprintf("%s-org-%s", Giving360Prefix, idPart(code))
	if nr := strings.ReplaceAll(o.OrgNumber, "-", ""); ok && nr != "" {
		id = "SE-BLV-" + nr
	}
	return Giving360Org{ID: id, Name: cmp.Or(o.Name, name, code)}
}

// location is where a line's money benefits: the municipality or county of
// its organisation by SCB code; a joint line's county.
func (in Giving360Input) location(code, county string, joint bool) []Giving360Location {
	o := in.Organisations[code]
	for range 4 { // a committee or unit benefits where its principal is
		if o.Kind != grant.OrgCommittee && o.Kind != grant.OrgUnit || o.ParentCode == "" {
			break
		}
		o = in.Organisations[o.ParentCode]
	}
	if o.Kind == grant.OrgMunicipality && !joint {
		return []Giving360Location{{Name: o.Name, CountryCode: "SE", GeoCode: o.Code, GeoCodeType: geoMunicipality}}
	}
	c := cmp.Or(county, o.CountyCode)
	if o.Kind == grant.OrgRegion && c == "" {
		c = o.Code
	}
	if c == "" {
		return nil
	}
	return []Giving360Location{{Name: cmp.Or(in.Counties[c], c), CountryCode: "SE", GeoCode: c, GeoCodeType: geoCounty}}
}

func lineKey(pot int64, code string, joint bool, county string) string {
	if joint {
		return fmt.Sprintf("%d/joint/%s", pot, county)
	}
	return fmt.Sprintf("%d/%s", pot, code)
}

// agreementRef is the agreement's diary number made safe for an
// identifier ("S2016/07758/FS" → "S2016-07758-FS"), or its id.
func agreementRef(a grant.Agreement) string {
	if a.Dnr == "" {
		return fmt.Sprintf("a%d", a.ID)
	}
	return idPart(a.Dnr)
}

// idPart keeps letters, digits and hyphens, so that identifiers stay
// readable in URLs and spreadsheets.
func idPart(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		}
		return '-'
	}, s)
}

func programme(a grant.Agreement) Giving360Code {
	return Giving360Code{Code: agreementRef(a), Title: a.Title}
}

// potTitle is the pot's name with the year, unless the name has it.
func potTitle(p grant.Pot, year int) string {
	if y := strconv.Itoa(year); !strings.Contains(p.Name, y) {
		return p.Name + " " + y
	}
	return p.Name
}

func purpose(p grant.Pot) string {
	if p.Purpose == "" {
		return "Stimulansmedel: " + p.Name
	}
	return "Stimulansmedel för " + p.Purpose
}

// dateOf is the day of a timestamp.
func dateOf(ts string) string { return ts[:min(len(ts), len("2006-01-02"))] }

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
