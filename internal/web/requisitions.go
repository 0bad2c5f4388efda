package web

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// Requisitions is what the requisition pages need. The service scopes the
// lists to what the actor may see and refuses what the actor may not do.
type Requisitions interface {
	MayActFor(ctx context.Context, org string) error
	SubmitRequisition(ctx context.Context, in app.RequisitionInput) (grant.Requisition, error)
	ApproveRequisition(ctx context.Context, id, version int64) (grant.Requisition, error)
	RejectRequisition(ctx context.Context, id, version int64, reason string) (grant.Requisition, error)
	RecordPayment(ctx context.Context, in app.PaymentInput) (grant.Payment, error)
	Requisition(ctx context.Context, id int64) (grant.Requisition, error)
	Requisitions(ctx context.Context, f app.ListFilter) ([]grant.Requisition, int, error)
	RequisitionPayments(ctx context.Context, id int64) ([]grant.Payment, error)
}

func (h *Handler) registerRequisitions(mux Mux) {
	if h.cfg.Requisitions == nil || h.cfg.Allocations == nil {
		return
	}
	mux.Handle("GET /requisitions", http.HandlerFunc(h.requisitions))
	mux.Handle("GET /requisitions/new", http.HandlerFunc(h.requisitionForm))
	mux.Handle("POST /requisitions/new", http.HandlerFunc(h.submitRequisition))
	mux.Handle("GET /requisitions/{id}", http.HandlerFunc(h.requisition))
	mux.Handle("POST /requisitions/{id}/approve", http.HandlerFunc(h.approveRequisition))
	mux.Handle("POST /requisitions/{id}/reject", http.HandlerFunc(h.rejectRequisition))
	mux.Handle("POST /requisitions/{id}/payments", http.HandlerFunc(h.payRequisition))
}

type reqList struct {
	Filter         listQuery
	Pots, Statuses []choice
	Rows           []reqRow
	Amount, Paid   money.Amount // of the rows not rejected
	Oversight      bool
	Mine           string // the coordinator's organisation, for the link to a new requisition
}

type reqRow struct {
	ID                           int64
	Org, OrgCode, Pot            string
	Year                         int
	Amount, Paid                 money.Amount
	Status, Submitted, Reference string
}

// requisitions lists requisitions; admins find the approval queue with
// ?status=submitted.
func (h *Handler) requisitions(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), language(r)
	lq, lf := readListQuery(r)
	list, _, err := h.cfg.Requisitions.Requisitions(ctx, lf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pots, names, err := h.potsAndNames(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := reqList{Filter: lq, Oversight: app.ActorFrom(ctx).Oversight(), Mine: myOrg(ctx),
		Pots: potOptions(pots, slices.Sorted(maps.Keys(pots)), lq.Pot),
		Statuses: statusOptions(lq.Status, "", pick(lang, "All", "Alla"),
			string(grant.ReqSubmitted), requisitionStatus(lang, grant.ReqSubmitted), string(grant.ReqApproved), requisitionStatus(lang, grant.ReqApproved),
			string(grant.ReqPaid), requisitionStatus(lang, grant.ReqPaid), string(grant.ReqRejected), requisitionStatus(lang, grant.ReqRejected))}
	out := &sheet{Name: "rekvisitioner", Header: []string{"Nr", "Organisation", "Kod", "År", "Pott", "Belopp (kr)", "Utbetalt (kr)", "Status", "Inskickad", "Referens"}}
	for _, q := range list {
		p := pots[q.PotID]
		row := reqRow{ID: q.ID, Org: names[q.OrgCode], OrgCode: q.OrgCode, Pot: p.Name, Year: p.Year, Amount: q.Amount, Paid: q.Paid,
			Status: requisitionStatus(lang, q.Status), Submitted: q.SubmittedAt, Reference: q.Reference}
		page.Rows = append(page.Rows, row)
		out.add(q.ID, row.Org, q.OrgCode, p.Year, p.Name, q.Amount, q.Paid, requisitionStatus("sv", q.Status), q.SubmittedAt, q.Reference)
		if q.Status != grant.ReqRejected {
			if page.Amount, err = page.Amount.Add(q.Amount); err == nil {
				page.Paid, err = page.Paid.Add(q.Paid)
			}
			if err != nil {
				h.fail(w, r, err)
				return
			}
		}
	}
	if h.exported(w, r, out) {
		return
	}
	h.render(w, r, http.StatusOK, "requisitions", pick(lang, "Requisitions", "Rekvisitioner"), page)
}

// reqLine is one line of a decided split an organisation may requisition
// from: its own, or a county's joint line it holds.
type reqLine struct {
	PotID                               int64
	Pot                                 string
	Year                                int
	Joint                               bool
	County, CountyName                  string
	Allocated, Requisitioned, Remaining money.Amount
	// Deadline is the pot's last day to requisition; Closed, that it has
	// passed by the service's clock, when the service refuses the line.
	Deadline grant.Date
	Closed   bool
}

// Value names the line in the form's select.
func (l reqLine) Value() string {
	if l.Joint {
		return "joint-" + l.County
	}
	return "own"
}

// orgLines finds org's lines in the decided splits (of one pot, or of all
// when potID is 0) and what is requisitioned of each, rejected ones left out.
func (h *Handler) orgLines(ctx context.Context, org string, potID int64) ([]reqLine, error) {
	pots, err := h.potsByID(ctx)
	if err != nil {
		return nil, err
	}
	allocated, err := h.cfg.Allocations.OrgLines(ctx, org, potID)
	if err != nil {
		return nil, err
	}
	reqs, _, err := h.cfg.Requisitions.Requisitions(ctx, app.ListFilter{OrgCode: org, PotID: potID})
	if err != nil {
		return nil, err
	}
	var lines []reqLine
	for _, l := range allocated {
		p := pots[l.PotID]
		line := reqLine{PotID: l.PotID, Pot: p.Name, Year: p.Year, Joint: l.Kind == allocate.KindSetAside,
			County: l.County, CountyName: h.counties[l.County], Allocated: l.Amount,
			Deadline: p.Deadline, Closed: p.Deadline.Before(h.now())}
		for _, q := range reqs {
			if q.PotID == line.PotID && q.Joint == line.Joint && (!q.Joint || q.County == line.County) && q.Status != grant.ReqRejected {
				if line.Requisitioned, err = line.Requisitioned.Add(q.Amount); err != nil {
					return nil, err
				}
			}
		}
		line.Remaining = line.Allocated - line.Requisitioned
		lines = append(lines, line)
	}
	slices.SortStableFunc(lines, func(x, y reqLine) int { return cmp.Or(cmp.Compare(y.Year, x.Year), cmp.Compare(x.PotID, y.PotID)) })
	return lines, nil
}

// reqNew is the form for a new requisition: without a pot, the pots the
// organisation may requisition from; with one, its lines and the amount.
type reqNew struct {
	Org   grant.Organisation
	PotID int64
	Pot   string
	Lines []reqLine
	Form  *form
	// Closed is the pot's deadline when it has passed: no form is offered.
	Closed grant.Date
}

func (h *Handler) requisitionForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	h.showRequisitionForm(w, r, http.StatusOK, q.Get("org"), q.Get("pot"), emptyForm(language(r), url.Values{"line": {"own"}}))
}

