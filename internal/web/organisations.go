package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// Organisations is what the organisation page reads besides the
// allocations. The service decides what the actor may see: requisitions
// only for the organisation's coordinators and for oversight.
type Organisations interface {
	Organisation(ctx context.Context, code string) (grant.Organisation, error)
	Organisations(ctx context.Context, f app.ListFilter) ([]grant.Organisation, int, error)
	SubAllocations(ctx context.Context, f app.ListFilter) ([]grant.SubAllocation, int, error)
	Initiatives(ctx context.Context, f app.ListFilter) ([]grant.Initiative, int, error)
	Requisitions(ctx context.Context, f app.ListFilter) ([]grant.Requisition, int, error)
}

// orgPage is one organisation: what it was given, what it passed on, what
// it spends the money on and, for a region, the organisations under it.
type orgPage struct {
	Org                grant.Organisation
	Kind, County       string
	Allocated          []orgAllocation
	AllocatedTotal     money.Amount
	PassedOn           []orgPassedOn
	PassedOnTotal      money.Amount // of the active ones
	Initiatives        []orgInitiative
	Committees         []grant.Organisation
	Municipalities     []grant.Organisation
	Requisitions       []orgRequisition
	ShowRequisitions   bool // the actor may see them, even when there are none
	RequisitionsAmount money.Amount
	MayRequisition     bool // the actor may requisition for the organisation
	Followup           orgFollowup
	Local, MayWrite    bool // the local pages are served; the actor may act for the organisation
	Plans              []orgPlan
	Contacts           []grant.Contact
	ShowContacts       bool // logged in: contacts are personal data
	MayEditContacts    bool
	Collab             *collabSection // nil without the collaboration pages
}

type orgAllocation struct {
	Year    int
	PotName string
	RunID   int64
	Amount  money.Amount
}

type orgPassedOn struct {
	To, ToCode  string // ToCode empty: the receiver is an initiative
	Amount      money.Amount
	DecisionRef string
	DecidedOn   string
	Status      string
	Active      bool
}

type orgInitiative struct {
	ID                              int64
	Title, Kind, Years, TargetGroup string
	Amount                          money.Amount
}

type orgRequisition struct {
	PotName, Status, Submitted string
	Amount, Paid               money.Amount
}

