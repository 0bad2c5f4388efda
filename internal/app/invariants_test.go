package app_test

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store/storetest"
)

// TestRandomisedInvariants drives random operations, valid and invalid, on
// both engines through the public *app.Service methods (generators and mix:
// invariants_ops_test.go) and checks after every one that (1) Σ lines of a
// decided run = its pot's amount, one decided run per pot at most; (2) Σ pots
// ≤ the agreement's total, and so is the allocated money; (3) per decided
// line, requisitioned (not rejected) ≤ its amount; (4) per requisition Σ
// payments ≤ amount, paid ⇔ Σ = amount, none unless approved; (5) per (pot,
// org) used + unused = paid once reported, Σ repaid ≤ claimed = unused; (6) per
// (agreement, org) Σ active sub-allocations ≤ Σ paid; (7) the ledger's sums
// per key and kind equal the records; (8) the ledger and the audit log only
// grow, a successful write is audited, a refused operation or an idempotent
// retry writes nothing. An error must be a *grant.Error whose code is not
// EINTERNAL; an operation valid by the generators' model must succeed and an
// invalid one be refused.
//
// Efficiently: the service clock moves 1 ms per operation and every ledger and
// audit entry carries its stamp, naming the operation that wrote it. After a
// successful write one read transaction reads the audit entries stamped since
// the last read (through the index on the time): all must be this
// operation's, which also proves that the refused operations and retries in
// between wrote nothing (rolled back, they need no read of their own: the
// invariants checked before still hold). It reads the new ledger entries of
// the keys the operation may write (offset = entries seen: the ledger is
// append-only) into a mirror summed by key, and the records these keys'
// invariants rest on: the pot and its decided run (1, 2, 7) if either was
// written, its requisitions with their payments' sum (3, 4, 7), reports (5,
// 7), claims (5, 7) if a report or repayment was written, sub-allocations (6,
// 7). What nobody wrote keeps its state, so every invariant holds after every
// operation. Every invReconcileEvery operations the whole ledger and the audit
// count are compared with what was seen (an entry outside the keys its
// operation named shows here, with its writer); every invFullEvery operations
// and at the end every key is checked from scratch.
//
// Two bugs this test found are now refused by the app and generated as
// operations that must keep the invariants:
//  1. DecideRun decided a draft computed before its pot's amount changed,
//     breaking 1 (and 2 when pots are full): CreatePot 10 Mkr "county:09,07",
//     CreateRun, UpdatePot to 5 Mkr, DecideRun(run, 1): 10 Mkr allocated.
//  2. RecordPayment (and SubmitRequisition) accepted money for a (pot, org) that
//     has reported its use, breaking 5: decide; submit and approve 07's line;
//     pay 1 kr; SubmitReport used 1 kr; RecordPayment 1 kr: paid 2 kr, reported 1 kr.
//
// ANSLAG_INVARIANT_SEED sets the seed (default 20170601) and
// ANSLAG_INVARIANT_OPS the operations per engine (10 000; 1 000 with -short).
func TestRandomisedInvariants(t *testing.T) {
	seed, err := strconv.ParseUint(cmp.Or(os.Getenv("ANSLAG_INVARIANT_SEED"), "20170601"), 10, 64)
	ops, err2 := strconv.Atoi(cmp.Or(os.Getenv("ANSLAG_INVARIANT_OPS"), map[bool]string{false: "10000", true: "1000"}[testing.Short()]))
	if err = errors.Join(err, err2); err != nil {
		t.Fatalf("ANSLAG_INVARIANT_SEED or ANSLAG_INVARIANT_OPS: %v", err)
	}
	t.Logf("seed %d, %d operations per engine (reproduce with ANSLAG_INVARIANT_SEED=%d)", seed, ops, seed)
	// The engines run side by side: the test is long, and half of the
	// PostgreSQL run's time is spent in the server, not in this process.
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, e.Open(t))
			start, h := time.Now(), newInvHarness(t, f, seed)
			for i := range ops {
				h.step(i)
			}
			h.full("the last operation")
			h.report(time.Since(start))
		})
	}
}

