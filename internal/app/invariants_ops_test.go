package app_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// The operation generators of TestRandomisedInvariants. invWorld is their
// model of what exists, kept from the answers of successful calls: it picks
// targets and tells whether an operation is meant to be valid. It is not the
// judge: the invariants are read from the database.

type invWant int

const (
	invAny     invWant = iota // the model cannot tell: only the invariants judge
	invOK                     // valid by the model: must succeed
	invRefused                // invalid by the model: must be refused
)

type (
	invKey struct { // an organisation's share of a pot, or of an agreement
		id  int64
		org string
	}
	// invOp is one operation: do calls the service and, on success, updates
	// the model. pot and ao name the ledger keys it may write.
	invOp struct {
		name  string
		want  invWant
		retry bool // an idempotent retry: success must write nothing
		pot   int64
		ao    invKey
		do    func() error
	}
	invAgreement struct {
		id            int64
		total, potSum money.Amount
	}
	invPot struct {
		p       grant.Pot
		ag      *invAgreement
		decided *invRun
		changed int // step of the last change of its amount
	}
	invRun struct {
		id, version int64
		pot         *invPot
		decided     bool
		computed    int // step of the last computation
		lines       []allocate.Line
	}
	invReq struct {
		grant.Requisition
		ag int64
	}
	invPaid struct { // a payment of a requisition or a repayment of a claim, and its id
		target, id int64
		amount     money.Amount
		on         grant.Date
		key        string
	}
)

type invWorld struct {
	svc                      *app.Service // on the harness's clock
	ctx                      context.Context
	table, skr               int64 // the population table; a pot SKR keeps: no recipients, no run
	rng                      *rand.Rand
	step, n                  int
	ags                      []*invAgreement
	pots                     []*invPot
	runs                     []*invRun
	reqs                     []*invReq
	claims                   []*grant.RepaymentClaim
	pays, repays             []invPaid
	subs                     []*grant.SubAllocation
	comms                    [][2]string             // committees and units: code, the principal they are inside
	requested                map[invKey]money.Amount // Σ requisitions not rejected, per (pot, org)
	paidPO, paidAO, activeAO map[invKey]money.Amount // paid per (pot, org), (agreement, org); Σ active sub-allocations
	reported                 map[invKey]bool
	poKeys, aoKeys           []invKey // paid pairs, in the order first paid
}

// invMix is the operation mix, by weight out of 90: mostly requisitions,
// decisions on them and payments, as in a grant's life.
var invMix = []struct {
	weight int
	gen    func(*invWorld) *invOp
	need   func(*invWorld) int // how many of what it acts on exist
}{
	{3, (*invWorld).createPot, nil}, {2, (*invWorld).updatePot, invPots}, {4, (*invWorld).createRun, invPots},
	{2, (*invWorld).recomputeRun, invRuns}, {4, (*invWorld).decideRun, invRuns}, {26, (*invWorld).submitRequisition, nil},
	{10, (*invWorld).approveRequisition, invReqs}, {2, (*invWorld).rejectRequisition, invReqs}, {18, (*invWorld).recordPayment, invReqs},
	{4, (*invWorld).submitReport, func(w *invWorld) int { return len(w.poKeys) }}, {4, (*invWorld).recordRepayment, func(w *invWorld) int { return len(w.claims) }},
	{8, (*invWorld).createSubAllocation, func(w *invWorld) int { return len(w.aoKeys) }}, {3, (*invWorld).withdrawSubAllocation, func(w *invWorld) int { return len(w.subs) }},
}

func invPots(w *invWorld) int { return len(w.pots) }
func invRuns(w *invWorld) int { return len(w.runs) }
func invReqs(w *invWorld) int { return len(w.reqs) }

// Small recipient sets keep runs cheap; county 07 has 8 municipalities.
var invRecipientSets = []grant.RecipientSet{"county:07", "county:09,07", "07,0780,0781", "county:09", "07,09"}

