package app

import (
	"context"
	"regexp"
	"strings"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
)

// ImportKolada reads files saved from Kolada's API (pages of one or more
// answers) and stores their values, all or nothing: one bad value in the
// last page stores none. Values stored before for the same key figure,
// organisation, period and gender are updated. Administrators only.
func (s *Service) ImportKolada(ctx context.Context, files []importer.KoladaFile) (grant.KoladaImport, error) {
	var im grant.KoladaImport
	if err := requireAdmin(ctx); err != nil {
		return im, err
	}
	if len(files) == 0 {
		return im, grant.Errorf(grant.EINVALID, "files", "at least one Kolada file is required", "minst en fil från Kolada krävs")
	}
	d, err := importer.ReadKolada(files, s.reg)
	if err != nil {
		return im, userError(grant.EINVALID, "file", err)
	}
	kpis, orgs, periods := map[string]bool{}, map[string]bool{}, map[int]bool{}
	for _, v := range d.Values {
		kpis[v.KPI], orgs[v.OrgCode], periods[v.Period] = true, true, true
	}
	for _, f := range files {
		im.Files = append(im.Files, f.Name)
	}
	im.ImportedAt, im.ImportedBy = s.stamp(), ActorFrom(ctx).User
	im.Values, im.KPIs, im.Organisations, im.Periods = len(d.Values), len(kpis), len(orgs), len(periods)
	im.Pages, im.Incomplete = d.Pages, !d.Ends
	err = s.store.Write(ctx, func(tx Tx) error {
		if err := tx.InsertKoladaImport(ctx, &im); err != nil {
			return err
		}
		if err := tx.UpsertKoladaValues(ctx, im.ID, d.Values); err != nil {
			return err
		}
		return s.audit(ctx, tx, "import", "kolada_import", im.ID, nil, im)
	})
	if err != nil {
		return grant.KoladaImport{}, err
	}
	return im, nil
}

var koladaKPI = regexp.MustCompile(`^[A-Z][0-9]{5}$`)

// KoladaValues reads stored Kolada values. Key figures are public
// statistics, so everyone may read them. A filter needs a key figure or
// an organisation, so that no one reads the whole table by accident.
func (s *Service) KoladaValues(ctx context.Context, f KoladaFilter) (list []grant.KoladaValue, err error) {
	f.KPI, f.OrgCode, f.Gender = strings.ToUpper(strings.TrimSpace(f.KPI)), strings.TrimSpace(f.OrgCode), strings.ToUpper(strings.TrimSpace(f.Gender))
	switch {
	case f.KPI == "" && f.OrgCode == "":
		return nil, grant.Errorf(grant.EINVALID, "kpi", "name a key figure (kpi) or an organisation", "ange ett nyckeltal (kpi) eller en organisation")
	case f.KPI != "" && !koladaKPI.MatchString(f.KPI):
		return nil, grant.Errorf(grant.EINVALID, "kpi", "%q is not a Kolada key figure id (a letter and five digits, e.g. N17473)",
			"%q är inte ett nyckeltals-id i Kolada (en bokstav och fem siffror, t.ex. N17473)", f.KPI)
	case f.Gender != "" && f.Gender != "T" && f.Gender != "K" && f.Gender != "M":
		return nil, grant.Errorf(grant.EINVALID, "gender", "expected T, K or M, got %q", "förväntade T, K eller M, fick %q", f.Gender)
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		list, err = tx.KoladaValues(ctx, f)
		return err
	})
	return list, err
}

// KoladaImports lists the latest imports (at most limit) for those who
// oversee the system.
func (s *Service) KoladaImports(ctx context.Context, limit int) (list []grant.KoladaImport, err error) {
	if err := RequireOversight(ctx); err != nil {
		return nil, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		list, err = tx.KoladaImports(ctx, limit)
		return err
	})
	return list, err
}