const (
	invReconcileEvery = 100
	invFullEvery      = 2000
	invActor          = "admin@example.se"
)

type invBal = map[grant.EntryKind]money.Amount

type invKind struct {
	invKey
	kind grant.EntryKind
}

type invLineKey struct { // a line of a decided run
	invKey // pot, org
	joint  bool
	county string
}

type invHarness struct {
	t           *testing.T
	f           *fixture
	w           *invWorld
	seed        uint64
	now         time.Time                   // the service clock
	read        string                      // audit entries from this stamp on are unread
	seen        map[int64]grant.LedgerEntry // the ledger as seen, and summed by kind:
	all         invBal                      // over all,
	pot         map[int64]invBal            // per pot,
	po, ao      map[invKey]invBal           // per (pot, org) and (agreement, org)
	potOrgs     map[int64][]string          // the organisations in a pot's ledger
	n           map[invKind]int             // entries seen per pot, and per (agreement, org) and kind
	audits      int                         // audit entries seen
	decided     map[int64]grant.AllocationRun
	reread      bool // in a full check: read every run again
	stats       map[string][2]int
	problems    []string
	where       string
	tOp, tCheck time.Duration
}

func newInvHarness(t *testing.T, f *fixture, seed uint64) *invHarness {
	h := &invHarness{t: t, f: f, seed: seed, now: fixedNow, read: grant.Timestamp(fixedNow.Add(time.Millisecond)), audits: -1, seen: map[int64]grant.LedgerEntry{},
		all: invBal{}, pot: map[int64]invBal{}, po: map[invKey]invBal{}, ao: map[invKey]invBal{}, potOrgs: map[int64][]string{},
		n: map[invKind]int{}, decided: map[int64]grant.AllocationRun{}, stats: map[string][2]int{}}
	reg, err := refdata.Load()
	if err == nil {
		h.w, err = newInvWorld(t, app.New(app.Config{Store: f.db, Register: reg, Now: func() time.Time { return h.now }}), f, seed)
	}
	if err != nil {
		t.Fatal(err)
	}
	h.full("setup")
	return h
}

func (h *invHarness) failf(format string, args ...any) {
	h.problems = append(h.problems, fmt.Sprintf(format, args...))
}

// flush stops the test with every problem found, naming the operation.
func (h *invHarness) flush(err error) {
	h.t.Helper()
	if err != nil {
		h.failf("reading the records: %v", err)
	}
	if len(h.problems) > 0 {
		h.t.Fatalf("%s (seed %d):\n\t%s", h.where, h.seed, strings.Join(h.problems, "\n\t"))
	}
}

// writer names the operation that wrote at stamp.
func (h *invHarness) writer(stamp string) string {
	at, _ := time.Parse("2006-01-02T15:04:05.000000Z", stamp)
	return fmt.Sprintf("operation %d", at.Sub(fixedNow)/time.Millisecond-1)
}

func (h *invHarness) step(i int) {
	h.now, h.w.step = fixedNow.Add(time.Duration(i+1)*time.Millisecond), i
	op, t0 := h.w.next(), time.Now()
	err := op.do()
	h.tOp += time.Since(t0)
	defer func(t0 time.Time) { h.tCheck += time.Since(t0) }(time.Now())
	code := grant.ErrorCode(err)
	h.where = fmt.Sprintf("operation %d, %s (%s)", i, op.name, code)
	s := h.stats[op.name]
	s[min(len(code), 1)]++
	h.stats[op.name] = s
	var ge *grant.Error
	switch {
	case err != nil && (!errors.As(err, &ge) || ge.Code == "" || ge.Code == grant.EINTERNAL || ge.Message == ""):
		h.failf("not a user error: %v", err)
	case op.want == invOK && err != nil:
		h.failf("a valid operation was refused: %v", err)
	case op.want == invRefused && err == nil:
		h.failf("an invalid operation was accepted")
	}
	var rerr error
	if err == nil && !op.retry {
		rerr = h.observe(func(tx app.Tx) error { return h.check(tx, op) })
	}
	if h.flush(rerr); (i+1)%invFullEvery == 0 {
		h.full(h.where)
	} else if (i+1)%invReconcileEvery == 0 {
		h.flush(h.observe(h.reconcile))
	}
}

