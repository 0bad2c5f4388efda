package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

type reportsPage struct {
	Filter  listQuery
	Reports []reportRow
	Totals  grant.ReportTotals
	Claims  []claimRow
	Claimed grant.ClaimTotals
	Created *reportRow // the report just submitted (?report=ID), to point at its claim
	Back    string
	Notice  string
	Mine    string
}

type reportRow struct {
	grant.UseReport
	Org, Pot string
	Year     int
}

type claimRow struct {
	grant.RepaymentClaim
	Org, Pot, State string
	Outstanding     money.Amount
	CanRepay        bool
	Form            *form
}

func claimStatus(lang string, s grant.ClaimStatus) string {
	switch s {
	case grant.ClaimOpen:
		return pick(lang, "open", "öppet")
	case grant.ClaimSettled:
		return pick(lang, "settled", "reglerat")
	}
	return string(s)
}

// reports lists reports of use and the repayment claims of unused money.
// Its two tables export as ?format=…, the claims with &table=claims.
func (h *Handler) reports(w http.ResponseWriter, r *http.Request) {
	h.showReports(w, r, http.StatusOK, r.URL.Query(), nil, 0)
}

func (h *Handler) showReports(w http.ResponseWriter, r *http.Request, status int, q url.Values, failed *form, claimID int64) {
	ctx, lang := r.Context(), language(r)
	rq := r.Clone(ctx)
	rq.URL.Path = "/reports" // also after a refused form, so that the page's own links lead here
	rq.URL.RawQuery = q.Encode()
	lq, lf := readListQuery(rq)
	reports, totals, err := h.cfg.FollowUp.Reports(ctx, app.ListFilter{Year: lf.Year, PotID: lf.PotID, OrgCode: lf.OrgCode})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	claims, claimed, err := h.cfg.FollowUp.Claims(ctx, lf)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pots, names, err := h.potsAndNames(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	admin := app.ActorFrom(ctx).Admin()
	page := reportsPage{Filter: lq, Totals: totals, Claimed: claimed, Back: rq.URL.RawQuery, Mine: myOrg(ctx)}
	if failed != nil {
		page.Notice = failed.Notice
	}
	created, _ := strconv.ParseInt(q.Get("report"), 10, 64)
	repSheet := &sheet{Name: "redovisningar", Header: []string{"Nr", "Organisation", "Kod", "År", "Pott", "Utbetalt (kr)", "Använt (kr)", "Ej använt (kr)", "Återkrav", "Inlämnad", "Kommentar"}}
	for _, rep := range reports {
		row := reportRow{UseReport: rep, Org: names[rep.OrgCode], Pot: pots[rep.PotID].Name, Year: pots[rep.PotID].Year}
		page.Reports = append(page.Reports, row)
		if rep.ID == created {
			page.Created = &row
		}
		claim := ""
		if rep.ClaimID != 0 {
			claim = strconv.FormatInt(rep.ClaimID, 10)
		}
		repSheet.add(rep.ID, row.Org, rep.OrgCode, row.Year, row.Pot, rep.Paid, rep.Used, rep.Unused, claim, rep.SubmittedAt, rep.Comment)
	}
	claimSheet := &sheet{Name: "aterkrav", Header: []string{"Nr", "Organisation", "Kod", "År", "Pott", "Återkrävt (kr)", "Återbetalt (kr)", "Återstår (kr)", "Status", "Skapat"}}
	for _, c := range claims {
		row := claimRow{RepaymentClaim: c, Org: names[c.OrgCode], Pot: pots[c.PotID].Name, State: claimStatus(lang, c.Status),
			Outstanding: c.Outstanding(), CanRepay: admin && c.Status == grant.ClaimOpen}
		if failed != nil && c.ID == claimID {
			row.Form = failed
		} else {
			row.Form = emptyForm(lang, url.Values{"amount": {c.Outstanding().String()}, "paid_on": {h.now().Format(time.DateOnly)}, "idempotency_key": {newKey()}})
		}
		page.Claims = append(page.Claims, row)
		claimSheet.add(c.ID, row.Org, c.OrgCode, pots[c.PotID].Year, row.Pot, c.Amount, c.Repaid, c.Outstanding(), claimStatus("sv", c.Status), c.CreatedAt)
	}
	out := repSheet
	if r.URL.Query().Get("table") == "claims" {
		out = claimSheet
	}
	if h.exported(w, rq, out) {
		return
	}
	h.render(w, rq, status, "reports", pick(lang, "Reports of use", "Redovisningar"), page)
}

// repayClaim records money paid back on a claim; the form's idempotency
// key makes a second submit of it a retry that records nothing more.
func (h *Handler) repayClaim(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	id, err := pathID(r, "id", "repayment claim", "återkravet")
	in := app.RepaymentInput{ClaimID: id, Amount: f.Amount("amount", true), PaidOn: f.Date("paid_on", true), IdempotencyKey: f.Required("idempotency_key")}
	if err == nil && f.OK() {
		_, err = h.cfg.FollowUp.RecordRepayment(r.Context(), in)
	}
	if err == nil && f.OK() {
		http.Redirect(w, r, backTo("/reports", f.Get("back")), http.StatusSeeOther)
		return
	}
	if err != nil && !f.Refused(err) {
		h.fail(w, r, err)
		return
	}
	if f.Notice == "" {
		f.Notice = pick(f.Lang, "The repayment has an error; see the claim below.", "Återbetalningen har ett fel; se återkravet nedan.")
	}
	back, _ := parseQuery(f.Get("back"))
	h.showReports(w, r, http.StatusUnprocessableEntity, back, f, id)
}

// reportNew is the form for a report of use of one pot.
type reportNew struct {
	Org   grant.Organisation
	PotID int64
	Pot   string
	Paid  money.Amount
	Form  *form
}

func (h *Handler) reportForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	h.showReportForm(w, r, http.StatusOK, q.Get("org"), q.Get("pot"), emptyForm(language(r), nil))
}