func (h *Handler) showRequisitionForm(w http.ResponseWriter, r *http.Request, status int, orgCode, pot string, f *form) {
	ctx, lang := r.Context(), language(r)
	if orgCode == "" {
		orgCode = myOrg(ctx)
	}
	if orgCode == "" {
		h.fail(w, r, grant.Errorf(grant.ENOTFOUND, "", "name the organisation with ?org=CODE", "ange organisationen med ?org=KOD"))
		return
	}
	if err := h.cfg.Requisitions.MayActFor(ctx, orgCode); err != nil {
		h.fail(w, r, err)
		return
	}
	page := reqNew{Org: grant.Organisation{Code: orgCode, Name: orgCode}, Form: f}
	if h.cfg.Organisations != nil {
		o, err := h.cfg.Organisations.Organisation(ctx, orgCode)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		page.Org = o
	}
	if pot != "" {
		var err error
		if page.PotID, err = parseID(pot); err != nil {
			h.fail(w, r, grant.NotFound("pot", "potten", pot))
			return
		}
		p, err := h.cfg.Allocations.Pot(ctx, page.PotID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		page.Pot = p.Name
	}
	lines, err := h.orgLines(ctx, orgCode, page.PotID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.Lines = lines
	if page.PotID != 0 && len(lines) > 0 && lines[0].Closed {
		page.Closed = lines[0].Deadline
	}
	if r.Method == http.MethodGet {
		out := &sheet{Name: "att-rekvirera-" + orgCode, Header: []string{"År", "Pott", "Gemensam rad för län", "Tilldelat (kr)", "Rekvirerat (kr)", "Återstår (kr)"}}
		for _, l := range lines {
			joint := ""
			if l.Joint {
				joint = l.CountyName
			}
			out.add(l.Year, l.Pot, joint, l.Allocated, l.Requisitioned, l.Remaining)
		}
		if h.exported(w, r, out) {
			return
		}
	}
	h.render(w, r, status, "requisition_form", pick(lang, "New requisition", "Ny rekvisition"), page)
}

func (h *Handler) submitRequisition(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	in := app.RequisitionInput{OrgCode: f.Required("org"), PotID: f.Int("pot", true), Amount: f.Amount("amount", true)}
	if county, ok := strings.CutPrefix(f.Get("line"), "joint-"); ok {
		in.Joint, in.County = true, county
	}
	if f.OK() {
		q, err := h.cfg.Requisitions.SubmitRequisition(r.Context(), in)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/requisitions/%d", q.ID), http.StatusSeeOther)
			return
		}
		if !f.Refused(err, "county", "line") {
			h.fail(w, r, err)
			return
		}
	}
	h.showRequisitionForm(w, r, http.StatusUnprocessableEntity, f.Get("org"), f.Get("pot"), f)
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err == nil && id <= 0 {
		err = fmt.Errorf("id %d is not positive", id)
	}
	return id, err
}