// observe runs one of the harness's checks in a transaction of its own.
// The checks keep what they have seen in the harness, so they must run
// exactly once, and a Read may run its closure twice (app.Store): they run
// in a write transaction that writes nothing, which runs once. Nothing
// else writes meanwhile, so it sees what a read would.
func (h *invHarness) observe(fn func(app.Tx) error) error {
	return h.f.db.Write(h.f.ctx, fn)
}

// check runs after every successful write: see TestRandomisedInvariants.
func (h *invHarness) check(tx app.Tx, op *invOp) error {
	ctx, stamp, next := h.f.ctx, grant.Timestamp(h.now), grant.Timestamp(h.now.Add(time.Millisecond))
	audit, n, err := tx.ListAudit(ctx, app.AuditFilter{From: h.read, To: next})
	h.read, h.audits = next, h.audits+n
	if n == 0 {
		h.failf("8: a successful write added no audit entry")
	}
	wrote := map[string]bool{}
	for _, e := range audit {
		if wrote[e.Entity] = true; e.At != stamp || e.Actor != invActor || e.Action == "" {
			h.failf("8: audit entry %+v, written by %s", e, h.writer(e.At))
		}
	}
	aos, sub := []invKey{op.ao}, []grant.EntryKind{grant.EntrySubAllocated, grant.EntrySubReleased}
	for _, lf := range []app.ListFilter{{PotID: op.pot}, {AgreementID: op.ao.id, OrgCode: op.ao.org, Kind: string(sub[0])}, {AgreementID: op.ao.id, OrgCode: op.ao.org, Kind: string(sub[1])}} {
		if lf.PotID != 0 || lf.OrgCode != "" {
			lf.Limit, lf.Offset = math.MaxInt32, h.n[invKind{invKey{lf.PotID + lf.AgreementID, lf.OrgCode}, grant.EntryKind(lf.Kind)}] // as add counts
			fresh, _, err2 := tx.ListLedger(ctx, lf)
			for _, e := range fresh {
				if _, ok := h.seen[e.ID]; !ok && h.add(e, stamp) {
					aos = append(aos, invKey{e.AgreementID, e.OrgCode}) // 6 rests on paid and sub-allocated money
				}
			}
			err = errors.Join(err, err2)
		}
	}
	if op.pot != 0 {
		if wrote["pot"] || wrote["allocation_run"] {
			p, err2 := tx.Pot(ctx, op.pot)
			err = errors.Join(err, err2, h.checkRuns(tx, op.pot, p.Amount), h.checkOrgAg(tx, invKey{p.AgreementID, ""}))
		}
		// Claims change only with a report of use or a repayment.
		err = errors.Join(err, h.checkReqs(tx, op.pot), h.checkFollow(tx, op.pot, wrote["use_report"] || wrote["repayment"]))
	}
	for _, k := range uniq(aos) {
		if k.org != "" {
			err = errors.Join(err, h.checkOrgAg(tx, k))
		}
	}
	if op.pot != 0 {
		err = errors.Join(err, h.checkSums(tx, app.ListFilter{PotID: op.pot}, h.pot[op.pot]))
	}
	if op.ao.org != "" {
		err = errors.Join(err, h.checkSums(tx, app.ListFilter{AgreementID: op.ao.id, OrgCode: op.ao.org}, h.ao[op.ao]))
	}
	return err
}

// checkSums compares the running sums Balances reads for f with the sum of
// the entries seen (invariant 7 at one level of the sums).
func (h *invHarness) checkSums(tx app.Tx, f app.ListFilter, want invBal) error {
	bal, err := tx.Balances(h.f.ctx, f)
	if err == nil && !maps.EqualFunc(bal, want, func(a, b money.Amount) bool { return a == b }) && (len(bal) > 0 || len(want) > 0) {
		h.failf("7: Balances %+v are %v; the entries sum to %v", f, bal, want)
	}
	return err
}

