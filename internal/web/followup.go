package web

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// FollowUp is what the condition and report-of-use pages need.
type FollowUp interface {
	MayActFor(ctx context.Context, org string) error
	SubmitCondition(ctx context.Context, conditionID int64, org, document string) (grant.Fulfilment, error)
	ApproveCondition(ctx context.Context, conditionID int64, org string, version int64) (grant.Fulfilment, error)
	RejectCondition(ctx context.Context, conditionID int64, org string, version int64, reason string) (grant.Fulfilment, error)
	ConditionStatuses(ctx context.Context, f app.ListFilter) ([]grant.ConditionStatus, int, error)
	SubmitReport(ctx context.Context, in app.ReportInput) (grant.UseReport, error)
	Reports(ctx context.Context, f app.ListFilter) ([]grant.UseReport, grant.ReportTotals, error)
	Claims(ctx context.Context, f app.ListFilter) ([]grant.RepaymentClaim, grant.ClaimTotals, error)
	RecordRepayment(ctx context.Context, in app.RepaymentInput) (grant.Repayment, error)
}

func (h *Handler) registerFollowUp(mux Mux) {
	if h.cfg.FollowUp == nil || h.cfg.Allocations == nil {
		return
	}
	mux.Handle("GET /conditions", http.HandlerFunc(h.conditions))
	mux.Handle("POST /conditions/{id}/submit", http.HandlerFunc(h.submitCondition))
	mux.Handle("POST /conditions/{id}/approve", http.HandlerFunc(h.approveCondition))
	mux.Handle("POST /conditions/{id}/reject", http.HandlerFunc(h.rejectCondition))
	mux.Handle("GET /reports", http.HandlerFunc(h.reports))
	mux.Handle("GET /reports/new", http.HandlerFunc(h.reportForm))
	mux.Handle("POST /reports/new", http.HandlerFunc(h.submitReport))
	mux.Handle("POST /claims/{id}/repayments", http.HandlerFunc(h.repayClaim))
}

// fulfilmentStatus names a condition's status; overdue is a word of its
// own, so that it is not shown by colour alone.
func fulfilmentStatus(lang string, s grant.FulfilmentStatus) string {
	switch s {
	case grant.FulfilNotSubmitted:
		return pick(lang, "not submitted", "ej inlämnat")
	case grant.FulfilSubmitted:
		return pick(lang, "submitted", "inlämnat")
	case grant.FulfilApproved:
		return pick(lang, "approved", "godkänt")
	case grant.FulfilRejected:
		return pick(lang, "rejected", "avslaget")
	}
	return string(s)
}

func conditionKind(lang string, k grant.ConditionKind) string {
	switch k {
	case grant.CondAnalysis:
		return pick(lang, "analysis", "analys")
	case grant.CondActionPlan:
		return pick(lang, "action plan", "handlingsplan")
	case grant.CondReport:
		return pick(lang, "report", "redovisning")
	}
	return pick(lang, "other", "övrigt")
}

type condPage struct {
	Filter         listQuery
	Pager          pager
	Pots, Statuses []choice
	Rows           []condRow
	Back           string // the page's query, for the forms to return to
	Notice         string // why an action was refused
}

type condRow struct {
	grant.ConditionStatus
	Pot, Kind, State     string
	Key                  string // unique in the page, for the fields' ids
	CanSubmit, CanDecide bool
	Form                 *form // the submitted form of this row, if it was refused
}

// conditionsPageSize is the rows of the requirements board a page shows: an
// administrator's year is every condition × 311 principals.
const conditionsPageSize = 200

// conditions is the requirements board: each condition of each decided
// split per recipient, with what the actor may do about it.
func (h *Handler) conditions(w http.ResponseWriter, r *http.Request) {
	h.showConditions(w, r, http.StatusOK, r.URL.Query(), nil, 0, "")
}