// newInvWorld records what the generators start from: the 2017 agreement
// (full: every further pot overfills it), four empty agreements, and the
// committees and units to sub-allocate to.
func newInvWorld(t *testing.T, svc *app.Service, f *fixture, seed uint64) (*invWorld, error) {
	w := &invWorld{svc: svc, ctx: f.ctx, table: f.table.ID, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		requested: map[invKey]money.Amount{}, paidPO: map[invKey]money.Amount{}, reported: map[invKey]bool{},
		paidAO: map[invKey]money.Amount{}, activeAO: map[invKey]money.Amount{}}
	a, pots := f.agreement2017(t)
	w.ags, w.skr = []*invAgreement{{id: a.ID, total: a.Total, potSum: a.Total}}, pots["SKL samordning"].ID
	for _, total := range []money.Amount{120 * money.Mkr, 90 * money.Mkr, 150 * money.Mkr, 60 * money.Mkr} {
		got, err := svc.CreateAgreement(w.ctx, grant.Agreement{Year: 2017, Title: "Överenskommelse", Parties: []string{"staten", "skr"}, Total: total})
		if err != nil {
			return nil, err
		}
		w.ags = append(w.ags, &invAgreement{id: got.ID, total: got.Total})
	}
	for _, c := range [][4]string{{"07-hsn", "07", "07", "committee"}, {"07-hsn-psyk", "07", "07-hsn", "unit"}, {"0780-sn", "0780", "0780", "committee"},
		{"0980-sn", "0980", "0980", "committee"}, {"09-hsn", "09", "09", "committee"}, {"0760-sn", "0760", "0760", "committee"}} { // code, inside, parent, kind
		w.comms = append(w.comms, [2]string{c[0], c[1]})
		if _, err := svc.CreateOrganisation(w.ctx, grant.Organisation{Code: c[0], Kind: grant.OrgKind(c[3]), Name: c[0], ParentCode: c[2]}); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// next draws an operation; a generator without a target answers nil.
func (w *invWorld) next() *invOp {
	for {
		r := w.rng.IntN(90)
		for _, m := range invMix {
			if r -= m.weight; r < 0 {
				if m.need == nil || m.need(w) > 0 {
					if op := m.gen(w); op != nil {
						return op
					}
				}
				break
			}
		}
	}
}

func pick[T any](w *invWorld, s []T) T { return s[w.rng.IntN(len(s))] }

// prefer picks from those of s that keep, with probability p, else from all.
func prefer[T any](w *invWorld, s []T, p float64, keep func(T) bool) T {
	if some := filter(s, keep); len(some) > 0 && w.chance(p) {
		return pick(w, some)
	}
	return pick(w, s)
}

func filter[T any](s []T, keep func(T) bool) []T {
	return slices.DeleteFunc(slices.Clone(s), func(x T) bool { return !keep(x) })
}

// invThen hands a successful answer to update, and returns the error.
func invThen[T any](got T, err error) func(update func(T)) error {
	return func(update func(T)) error {
		if err == nil {
			update(got)
		}
		return err
	}
}

func (w *invWorld) chance(p float64) bool { return w.rng.Float64() < p }
func (w *invWorld) seq() int              { w.n++; return w.n }
func kr(n int64) money.Amount             { return money.Amount(n) * money.Krona }

// upTo is an amount from 1 öre to max: often all of it, mostly a small part.
func (w *invWorld) upTo(max money.Amount) money.Amount {
	small := 1 + money.Amount(w.rng.Int64N(int64(max)/8+1))
	return []money.Amount{max, 1 + money.Amount(w.rng.Int64N(int64(max))), small, small, small}[w.rng.IntN(5)]
}

func (w *invWorld) over(max money.Amount) money.Amount {
	return max + 1 + money.Amount(w.rng.Int64N(1e8))
}

// date is a day of 2017 up to the clock's, 1 June: not in the future.
func (w *invWorld) date() grant.Date {
	return grant.Date(min(fmt.Sprintf("2017-%02d-%02d", 1+w.rng.IntN(6), 1+w.rng.IntN(28)), "2017-06-01"))
}

// versioned is an operation on a record read at version: refused when the
// record is in the wrong state (named) or the version is stale.
func (w *invWorld) versioned(name, state string, id, version int64, call func(id, version int64) error) *invOp {
	op := &invOp{name: name + "/" + state, want: invRefused}
	if state == "" && w.chance(0.1) {
		version, op.name = version+1-2*int64(w.rng.IntN(2)), name+"/stale_version"
	} else if state == "" {
		op.name, op.want = name, invOK
	}
	op.do = func() error { return call(id, version) }
	return op
}

// pay pays on target, of which left is outstanding; state says why nothing
// can be paid, if so. done holds what was paid, for retries (the first must
// answer) and for reusing a key with another amount (a conflict).
func (w *invWorld) pay(name, state string, target int64, left money.Amount, done *[]invPaid, call func(invPaid) (int64, error), paid func(money.Amount)) *invOp {
	op, in := &invOp{name: name, want: invRefused}, invPaid{target: target, amount: money.Krona, on: w.date(), key: fmt.Sprintf("key-%d", w.seq())}
	switch r := w.rng.IntN(20); {
	case r < 3 && len(*done) > 0:
		d := pick(w, *done)
		op.name, op.want, op.retry = name+"/retry", invOK, true
		op.do = func() error { // the first must answer
			if id, err := call(d); err != nil || id != d.id {
				return errors.Join(err, fmt.Errorf("the retry answered %d, not the first %d", id, d.id))
			}
			return nil
		}
		return op
	case r < 5 && len(*done) > 0:
		in = pick(w, *done)
		in.amount, op.name = in.amount+1, name+"/key_reused"
	case state != "":
		op.name = name + "/" + state
	case r < 8 || left <= 0:
		in.amount, op.name = w.over(left), name+"/over_outstanding"
	case r < 9:
		in.on, op.name = "2017-06-02", name+"/future"
	default:
		in.amount, op.want = w.upTo(left), invOK
	}
	op.do = func() error {
		id, err := call(in)
		if in.id = id; err == nil {
			*done = append(*done, in)
			paid(in.amount)
		}
		return err
	}
	return op
}

// potAmount is from 100 000 kr to min(free, 6 Mkr) in whole kronor.
func (w *invWorld) potAmount(free money.Amount) money.Amount {
	return kr(100_000 + w.rng.Int64N(int64(min(free, 6*money.Mkr)/money.Krona)-100_000+1))
}

func (w *invWorld) createPot() *invOp {
	a := pick(w, w.ags)
	free := a.total - a.potSum
	p := grant.Pot{AgreementID: a.id, Name: fmt.Sprintf("Delpost %d", w.seq()), Purpose: "insatser inom psykisk hälsa",
		Recipients: pick(w, invRecipientSets), PopulationTableID: w.table, Amount: free + kr(1+w.rng.Int64N(5_000_000))}
	if w.chance(0.2) {
		p.Key = allocate.KeyEqual
	}
	if w.chance(0.05) {
		p.RequisitionDeadline = "2017-05-31" // passed on the clock: nothing can be requisitioned
	}
	op := &invOp{name: "create_pot/overfill", want: invRefused}
	if r := w.rng.IntN(20); r >= 5 && free >= kr(100_000) {
		op.name, op.want, p.Amount = "create_pot", invOK, w.potAmount(free)
	}
	op.do = func() error {
		return invThen(w.svc.CreatePot(w.ctx, p))(func(got grant.Pot) {
			a.potSum, w.pots, op.pot = a.potSum+got.Amount, append(w.pots, &invPot{p: got, ag: a}), got.ID
		})
	}
	return op
}

func (w *invWorld) updatePot() *invOp {
	pp := pick(w, w.pots)
	p, op := pp.p, &invOp{name: "update_pot", want: invOK, pot: pp.p.ID}
	if p.Amount = w.potAmount(pp.ag.total - pp.ag.potSum + p.Amount); pp.decided != nil {
		op.name, op.want = "update_pot/decided", invRefused // a decided pot keeps its amount
	}
	op.do = func() error {
		return invThen(w.svc.UpdatePot(w.ctx, p))(func(got grant.Pot) { pp.ag.potSum, pp.p, pp.changed = pp.ag.potSum+got.Amount-pp.p.Amount, got, w.step })
	}
	return op
}

func (w *invWorld) createRun() *invOp {
	pp := prefer(w, w.pots, 0.85, func(p *invPot) bool { return p.decided == nil })
	op := &invOp{name: "create_run", want: invOK, pot: pp.p.ID}
	if pp.decided != nil {
		op.name, op.want = "create_run/decided_pot", invRefused
	}
	op.do = func() error {
		return invThen(w.svc.CreateRun(w.ctx, pp.p.ID))(func(r grant.AllocationRun) {
			w.runs = append(w.runs, &invRun{id: r.ID, version: r.Version, pot: pp, computed: w.step})
		})
	}
	return op
}

func (w *invWorld) recomputeRun() *invOp { return w.runOp(false) }
func (w *invWorld) decideRun() *invOp    { return w.runOp(true) }

// runOp recomputes or decides a run, preferring drafts of undecided pots.
func (w *invWorld) runOp(decide bool) *invOp {
	r := prefer(w, w.runs, 0.85, func(r *invRun) bool { return r.pot.decided == nil })
	stale := r.computed < r.pot.changed && !r.decided && r.pot.decided == nil
	name, state, call := "recompute_run", "", w.svc.RecomputeRun
	if decide {
		name, call = "decide_run", w.svc.DecideRun
	}
	if r.decided {
		state = "decided"
	} else if decide && r.pot.decided != nil {
		state = "other_run_decided"
	}
	op := w.versioned(name, state, r.id, r.version, func(id, version int64) error {
		return invThen(call(w.ctx, id, version))(func(got grant.AllocationRun) {
			if r.version, r.computed, r.lines = got.Version, w.step, got.Lines; decide {
				r.decided, r.pot.decided = true, r
			}
		})
	})
	if op.pot = r.pot.p.ID; decide && stale && op.want == invOK {
		op.name, op.want = name+"/pot_changed_since_computed", invAny
	}
	return op
}

func (w *invWorld) submitRequisition() *invOp {
	left := func(pp *invPot, l allocate.Line) money.Amount {
		return l.Amount - w.requested[invKey{pp.p.ID, l.Code}]
	}
	decided := filter(w.pots, func(p *invPot) bool { return p.decided != nil })
	op, in := &invOp{name: "submit_requisition/undecided_pot", want: invRefused}, app.RequisitionInput{PotID: w.skr, OrgCode: "07", Amount: money.Krona}
	if len(decided) > 0 && w.chance(0.97) {
		pp := prefer(w, decided, 0.95, func(pp *invPot) bool {
			return pp.p.RequisitionDeadline == "" && slices.ContainsFunc(pp.decided.lines, func(l allocate.Line) bool { return left(pp, l) > 0 })
		})
		l := prefer(w, pp.decided.lines, 0.9, func(l allocate.Line) bool { return left(pp, l) > 0 })
		in.PotID, in.OrgCode, op.name = pp.p.ID, l.Code, "submit_requisition"
		switch r, rem := w.rng.IntN(20), left(pp, l); {
		case r < 3 || rem <= 0:
			in.Amount, op.name = w.over(rem), "submit_requisition/over_line"
		case r < 5: // an organisation without a line, or none at all
			in.OrgCode = pick(w, filter([]string{"0680", "skr", "01", "0980", "07", "07-hsn", "9999"}, func(c string) bool {
				return !slices.ContainsFunc(pp.decided.lines, func(l allocate.Line) bool { return l.Code == c && l.Kind == allocate.KindRecipient })
			}))
			op.name = "submit_requisition/no_line"
		case pp.p.RequisitionDeadline != "":
			in.Amount, op.name = w.upTo(rem), "submit_requisition/after_deadline"
		case w.reported[invKey{pp.p.ID, l.Code}]:
			in.Amount, op.name = w.upTo(rem), "submit_requisition/after_report"
		default:
			in.Amount, op.want = w.upTo(rem), invOK
		}
	}
	op.pot, op.do = in.PotID, func() error {
		return invThen(w.svc.SubmitRequisition(w.ctx, in))(func(r grant.Requisition) {
			w.reqs = append(w.reqs, &invReq{r, w.pots[slices.IndexFunc(w.pots, func(p *invPot) bool { return p.p.ID == r.PotID })].ag.id})
			w.requested[invKey{r.PotID, r.OrgCode}] += r.Amount
		})
	}
	return op
}

func (w *invWorld) approveRequisition() *invOp { return w.decideRequisition(false) }
func (w *invWorld) rejectRequisition() *invOp  { return w.decideRequisition(true) }

func (w *invWorld) decideRequisition(reject bool) *invOp {
	q := prefer(w, w.reqs, 0.85, func(q *invReq) bool { return q.Status == grant.ReqSubmitted })
	name, state := "approve_requisition", map[bool]string{true: string(q.Status)}[q.Status != grant.ReqSubmitted]
	call := func(id, v int64) (grant.Requisition, error) { return w.svc.ApproveRequisition(w.ctx, id, v) }
	if reject {
		name, call = "reject_requisition", func(id, v int64) (grant.Requisition, error) {
			return w.svc.RejectRequisition(w.ctx, id, v, "fel belopp")
		}
	}
	op := w.versioned(name, state, q.ID, q.Version, func(id, version int64) error {
		return invThen(call(id, version))(func(got grant.Requisition) {
			if q.Requisition = got; got.Status == grant.ReqRejected {
				w.requested[invKey{got.PotID, got.OrgCode}] -= got.Amount
			}
		})
	})
	op.pot = q.PotID
	return op
}

func (w *invWorld) recordPayment() *invOp {
	q := prefer(w, w.reqs, 0.85, func(q *invReq) bool { return q.Status == grant.ReqApproved && !w.reported[invKey{q.PotID, q.OrgCode}] })
	state, po, ao := map[bool]string{true: string(q.Status)}[q.Status != grant.ReqApproved], invKey{q.PotID, q.OrgCode}, invKey{q.ag, q.OrgCode}
	if state == "" && w.reported[po] { // a report of use closes the money of (pot, org)
		state = "after_report"
	}
	op := w.pay("record_payment", state, q.ID, q.Outstanding(), &w.pays, func(m invPaid) (int64, error) {
		p, err := w.svc.RecordPayment(w.ctx, app.PaymentInput{RequisitionID: m.target, Amount: m.amount, PaidOn: m.on, IdempotencyKey: m.key})
		return p.ID, err
	}, func(amount money.Amount) {
		if q.Paid, q.Version = q.Paid+amount, q.Version+1; q.Paid == q.Amount {
			q.Status = grant.ReqPaid
		}
		if w.paidPO[po] == 0 {
			w.poKeys = append(w.poKeys, po)
		}
		if w.paidAO[ao] == 0 {
			w.aoKeys = append(w.aoKeys, ao)
		}
		w.paidPO[po], w.paidAO[ao] = w.paidPO[po]+amount, w.paidAO[ao]+amount
	})
	op.pot = q.PotID // its paid entry names the (agreement, org) to check
	return op
}

func (w *invWorld) submitReport() *invOp {
	po := prefer(w, w.poKeys, 0.9, func(po invKey) bool { return !w.reported[po] }) // else a second report
	op, in := &invOp{name: "submit_report", want: invOK, pot: po.id}, app.ReportInput{PotID: po.id, OrgCode: po.org, Used: w.paidPO[po], Comment: "Redovisning"}
	if w.chance(0.6) {
		in.Used = money.Amount(w.rng.Int64N(int64(in.Used) + 1))
		in.Unused = w.paidPO[po] - in.Used
	}
	if w.reported[po] {
		op.name, op.want = "submit_report/twice", invRefused
	} else if w.chance(0.15) {
		in.Unused, op.name, op.want = in.Unused+pick(w, []money.Amount{1, money.Krona, money.Mkr}), "submit_report/not_matching_paid", invRefused
	}
	op.do = func() error {
		return invThen(w.svc.SubmitReport(w.ctx, in))(func(got grant.UseReport) {
			if w.reported[po] = true; got.ClaimID != 0 {
				w.claims = append(w.claims, &grant.RepaymentClaim{ID: got.ClaimID, PotID: po.id, Amount: got.Unused})
			}
		})
	}
	return op
}

func (w *invWorld) recordRepayment() *invOp {
	c := prefer(w, w.claims, 0.85, func(c *grant.RepaymentClaim) bool { return c.Outstanding() > 0 })
	op := w.pay("record_repayment", map[bool]string{true: "settled"}[c.Outstanding() == 0 && w.chance(0.5)], c.ID, c.Outstanding(), &w.repays,
		func(m invPaid) (int64, error) {
			p, err := w.svc.RecordRepayment(w.ctx, app.RepaymentInput{ClaimID: m.target, Amount: m.amount, PaidOn: m.on, IdempotencyKey: m.key})
			return p.ID, err
		}, func(amount money.Amount) { c.Repaid += amount })
	op.pot = c.PotID
	return op
}

func (w *invWorld) createSubAllocation() *invOp {
	inside := func(ao invKey) [][2]string { return filter(w.comms, func(c [2]string) bool { return c[1] == ao.org }) }
	ao := prefer(w, w.aoKeys, 0.85, func(ao invKey) bool { return w.paidAO[ao] > w.activeAO[ao] && len(inside(ao)) > 0 })
	avail, own := w.paidAO[ao]-w.activeAO[ao], inside(ao)
	op, l := &invOp{name: "create_sub_allocation", want: invRefused, ao: ao}, grant.SubAllocation{AgreementID: ao.id, FromOrg: ao.org, Amount: 1, DecidedOn: w.date()}
	switch r := w.rng.IntN(20); {
	case len(own) == 0 || r < 2: // to itself, a municipality, another's committee, an unknown one
		others := filter(w.comms, func(c [2]string) bool { return c[1] != ao.org })
		l.ToOrg, op.name = pick(w, []string{ao.org, "0680", "skr", "nowhere", pick(w, others)[0]}), "create_sub_allocation/not_inside"
	case r < 6 || avail <= 0:
		l.ToOrg, l.Amount, op.name = pick(w, own)[0], w.over(avail), "create_sub_allocation/over_received"
	default:
		l.ToOrg, l.Amount, op.want = pick(w, own)[0], w.upTo(avail), invOK
	}
	op.do = func() error {
		return invThen(w.svc.CreateSubAllocation(w.ctx, l))(func(s grant.SubAllocation) { w.subs, w.activeAO[ao] = append(w.subs, &s), w.activeAO[ao]+s.Amount })
	}
	return op
}

func (w *invWorld) withdrawSubAllocation() *invOp {
	s := prefer(w, w.subs, 0.85, func(s *grant.SubAllocation) bool { return s.Status == grant.SubAllocActive })
	ao, state := invKey{s.AgreementID, s.FromOrg}, map[bool]string{true: "withdrawn"}[s.Status != grant.SubAllocActive]
	op := w.versioned("withdraw_sub_allocation", state, s.ID, s.Version, func(id, version int64) error {
		return invThen(w.svc.WithdrawSubAllocation(w.ctx, id, version))(func(got grant.SubAllocation) { *s, w.activeAO[ao] = got, w.activeAO[ao]-got.Amount })
	})
	op.ao = ao
	return op
}