// add mirrors a new ledger entry, written at stamp, and tells whether
// invariant 6 rests on it.
func (h *invHarness) add(e grant.LedgerEntry, stamp string) bool {
	sub := e.Kind == grant.EntrySubAllocated || e.Kind == grant.EntrySubReleased
	if e.At != stamp || e.Amount <= 0 || e.AgreementID <= 0 || e.OrgCode == "" || e.RefType == "" || e.RefID <= 0 || e.Actor != invActor || sub != (e.PotID == 0) {
		h.failf("8: ledger entry %+v, written by %s", e, h.writer(e.At))
	}
	bump := func(m map[invKey]invBal, k invKey) {
		if m[k] == nil {
			m[k] = invBal{}
		}
		m[k][e.Kind] += e.Amount
	}
	ao := invKey{e.AgreementID, e.OrgCode}
	h.seen[e.ID], h.all[e.Kind], h.n[invKind{ao, e.Kind}] = e, h.all[e.Kind]+e.Amount, h.n[invKind{ao, e.Kind}]+1
	if bump(h.ao, ao); e.PotID != 0 {
		po := invKey{e.PotID, e.OrgCode}
		if h.po[po] == nil {
			h.potOrgs[e.PotID] = append(h.potOrgs[e.PotID], e.OrgCode)
		}
		bump(h.po, po)
		if h.n[invKind{invKey{e.PotID, ""}, ""}]++; h.pot[e.PotID] == nil {
			h.pot[e.PotID] = invBal{}
		}
		h.pot[e.PotID][e.Kind] += e.Amount
	}
	return sub || e.Kind == grant.EntryPaid
}

// reconcile compares the whole ledger and the audit count with what was seen.
func (h *invHarness) reconcile(tx app.Tx) error {
	ledger, _, err := tx.ListLedger(h.f.ctx, app.ListFilter{})
	_, audits, err2 := tx.ListAudit(h.f.ctx, app.AuditFilter{Limit: 1, Count: true})
	if h.audits < 0 { // the first, after the setup
		h.audits = audits
	}
	for _, e := range ledger {
		if seen, ok := h.seen[e.ID]; !ok || seen != e {
			h.failf("8: ledger entry %+v, written by %s, is not the one seen: %+v", e, h.writer(e.At), seen)
		}
	}
	if len(ledger) != len(h.seen) || audits != h.audits {
		h.failf("8: the ledger has %d entries, %d seen; the audit log %d, %d seen", len(ledger), len(h.seen), audits, h.audits)
	}
	return errors.Join(err, err2)
}

// uniq drops repeats from s, in place.
func uniq[T comparable](s []T) []T {
	seen := map[T]bool{}
	return slices.DeleteFunc(s, func(x T) bool { dup := seen[x]; seen[x] = true; return dup })
}

func (h *invHarness) report(took time.Duration) {
	var b strings.Builder
	ok, n := 0, 0
	for _, name := range slices.Sorted(maps.Keys(h.stats)) {
		ok, n = ok+h.stats[name][0], n+h.stats[name][0]+h.stats[name][1]
		fmt.Fprintf(&b, "\n\t%-44s %5d ok %5d refused", name, h.stats[name][0], h.stats[name][1])
	}
	h.t.Logf("%s: %d operations (%d ok, %d refused) in %v (operations %v, checks %v); %d ledger and %d audit entries, %d pots, %d requisitions, "+
		"%d payments, %d claims, %d sub-allocations%s", h.f.db.Engine(), n, ok, n-ok, took.Round(time.Millisecond), h.tOp.Round(time.Millisecond),
		h.tCheck.Round(time.Millisecond), len(h.seen), h.audits, len(h.w.pots), len(h.w.reqs), len(h.w.pays), len(h.w.claims), len(h.w.subs), b.String())
}

