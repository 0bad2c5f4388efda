package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// reqPage is one requisition with its payments and, for an administrator,
// the forms that decide and pay it.
type reqPage struct {
	Req               grant.Requisition
	Org, Pot, Status  string
	Year              int
	Outstanding       money.Amount
	Payments          []grant.Payment
	CanDecide, CanPay bool
	MayReport         bool // paid, and the actor may report its use
	Decide, Reject    *form
	Pay               *form
}

// requisitionForms are the forms of the page as they were submitted; nil
// ones are shown empty.
type requisitionForms struct{ decide, reject, pay *form }

func (h *Handler) requisition(w http.ResponseWriter, r *http.Request) {
	h.showRequisition(w, r, http.StatusOK, requisitionForms{})
}

func (h *Handler) showRequisition(w http.ResponseWriter, r *http.Request, status int, forms requisitionForms) {
	ctx, lang := r.Context(), language(r)
	id, err := pathID(r, "id", "requisition", "rekvisitionen")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q, err := h.cfg.Requisitions.Requisition(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	payments, err := h.cfg.Requisitions.RequisitionPayments(ctx, id)
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
	page := reqPage{Req: q, Org: org(names[q.OrgCode], q.OrgCode), Pot: pots[q.PotID].Name, Year: pots[q.PotID].Year,
		Status: requisitionStatus(lang, q.Status), Outstanding: q.Outstanding(), Payments: payments,
		CanDecide: admin && q.Status == grant.ReqSubmitted, CanPay: admin && q.Status == grant.ReqApproved,
		Decide: forms.decide, Reject: forms.reject, Pay: forms.pay}
	page.MayReport = q.Status == grant.ReqPaid && h.cfg.FollowUp != nil && h.cfg.Requisitions.MayActFor(ctx, q.OrgCode) == nil
	if page.Decide == nil {
		page.Decide = emptyForm(lang, nil)
	}
	if page.Reject == nil {
		page.Reject = emptyForm(lang, nil)
	}
	if page.Pay == nil {
		page.Pay = emptyForm(lang, url.Values{"amount": {q.Outstanding().String()}, "paid_on": {h.now().Format(time.DateOnly)},
			"idempotency_key": {newKey()}})
	}
	out := &sheet{Name: fmt.Sprintf("rekvisition-%d-utbetalningar", q.ID), Header: []string{"Utbetald", "Belopp (kr)", "Registrerad", "Av"}}
	for _, p := range payments {
		out.add(string(p.PaidOn), p.Amount, p.CreatedAt, p.CreatedBy)
	}
	if r.Method == http.MethodPost { // a refused form: the page's own links lead to the requisition
		r = r.Clone(ctx)
		r.URL.Path, r.URL.RawQuery = fmt.Sprintf("/requisitions/%d", q.ID), ""
	}
	if h.exported(w, r, out) {
		return
	}
	h.render(w, r, status, "requisition", fmt.Sprintf(pick(lang, "Requisition %d", "Rekvisition %d"), q.ID), page)
}

// decided redirects to the requisition after an action, or shows the page
// again with why it was refused.
func (h *Handler) decided(w http.ResponseWriter, r *http.Request, f *form, err error, forms requisitionForms) {
	if err == nil && f.OK() {
		http.Redirect(w, r, "/requisitions/"+r.PathValue("id"), http.StatusSeeOther)
		return
	}
	if err != nil && !f.Refused(err) {
		h.fail(w, r, err)
		return
	}
	if grant.ErrorCode(err) == grant.EPRECONDITION {
		// The page was stale: show the requisition as it is now, with fresh forms.
		fresh := emptyForm(f.Lang, nil)
		fresh.Notice = f.Notice
		forms = requisitionForms{decide: fresh}
	}
	h.showRequisition(w, r, http.StatusUnprocessableEntity, forms)
}

func (h *Handler) approveRequisition(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	id, err := pathID(r, "id", "requisition", "rekvisitionen")
	version := f.Int("version", true)
	if err == nil && f.OK() {
		_, err = h.cfg.Requisitions.ApproveRequisition(r.Context(), id, version)
	}
	h.decided(w, r, f, err, requisitionForms{decide: f})
}

func (h *Handler) rejectRequisition(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	id, err := pathID(r, "id", "requisition", "rekvisitionen")
	version, reason := f.Int("version", true), f.Required("reason")
	if err == nil && f.OK() {
		_, err = h.cfg.Requisitions.RejectRequisition(r.Context(), id, version, reason)
	}
	h.decided(w, r, f, err, requisitionForms{reject: f})
}

// payRequisition records a payment. A form submitted again carries the
// key of the payment it already made, and the service answers with that
// payment; otherwise a form older than the requisition is stale.
func (h *Handler) payRequisition(w http.ResponseWriter, r *http.Request) {
	ctx, f := r.Context(), newForm(r)
	id, err := pathID(r, "id", "requisition", "rekvisitionen")
	in := app.PaymentInput{RequisitionID: id, Amount: f.Amount("amount", true), PaidOn: f.Date("paid_on", true), IdempotencyKey: f.Required("idempotency_key")}
	version := f.Int("version", true)
	if err == nil && f.OK() {
		// Only an administrator's payment gets this far in the service; anyone
		// else is refused there, without learning whether the page was stale.
		if app.ActorFrom(ctx).Admin() {
			err = h.checkPaymentVersion(r, id, version, in.IdempotencyKey)
		}
		if err == nil {
			_, err = h.cfg.Requisitions.RecordPayment(ctx, in)
		}
	}
	h.decided(w, r, f, err, requisitionForms{pay: f})
}

func (h *Handler) checkPaymentVersion(r *http.Request, id, version int64, key string) error {
	payments, err := h.cfg.Requisitions.RequisitionPayments(r.Context(), id)
	if err != nil {
		return err
	}
	for _, p := range payments {
		if p.IdempotencyKey == key {
			return nil // a retry: the service returns the first payment
		}
	}
	q, err := h.cfg.Requisitions.Requisition(r.Context(), id)
	if err != nil {
		return err
	}
	if q.Version != version {
		return stale()
	}
	return nil
}