// organisation shows one organisation's page. Each section is a read of
// its own; the allocated section reads every decided run, which is fine
// while there are a few dozen.
func (h *Handler) organisation(w http.ResponseWriter, r *http.Request) {
	ctx, lang, code := r.Context(), language(r), r.PathValue("code")
	o, err := h.cfg.Organisations.Organisation(ctx, code)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := orgPage{Org: o, Kind: orgKind(lang, o.Kind), County: h.counties[o.CountyCode]}
	pots, err := h.potsByID(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	reads := &orgReads{h: h, code: o.Code, pots: pots}
	steps := []func(context.Context, string, *orgPage, *orgReads) error{
		h.orgAllocated, h.orgPassedOn, h.orgInitiatives, h.orgChildren, h.orgRequisitions, h.orgFollowup, h.orgLocal, h.orgContacts,
		h.orgCollab,
	}
	for _, step := range steps {
		if err := step(ctx, lang, &page, reads); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if h.exportedTable(w, r, orgSheets(&page)) {
		return
	}
	h.render(w, r, http.StatusOK, "organisation", org(o.Name, o.Code), page)
}

// org writes an organisation as the template helper of the same name does.
func org(name, code string) string { return name + " (" + code + ")" }

// orgReads holds what more than one section of the page needs, each read
// at most once: the pots, and on first use the organisation's initiatives
// and the organisations under it.
type orgReads struct {
	h           *Handler
	code        string
	pots        map[int64]potInfo
	initiatives []grant.Initiative
	children    []grant.Organisation
	read        struct{ initiatives, children bool }
}

func (o *orgReads) orgInitiatives(ctx context.Context) ([]grant.Initiative, error) {
	if !o.read.initiatives {
		list, _, err := o.h.cfg.Organisations.Initiatives(ctx, app.ListFilter{OrgCode: o.code})
		if err != nil {
			return nil, err
		}
		o.initiatives, o.read.initiatives = list, true
	}
	return o.initiatives, nil
}

func (o *orgReads) orgChildren(ctx context.Context) ([]grant.Organisation, error) {
	if !o.read.children {
		list, _, err := o.h.cfg.Organisations.Organisations(ctx, app.ListFilter{OrgCode: o.code})
		if err != nil {
			return nil, err
		}
		o.children, o.read.children = list, true
	}
	return o.children, nil
}

// potInfo is what the page shows of a pot: its name, its agreement's year
// and the last day to requisition from it.
type potInfo struct {
	Name     string
	Year     int
	Deadline grant.Date
}

func (h *Handler) potsByID(ctx context.Context) (map[int64]potInfo, error) {
	agreements, _, err := h.cfg.Allocations.Agreements(ctx, app.ListFilter{})
	if err != nil {
		return nil, err
	}
	years := map[int64]int{}
	for _, a := range agreements {
		years[a.ID] = a.Year
	}
	pots, _, err := h.cfg.Allocations.Pots(ctx, app.ListFilter{})
	if err != nil {
		return nil, err
	}
	m := map[int64]potInfo{}
	for _, p := range pots {
		m[p.ID] = potInfo{Name: p.Name, Year: years[p.AgreementID], Deadline: p.RequisitionDeadline}
	}
	return m, nil
}

// orgAllocated lists the organisation's lines in the decided runs.
func (h *Handler) orgAllocated(ctx context.Context, _ string, page *orgPage, reads *orgReads) error {
	lines, err := h.cfg.Allocations.OrgLines(ctx, page.Org.Code, 0)
	if err != nil {
		return err
	}
	for _, l := range lines {
		p := reads.pots[l.PotID]
		page.Allocated = append(page.Allocated, orgAllocation{Year: p.Year, PotName: p.Name, RunID: l.RunID, Amount: l.Amount})
		if page.AllocatedTotal, err = page.AllocatedTotal.Add(l.Amount); err != nil {
			return err
		}
	}
	slices.SortStableFunc(page.Allocated, func(x, y orgAllocation) int {
		return cmp.Or(cmp.Compare(y.Year, x.Year), cmp.Compare(x.RunID, y.RunID))
	})
	return nil
}

// orgPassedOn lists what the organisation gave on, naming each receiver:
// its committees and units are its children; anything else is read.
func (h *Handler) orgPassedOn(ctx context.Context, lang string, page *orgPage, reads *orgReads) error {
	subs, _, err := h.cfg.Organisations.SubAllocations(ctx, app.ListFilter{OrgCode: page.Org.Code})
	if err != nil {
		return err
	}
	if len(subs) == 0 {
		return nil
	}
	names := map[string]string{}
	children, err := reads.orgChildren(ctx)
	if err != nil {
		return err
	}
	for _, c := range children {
		names[c.Code] = c.Name
	}
	initiatives, err := reads.orgInitiatives(ctx)
	if err != nil {
		return err
	}
	titles := map[int64]string{}
	for _, in := range initiatives {
		titles[in.ID] = in.Title
	}
	for _, s := range subs {
		line := orgPassedOn{Amount: s.Amount, DecisionRef: s.DecisionRef, DecidedOn: string(s.DecidedOn),
			Status: subAllocStatus(lang, s.Status), Active: s.Status == grant.SubAllocActive}
		switch {
		case s.ToOrg != "":
			name, ok := names[s.ToOrg]
			if !ok {
				to, err := h.cfg.Organisations.Organisation(ctx, s.ToOrg)
				if err != nil {
					return err
				}
				name, names[s.ToOrg] = to.Name, to.Name
			}
			line.To, line.ToCode = name, s.ToOrg
		case titles[s.InitiativeID] != "":
			line.To = pick(lang, "Initiative: ", "Insats: ") + titles[s.InitiativeID]
		default:
			line.To = fmt.Sprintf(pick(lang, "Initiative %d", "Insats %d"), s.InitiativeID)
		}
		if line.Active {
			if page.PassedOnTotal, err = page.PassedOnTotal.Add(s.Amount); err != nil {
				return err
			}
		}
		page.PassedOn = append(page.PassedOn, line)
	}
	return nil
}

func (h *Handler) orgInitiatives(ctx context.Context, lang string, page *orgPage, reads *orgReads) error {
	list, err := reads.orgInitiatives(ctx)
	if err != nil {
		return err
	}
	for _, in := range list {
		years := fmt.Sprint(in.StartYear)
		switch {
		case in.Kind == grant.InitiativeRecurring && in.EndYear == 0:
			years = fmt.Sprintf(pick(lang, "from %d", "från %d"), in.StartYear)
		case in.EndYear > in.StartYear:
			years = fmt.Sprintf("%d–%d", in.StartYear, in.EndYear)
		}
		page.Initiatives = append(page.Initiatives, orgInitiative{ID: in.ID, Title: in.Title, Kind: initiativeKind(lang, in.Kind),
			Years: years, TargetGroup: targetGroup(lang, in.TargetGroup), Amount: in.Amount})
	}
	return nil
}

// orgChildren lists a region's committees and the municipalities of its county.
func (h *Handler) orgChildren(ctx context.Context, _ string, page *orgPage, reads *orgReads) error {
	if page.Org.Kind != grant.OrgRegion {
		return nil
	}
	var err error
	if page.Committees, err = reads.orgChildren(ctx); err != nil {
		return err
	}
	page.Municipalities, _, err = h.cfg.Organisations.Organisations(ctx,
		app.ListFilter{County: page.Org.CountyCode, Kind: string(grant.OrgMunicipality)})
	return err
}

// orgRequisitions adds the requisitions for those who may see them; for
// anyone else the service refuses, and the page leaves the section out.
func (h *Handler) orgRequisitions(ctx context.Context, lang string, page *orgPage, reads *orgReads) error {
	list, _, err := h.cfg.Organisations.Requisitions(ctx, app.ListFilter{OrgCode: page.Org.Code})
	switch grant.ErrorCode(err) {
	case "":
	case grant.EUNAUTHORIZED, grant.EFORBIDDEN:
		return nil
	default:
		return err
	}
	page.ShowRequisitions = true
	page.MayRequisition = h.cfg.Requisitions != nil && h.cfg.Requisitions.MayActFor(ctx, page.Org.Code) == nil
	for _, q := range list {
		page.Requisitions = append(page.Requisitions, orgRequisition{PotName: reads.pots[q.PotID].Name, Status: requisitionStatus(lang, q.Status),
			Submitted: q.SubmittedAt, Amount: q.Amount, Paid: q.Paid})
		if q.Status != grant.ReqRejected {
			if page.RequisitionsAmount, err = page.RequisitionsAmount.Add(q.Amount); err != nil {
				return err
			}
		}
	}
	return nil
}