// decidedRun is a pot's decided run (zero when none), read again if asked
// to; a decided run never changes, so it is kept.
func (h *invHarness) decidedRun(tx app.Tx, potID int64, read bool) (grant.AllocationRun, error) {
	cached, ok := h.decided[potID]
	if ok && !read && !h.reread {
		return cached, nil
	}
	runs, _, err := tx.ListRuns(h.f.ctx, app.ListFilter{PotID: potID, Status: string(grant.RunDecided)})
	if err != nil || len(runs) == 0 {
		return grant.AllocationRun{}, err
	} else if len(runs) > 1 {
		h.failf("1: pot %d has %d decided runs", potID, len(runs))
	}
	run := cached
	if !ok || cached.ID != runs[0].ID || h.reread {
		if run, err = tx.Run(h.f.ctx, runs[0].ID); ok && (cached.ID != run.ID || !slices.Equal(cached.Lines, run.Lines)) {
			h.failf("1: the decided run %d of pot %d or its lines changed (now run %d)", cached.ID, potID, run.ID)
		}
		h.decided[potID] = run
	}
	return run, err
}

// checkRuns checks 1 and 7 (allocated) for a pot of the given amount.
func (h *invHarness) checkRuns(tx app.Tx, potID int64, amount money.Amount) error {
	run, err := h.decidedRun(tx, potID, true)
	byOrg, sum := map[string]money.Amount{}, money.Amount(0)
	for _, l := range run.Lines {
		byOrg[l.Code], sum = byOrg[l.Code]+l.Amount, sum+l.Amount
	}
	if run.ID != 0 && (sum != amount || run.Total != amount) || h.pot[potID][grant.EntryAllocated] != sum {
		h.failf("1: decided run %d of pot %d: lines %s, total %s, allocated %s; the pot is %s", run.ID, potID, sum, run.Total, h.pot[potID][grant.EntryAllocated], amount)
	}
	for _, org := range uniq(append(slices.Collect(maps.Keys(byOrg)), h.potOrgs[potID]...)) {
		if got := h.po[invKey{potID, org}][grant.EntryAllocated]; got != byOrg[org] {
			h.failf("7: the ledger allocated %s to %s in pot %d; its lines sum to %s", got, org, potID, byOrg[org])
		}
	}
	return err
}

// compare reports the kinds on which the ledger of (pot, org) differs from what the records say.
func (h *invHarness) compare(what string, potID int64, got map[string]invBal, kinds ...grant.EntryKind) {
	for _, org := range uniq(append(slices.Collect(maps.Keys(got)), h.potOrgs[potID]...)) {
		for _, k := range kinds {
			if b := h.po[invKey{potID, org}]; b[k] != got[org][k] {
				h.failf("%s: the ledger of %s in pot %d is %v; the records say %v", what, org, potID, b, got[org])
				break
			}
		}
	}
}

// checkReqs checks 3, 4 and 7 for a pot's requisitions; Requisition.Paid is
// the sum of its payments, which the store adds up.
func (h *invHarness) checkReqs(tx app.Tx, potID int64) error {
	run, err := h.decidedRun(tx, potID, false)
	reqs, _, err2 := tx.ListRequisitions(h.f.ctx, app.ListFilter{PotID: potID})
	line, live, got := map[invLineKey]money.Amount{}, map[invLineKey]money.Amount{}, map[string]invBal{}
	for _, l := range run.Lines {
		line[invLineKey{invKey{potID, l.Code}, l.Kind == allocate.KindSetAside, l.County}] += l.Amount
	}
	for _, r := range reqs {
		if got[r.OrgCode] == nil {
			got[r.OrgCode] = invBal{}
		}
		g, k := got[r.OrgCode], invLineKey{invKey{potID, r.OrgCode}, r.Joint, r.County}
		g[grant.EntryRequisitioned], g[grant.EntryPaid] = g[grant.EntryRequisitioned]+r.Amount, g[grant.EntryPaid]+r.Paid
		if r.Status == grant.ReqRejected {
			g[grant.EntryRejected] += r.Amount
		} else if live[k] += r.Amount; r.Status != grant.ReqSubmitted {
			g[grant.EntryApproved] += r.Amount
		}
		if r.RunID != run.ID || live[k] > line[k] {
			h.failf("3: requisition %d on run %d (decided: %d) brings line %+v to %s of %s", r.ID, r.RunID, run.ID, k, live[k], line[k])
		}
		if r.Paid < 0 || r.Paid > r.Amount || (r.Status == grant.ReqPaid) != (r.Paid == r.Amount) || (r.Status == grant.ReqRejected || r.Status == grant.ReqSubmitted) && r.Paid != 0 {
			h.failf("4: requisition %d (%s) of %s has payments summing to %s", r.ID, r.Status, r.Amount, r.Paid)
		}
	}
	h.compare("7", potID, got, grant.EntryRequisitioned, grant.EntryRejected, grant.EntryApproved, grant.EntryPaid)
	return errors.Join(err, err2)
}