func (h *Handler) showReportForm(w http.ResponseWriter, r *http.Request, status int, orgCode, pot string, f *form) {
	ctx, lang := r.Context(), language(r)
	if orgCode == "" {
		orgCode = myOrg(ctx)
	}
	potID, err := parseID(pot)
	if orgCode == "" || err != nil {
		h.fail(w, r, grant.Errorf(grant.ENOTFOUND, "", "name the organisation and pot with ?org=CODE&pot=ID", "ange organisation och pott med ?org=KOD&pot=ID"))
		return
	}
	if err := h.cfg.FollowUp.MayActFor(ctx, orgCode); err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.cfg.Allocations.Pot(ctx, potID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := reportNew{Org: grant.Organisation{Code: orgCode, Name: orgCode}, PotID: p.ID, Pot: p.Name, Form: f}
	if h.cfg.Organisations != nil {
		if page.Org, err = h.cfg.Organisations.Organisation(ctx, orgCode); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if h.cfg.Requisitions != nil {
		reqs, _, err := h.cfg.Requisitions.Requisitions(ctx, app.ListFilter{OrgCode: orgCode, PotID: potID})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, q := range reqs {
			if page.Paid, err = page.Paid.Add(q.Paid); err != nil {
				h.fail(w, r, err)
				return
			}
		}
	}
	h.render(w, r, status, "report_form", pick(lang, "Report of use", "Redovisning av användning"), page)
}

func (h *Handler) submitReport(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	in := app.ReportInput{OrgCode: f.Required("org"), PotID: f.Int("pot", true), Used: f.Amount("used", true), Unused: f.Amount("unused", false),
		Comment: f.Get("comment")}
	if f.OK() {
		rep, err := h.cfg.FollowUp.SubmitReport(r.Context(), in)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/reports?org=%s&report=%d", url.QueryEscape(rep.OrgCode), rep.ID), http.StatusSeeOther)
			return
		}
		if !f.Refused(err) {
			h.fail(w, r, err)
			return
		}
	}
	h.showReportForm(w, r, http.StatusUnprocessableEntity, f.Get("org"), f.Get("pot"), f)
}