// showConditions lists with the filter q; a refused form is shown again
// on its row (condition, org).
func (h *Handler) showConditions(w http.ResponseWriter, r *http.Request, status int, q url.Values, failed *form, condID int64, orgCode string) {
	ctx, lang := r.Context(), language(r)
	rq := r.Clone(ctx)
	rq.URL.Path = "/conditions" // also after a refused form, so that the page's own links lead here
	rq.URL.RawQuery = q.Encode()
	lq, lf := readListQuery(rq)
	exporting := q.Get("format") != ""
	if !exporting { // the download holds every row; the page a screenful
		lf.Limit, lf.Count = conditionsPageSize, true
		lf.Offset, _ = strconv.Atoi(q.Get("offset"))
		lf.Offset = max(lf.Offset, 0)
	}
	list, total, err := h.cfg.FollowUp.ConditionStatuses(ctx, lf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pots, err := h.potsByID(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	actor, coordinator := app.ActorFrom(ctx), len(coordinated(ctx)) > 0
	page := condPage{Filter: lq, Back: rq.URL.RawQuery, Pots: potOptions(pots, slices.Sorted(maps.Keys(pots)), lq.Pot),
		Statuses: statusOptions(lq.Status, "", pick(lang, "All", "Alla"), "not_submitted", fulfilmentStatus(lang, grant.FulfilNotSubmitted),
			"submitted", fulfilmentStatus(lang, grant.FulfilSubmitted), "approved", fulfilmentStatus(lang, grant.FulfilApproved),
			"rejected", fulfilmentStatus(lang, grant.FulfilRejected), "overdue", pick(lang, "overdue", "försenat"))}
	if failed != nil {
		page.Notice = failed.Notice
	}
	if !exporting {
		page.Pager = newPager(rq.URL.Path, q, lf.Offset, conditionsPageSize, len(list), total)
	}
	out := &sheet{Name: "villkor", Header: []string{"Villkor", "Typ", "År", "Pott", "Organisation", "Kod", "Senast", "Status", "Försenat", "Inlämnat", "Skäl"}}
	mayAct := map[string]bool{}
	for _, c := range list {
		row := condRow{ConditionStatus: c, Pot: pots[c.PotID].Name, Kind: conditionKind(lang, c.Kind), State: fulfilmentStatus(lang, c.Status),
			Key: strconv.FormatInt(c.ConditionID, 10) + "-" + c.OrgCode}
		open := c.Status == grant.FulfilNotSubmitted || c.Status == grant.FulfilRejected
		if open && coordinator { // only coordinators hand in; the service decides for whom
			may, ok := mayAct[c.OrgCode]
			if !ok {
				may = h.cfg.FollowUp.MayActFor(ctx, c.OrgCode) == nil
				mayAct[c.OrgCode] = may
			}
			row.CanSubmit = may
		}
		row.CanDecide = actor.Admin() && c.Status == grant.FulfilSubmitted
		if failed != nil && c.ConditionID == condID && c.OrgCode == orgCode {
			row.Form = failed
		} else {
			row.Form = emptyForm(lang, nil)
		}
		overdue := ""
		if c.Overdue {
			overdue = "ja"
		}
		page.Rows = append(page.Rows, row)
		out.add(c.Title, conditionKind("sv", c.Kind), pots[c.PotID].Year, row.Pot, c.OrgName, c.OrgCode, string(c.DueDate),
			fulfilmentStatus("sv", c.Status), overdue, c.SubmittedAt, c.Reason)
	}
	if h.exported(w, rq, out) {
		return
	}
	h.render(w, rq, status, "conditions", pick(lang, "Conditions", "Villkor"), page)
}

// conditionAction reads the form of a row, runs act and returns to the
// list, or shows it again with the refusal on the row.
func (h *Handler) conditionAction(w http.ResponseWriter, r *http.Request, f *form, act func(id int64, org string) error) {
	id, err := pathID(r, "id", "condition", "villkoret")
	orgCode := f.Required("org")
	if err == nil && f.OK() {
		err = act(id, orgCode)
	}
	back, _ := parseQuery(f.Get("back"))
	if err == nil && f.OK() {
		http.Redirect(w, r, backTo("/conditions", f.Get("back")), http.StatusSeeOther)
		return
	}
	if err != nil && !f.Refused(err) {
		h.fail(w, r, err)
		return
	}
	if f.Notice == "" {
		f.Notice = pick(f.Lang, "The form has an error; see the row below.", "Formuläret har ett fel; se raden nedan.")
	}
	h.showConditions(w, r, http.StatusUnprocessableEntity, back, f, id, orgCode)
}

func (h *Handler) submitCondition(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	doc := f.Required("document")
	h.conditionAction(w, r, f, func(id int64, org string) error {
		_, err := h.cfg.FollowUp.SubmitCondition(r.Context(), id, org, doc)
		return err
	})
}

func (h *Handler) approveCondition(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	version := f.Int("version", true)
	h.conditionAction(w, r, f, func(id int64, org string) error {
		_, err := h.cfg.FollowUp.ApproveCondition(r.Context(), id, org, version)
		return err
	})
}

func (h *Handler) rejectCondition(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	version, reason := f.Int("version", true), f.Required("reason")
	h.conditionAction(w, r, f, func(id int64, org string) error {
		_, err := h.cfg.FollowUp.RejectCondition(r.Context(), id, org, version, reason)
		return err
	})
}
