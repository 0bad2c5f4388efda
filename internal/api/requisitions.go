package api

import (
	"net/http"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// RequisitionIn is the body that requisitions (part of) an organisation's
// line of a pot's decided split.
type RequisitionIn struct {
	PotID   int64        `json:"pot_id" jsonschema:"description=The pot whose decided split is drawn on"`
	OrgCode string       `json:"org_code" jsonschema:"description=The requisitioning organisation"`
	Joint   bool         `json:"joint,omitzero" jsonschema:"description=Requisition the county-joint set-aside line; only its holder may"`
	County  string       `json:"county,omitempty" jsonschema:"description=The county of the joint line; required with joint"`
	Amount  money.Amount `json:"amount" jsonschema:"description=Öre; at most what remains on the line"`
}

// Requisition is a requisition as the API shows it.
type Requisition struct {
	ID          int64  `json:"id"`
	PotID       int64  `json:"pot_id"`
	RunID       int64  `json:"run_id" jsonschema:"description=The decided allocation run drawn on"`
	OrgCode     string `json:"org_code"`
	Joint       bool   `json:"joint"`
	County      string `json:"county,omitempty"`
	Amount      Money  `json:"amount"`
	Paid        Money  `json:"paid" jsonschema:"description=The sum of its payments"`
	Outstanding Money  `json:"outstanding" jsonschema:"description=What remains to be paid"`
	Reference   string `json:"reference" jsonschema:"description=The text of the invoice: purpose and diary number"`
	Status      string `json:"status" jsonschema:"enum=submitted,enum=approved,enum=paid,enum=rejected"`
	Reason      string `json:"reason,omitempty" jsonschema:"description=Why it was rejected"`
	SubmittedAt string `json:"submitted_at"`
	SubmittedBy string `json:"submitted_by"`
	DecidedAt   string `json:"decided_at,omitempty"`
	DecidedBy   string `json:"decided_by,omitempty"`
	Version     int64  `json:"version"`
}

// RejectionIn is the body of a rejection.
type RejectionIn struct {
	Reason string `json:"reason" jsonschema:"description=Why; shown to the recipient"`
}

// PaymentIn records money paid out on an approved requisition.
type PaymentIn struct {
	Amount         money.Amount `json:"amount" jsonschema:"description=Öre; at most what remains to pay on the requisition"`
	PaidOn         grant.Date   `json:"paid_on" jsonschema:"description=The day the money was paid; not in the future"`
	IdempotencyKey string       `json:"idempotency_key,omitempty" jsonschema:"description=Required unless the Idempotency-Key header is sent (which then serves as the key); a payment recorded under a key is never recorded twice"`
}

// Payment is a payment as the API shows it.
type Payment struct {
	ID             int64      `json:"id"`
	RequisitionID  int64      `json:"requisition_id"`
	Amount         Money      `json:"amount"`
	PaidOn         grant.Date `json:"paid_on"`
	IdempotencyKey string     `json:"idempotency_key"`
	CreatedAt      string     `json:"created_at"`
	CreatedBy      string     `json:"created_by"`
}

func requisitionOut(r grant.Requisition) Requisition {
	return Requisition{ID: r.ID, PotID: r.PotID, RunID: r.RunID, OrgCode: r.OrgCode, Joint: r.Joint, County: r.County,
		Amount: M(r.Amount), Paid: M(r.Paid), Outstanding: M(r.Outstanding()), Reference: r.Reference, Status: string(r.Status),
		Reason: r.Reason, SubmittedAt: r.SubmittedAt, SubmittedBy: r.SubmittedBy, DecidedAt: r.DecidedAt, DecidedBy: r.DecidedBy, Version: r.Version}
}

func paymentOut(p grant.Payment) Payment {
	return Payment{ID: p.ID, RequisitionID: p.RequisitionID, Amount: M(p.Amount), PaidOn: p.PaidOn, IdempotencyKey: p.IdempotencyKey,
		CreatedAt: p.CreatedAt, CreatedBy: p.CreatedBy}
}

// pageOf cuts page p out of a whole list.
func pageOf[T any](list []T, p Page) []T {
	lo := min(p.Offset, len(list))
	return list[lo:min(lo+p.Limit, len(list))]
}

// enumParam is a documented query parameter limited to values.
func enumParam(name, description string, values ...string) Param {
	return Param{Name: name, Description: description, Enum: values}
}

// moneyKey is the key a payment or repayment is recorded under in the app:
// the Idempotency-Key header when sent, else the body's; one of them is
// required, and when both are sent they must agree.
func moneyKey(r *http.Request, body string) (string, error) {
	header, _, err := idempotencyKey(r)
	if err != nil {
		return "", err
	}
	switch body = strings.TrimSpace(body); {
	case header != "" && body != "" && header != body:
		return "", grant.Errorf(grant.EINVALID, "idempotency_key", "idempotency_key differs from the Idempotency-Key header; send one, or the same in both",
			"idempotency_key skiljer sig från huvudet Idempotency-Key; skicka en av dem, eller samma i båda")
	case header != "":
		return header, nil
	case body == "":
		return "", grant.Errorf(grant.EINVALID, "idempotency_key", "an Idempotency-Key header or an idempotency_key is required, so that a retry cannot pay twice",
			"ett huvud Idempotency-Key eller en idempotency_key krävs, så att ett nytt försök inte kan betala två gånger")
	}
	return body, nil
}

func (h *Handler) registerRequisitions(rt *Router) {
	tags := []string{"requisitions"}
	id := []Param{{Name: "id", Type: Integer, Description: "The requisition's id"}}
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/requisitions", Summary: "List requisitions", Tags: tags,
		Description: "Requisitions, oldest first.",
		Query: append(filterParams("pot_id", "agreement_id", "org", "county", "year", "as_of"),
			enumParam("status", "Only requisitions in this state.", "submitted", "approved", "paid", "rejected")),
		Paged: true, Response: List[Requisition]{},
		Handler: listOf(h.svc.Requisitions, requisitionOut)})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/requisitions/{id}", Summary: "Get a requisition", Tags: tags,
		Path: id, Response: Requisition{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			if !ok {
				return
			}
			req, err := h.svc.Requisition(ctx(r), n)
			respondVersioned(w, r, http.StatusOK, requisitionOut(req), req.Version, err)
		}})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/requisitions", Summary: "Submit a requisition", Tags: tags,
		Description: "Requisitions part or all of what remains of an organisation's line of the pot's decided split, before the pot's requisition deadline.",
		Body:        RequisitionIn{}, Response: Requisition{}, Status: http.StatusCreated, ETag: true, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			var in RequisitionIn
			if !decodeOK(w, r, &in) {
				return
			}
			req, err := h.svc.SubmitRequisition(ctx(r), app.RequisitionInput{PotID: in.PotID, OrgCode: in.OrgCode, Joint: in.Joint,
				County: in.County, Amount: in.Amount})
			respondVersioned(w, r, http.StatusCreated, requisitionOut(req), req.Version, err)
		}})
	decide := func(reject bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			n, version, ok := pathVersion(w, r)
			if !ok {
				return
			}
			var req grant.Requisition
			var err error
			if reject {
				var in RejectionIn
				if !decodeOK(w, r, &in) {
					return
				}
				req, err = h.svc.RejectRequisition(ctx(r), n, version, in.Reason)
			} else {
				req, err = h.svc.ApproveRequisition(ctx(r), n, version)
			}
			respondVersioned(w, r, http.StatusOK, requisitionOut(req), req.Version, err)
		}
	}
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/requisitions/{id}/approve", Summary: "Approve a submitted requisition", Tags: tags,
		Path: id, Response: Requisition{}, ETag: true, IfMatch: true, Handler: decide(false)})
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/requisitions/{id}/reject", Summary: "Reject a submitted requisition", Tags: tags,
		Description: "Its amount becomes requisitionable again.",
		Path:        id, Body: RejectionIn{}, Response: Requisition{}, ETag: true, IfMatch: true, Handler: decide(true)})

	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/requisitions/{id}/payments", Summary: "Record a payment", Tags: tags,
		Description: "Records money paid on an approved requisition; the one that reaches its amount makes it paid. Every payment moves the requisition's version. " +
			"The payment is recorded under the Idempotency-Key header, or under idempotency_key when no header is sent: a retry with the same key and content answers the first payment and pays nothing.",
		Path: id, Body: PaymentIn{}, Response: Payment{}, Status: http.StatusCreated, Idempotent: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			if !ok {
				return
			}
			var in PaymentIn
			if !decodeOK(w, r, &in) {
				return
			}
			key, err := moneyKey(r, in.IdempotencyKey)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			p, err := h.svc.RecordPayment(ctx(r), app.PaymentInput{RequisitionID: n, Amount: in.Amount, PaidOn: in.PaidOn, IdempotencyKey: key})
			err = pathRecord(err, "requisition_id")
			respond(w, r, http.StatusCreated, paymentOut(p), err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/requisitions/{id}/payments", Summary: "List a requisition's payments", Tags: tags,
		Path: id, Paged: true, Response: List[Payment]{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			n, ok := pathID(w, r)
			if !ok {
				return
			}
			p, err := ParsePage(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			if _, err := h.svc.Requisition(ctx(r), n); err != nil { // 404 rather than an empty list
				WriteError(w, r, err)
				return
			}
			list, err := h.svc.RequisitionPayments(ctx(r), n)
			respond(w, r, http.StatusOK, NewList(r, p, mapSlice(pageOf(list, p), paymentOut), len(list)), err)
		}})
	rt.Handle(Route{Method: "GET", Pattern: "/api/v1/payments", Summary: "List payments", Tags: tags,
		Description: "Payments, oldest first, filtered through their requisitions.",
		Query:       filterParams("pot_id", "agreement_id", "org", "county", "year"), Paged: true, Response: List[Payment]{},
		Handler: listOf(h.svc.Payments, paymentOut)})
}

// pathRecord turns the app's complaint about a record named in its input
// field (missing or not found) into 404: the API takes the record from the
// path, where a wrong id means no such resource.
func pathRecord(err error, field string) error {
	if e, ok := err.(*grant.Error); ok && e.Code == grant.EINVALID && e.Field == field {
		return &grant.Error{Code: grant.ENOTFOUND, Message: e.Message, Swedish: e.Swedish}
	}
	return err
}
