package exporter

import (
	"encoding/csv"
	"fmt"
	"io"
)

// giving360Columns are the flat form's columns: the grant schema's titles
// joined with ":", as 360Giving's spreadsheet templates write them. Arrays
// anslag fills with one item are written rolled up (no index), as the
// schema's rollUp lists allow. The disbursement transactions have no title
// in schema 1.4.3, so the flat form has no column for them: the JSON
// package carries them, and Amount Disbursed sums them here.
var giving360Columns = []struct {
	title string
	value func(g *Giving360Grant) string
}{
	{"Identifier", func(g *Giving360Grant) string { return g.ID }},
	{"Title", func(g *Giving360Grant) string { return g.Title }},
	{"Description", func(g *Giving360Grant) string { return g.Description }},
	{"Currency", func(g *Giving360Grant) string { return g.Currency }},
	{"Amount Awarded", func(g *Giving360Grant) string { return g.AmountAwarded.String() }},
	{"Amount Disbursed", func(g *Giving360Grant) string {
		if g.AmountDisbursed == nil {
			return ""
		}
		return g.AmountDisbursed.String()
	}},
	{"Award Date", func(g *Giving360Grant) string { return g.AwardDate }},
	{"Planned Dates:Start Date", func(g *Giving360Grant) string {
		return first(g.PlannedDates, func(e Giving360Event) string { return e.StartDate })
	}},
	{"Planned Dates:End Date", func(g *Giving360Grant) string {
		return first(g.PlannedDates, func(e Giving360Event) string { return e.EndDate })
	}},
	{"Recipient Org:Identifier", func(g *Giving360Grant) string { return first(g.RecipientOrganization, orgID) }},
	{"Recipient Org:Name", func(g *Giving360Grant) string { return first(g.RecipientOrganization, orgName) }},
	{"Funding Org:Identifier", func(g *Giving360Grant) string { return first(g.FundingOrganization, orgID) }},
	{"Funding Org:Name", func(g *Giving360Grant) string { return first(g.FundingOrganization, orgName) }},
	{"Funding Org:Department", func(g *Giving360Grant) string {
		return first(g.FundingOrganization, func(o Giving360Org) string { return o.Department })
	}},
	{"Beneficiary Location:Name", func(g *Giving360Grant) string {
		return first(g.BeneficiaryLocation, func(l Giving360Location) string { return l.Name })
	}},
	{"Beneficiary Location:Country Code", func(g *Giving360Grant) string {
		return first(g.BeneficiaryLocation, func(l Giving360Location) string { return l.CountryCode })
	}},
	{"Beneficiary Location:Geographic Code", func(g *Giving360Grant) string {
		return first(g.BeneficiaryLocation, func(l Giving360Location) string { return l.GeoCode })
	}},
	{"Beneficiary Location:Geographic Code Type", func(g *Giving360Grant) string {
		return first(g.BeneficiaryLocation, func(l Giving360Location) string { return l.GeoCodeType })
	}},
	{"Grant Programme:Code", func(g *Giving360Grant) string {
		return first(g.GrantProgramme, func(c Giving360Code) string { return c.Code })
	}},
	{"Grant Programme:Title", func(g *Giving360Grant) string {
		return first(g.GrantProgramme, func(c Giving360Code) string { return c.Title })
	}},
	{"For Regrant Type", func(g *Giving360Grant) string { return g.RegrantType }},
	{"Last Modified", func(g *Giving360Grant) string { return g.DateModified }},
}

// Giving360CSVHeader is the flat form's header row.
func Giving360CSVHeader() []string {
	h := make([]string, len(giving360Columns))
	for i, c := range giving360Columns {
		h[i] = c.title
	}
	return h
}

// WriteGiving360CSV writes the package's grants in 360Giving's flat form,
// one row per grant.
func WriteGiving360CSV(w io.Writer, pkg Giving360Package) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Giving360CSVHeader()); err != nil {
		return fmt.Errorf("write 360giving csv: %w", err)
	}
	row := make([]string, len(giving360Columns))
	for k := range pkg.Grants {
		for i, c := range giving360Columns {
			row[i] = c.value(&pkg.Grants[k])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write 360giving csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write 360giving csv: %w", err)
	}
	return nil
}

func first[T any](list []T, get func(T) string) string {
	if len(list) == 0 {
		return ""
	}
	return get(list[0])
}

func orgID(o Giving360Org) string   { return o.ID }
func orgName(o Giving360Org) string { return o.Name }