// checkFollow checks 5 and 7 for a pot's reports of use and claims.
func (h *invHarness) checkFollow(tx app.Tx, potID int64, withClaims bool) error {
	reports, rsum, err := tx.ListUseReports(h.f.ctx, app.ListFilter{PotID: potID})
	var claims []grant.RepaymentClaim // a claim belongs to a report (foreign key), which names it
	var csum grant.ClaimTotals
	if withClaims = withClaims || h.reread; withClaims {
		var err2 error
		claims, csum, err2 = tx.ListRepaymentClaims(h.f.ctx, app.ListFilter{PotID: potID})
		err = errors.Join(err, err2)
	}
	claimOf, got := map[int64]grant.RepaymentClaim{}, map[string]invBal{}
	for _, c := range claims {
		claimOf[c.ID], csum.Claimed, csum.Repaid = c, csum.Claimed-c.Amount, csum.Repaid-c.Repaid
		if c.Repaid < 0 || c.Repaid > c.Amount || (c.Status == grant.ClaimSettled) != (c.Repaid == c.Amount) {
			h.failf("5: claim %d of %s: repaid %s, %s", c.ID, c.Amount, c.Repaid, c.Status)
		}
	}
	for _, org := range h.potOrgs[potID] { // not reported: nothing used or claimed, paid as it is
		got[org] = invBal{grant.EntryPaid: h.po[invKey{potID, org}][grant.EntryPaid]}
	}
	for _, r := range reports {
		c, ok := claimOf[r.ClaimID]
		got[r.OrgCode] = invBal{grant.EntryPaid: r.Paid, grant.EntryUsed: r.Used, grant.EntryUnused: r.Unused, grant.EntryClaimed: c.Amount, grant.EntryRepaid: c.Repaid}
		if r.Used+r.Unused != r.Paid || (r.ClaimID != 0) != (r.Unused > 0) || withClaims && r.ClaimID != 0 && (!ok || c.Amount != r.Unused || c.ReportID != r.ID || c.OrgCode != r.OrgCode) {
			h.failf("5: report %+v, claim %+v", r, c)
		}
	}
	if rsum.Count != len(reports) || csum.Count != len(claims) || csum.Claimed != 0 || csum.Repaid != 0 {
		h.failf("the totals of pot %d's reports %+v or claims (less those listed: %+v) do not match the lists", potID, rsum, csum)
	}
	h.compare("5/7", potID, got, []grant.EntryKind{grant.EntryPaid, grant.EntryUsed, grant.EntryUnused, grant.EntryClaimed, grant.EntryRepaid}[:map[bool]int{true: 5, false: 3}[withClaims]]...)
	return err
}

// checkOrgAg checks 2 for an agreement (org ""), or 6 and 7 for an
// organisation's sub-allocations under it.
func (h *invHarness) checkOrgAg(tx app.Tx, ao invKey) error {
	if ao.org == "" {
		a, err := tx.Agreement(h.f.ctx, ao.id)
		sum, err2 := tx.SumPots(h.f.ctx, ao.id, 0)
		var allocated money.Amount
		for k, b := range h.ao {
			if k.id == ao.id {
				allocated += b[grant.EntryAllocated]
			}
		}
		if sum > a.Total || allocated > a.Total {
			h.failf("2: agreement %d of %s has pots summing to %s and %s allocated", ao.id, a.Total, sum, allocated)
		}
		return errors.Join(err, err2)
	}
	subs, _, err := tx.ListSubAllocations(h.f.ctx, app.ListFilter{AgreementID: ao.id, OrgCode: ao.org})
	var active, withdrawn money.Amount
	for _, s := range subs {
		if s.Status == grant.SubAllocActive {
			active += s.Amount
		} else {
			withdrawn += s.Amount
		}
	}
	if b := h.ao[ao]; active > b[grant.EntryPaid] || b[grant.EntrySubAllocated] != active+withdrawn || b[grant.EntrySubReleased] != withdrawn {
		h.failf("6: %s under agreement %d: active %s, withdrawn %s; the ledger has %v", ao.org, ao.id, active, withdrawn, b)
	}
	return err
}

// full checks every key, reading everything again.
func (h *invHarness) full(after string) {
	h.where, h.reread = "full check after "+after, true
	defer func() { h.reread = false }()
	ctx := h.f.ctx
	h.flush(h.observe(func(tx app.Tx) error {
		bal, err := tx.Balances(ctx, app.ListFilter{})
		pots, _, err2 := tx.ListPots(ctx, app.ListFilter{})
		ags, _, err3 := tx.ListAgreements(ctx, app.ListFilter{})
		subs, _, err4 := tx.ListSubAllocations(ctx, app.ListFilter{})
		claims, _, err5 := tx.ListRepaymentClaims(ctx, app.ListFilter{})
		reqs, _, err6 := tx.ListRequisitions(ctx, app.ListFilter{})
		pays, _, err7 := tx.ListPayments(ctx, app.PaymentFilter{})
		if err = errors.Join(err, err2, err3, err4, err5, err6, err7, h.reconcile(tx)); !maps.Equal(bal, h.all) {
			h.failf("7: Balances %v; the entries sum to %v", bal, h.all)
		}
		keys := slices.Collect(maps.Keys(h.ao))
		byAgreement := map[int64]invBal{}
		for k, b := range h.ao {
			if byAgreement[k.id] == nil {
				byAgreement[k.id] = invBal{}
			}
			for kind, amt := range b {
				byAgreement[k.id][kind] += amt
			}
			err = errors.Join(err, h.checkSums(tx, app.ListFilter{AgreementID: k.id, OrgCode: k.org}, b))
		}
		for id, b := range byAgreement {
			err = errors.Join(err, h.checkSums(tx, app.ListFilter{AgreementID: id}, b))
		}
		for k, b := range h.po {
			err = errors.Join(err, h.checkSums(tx, app.ListFilter{PotID: k.id, OrgCode: k.org}, b))
		}
		for _, p := range pots {
			err = errors.Join(err, h.checkSums(tx, app.ListFilter{PotID: p.ID}, h.pot[p.ID]))
			err = errors.Join(err, h.checkRuns(tx, p.ID, p.Amount), h.checkReqs(tx, p.ID), h.checkFollow(tx, p.ID, true))
		}
		for _, a := range ags {
			keys = append(keys, invKey{a.ID, ""})
		}
		for _, s := range subs {
			keys = append(keys, invKey{s.AgreementID, s.FromOrg})
		}
		for _, k := range uniq(keys) {
			err = errors.Join(err, h.checkOrgAg(tx, k))
		}
		for _, c := range claims {
			reps, err2 := tx.ListRepayments(ctx, c.ID)
			for _, r := range reps {
				c.Repaid -= r.Amount
			}
			if err = errors.Join(err, err2); c.Repaid != 0 {
				h.failf("5: claim %d's repaid differs by %s from its repayments", c.ID, c.Repaid)
			}
		}
		paid := map[int64]money.Amount{}
		for _, y := range pays {
			paid[y.RequisitionID] += y.Amount
		}
		for _, r := range reqs {
			if paid[r.ID] != r.Paid {
				h.failf("4: requisition %d has payments summing to %s, paid %s", r.ID, paid[r.ID], r.Paid)
			}
		}
		return err
	}))
}
