package allocate

import (
	"cmp"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/anslag/anslag/internal/money"
)

// reference is an independent, obviously correct largest-remainder split in
// math/big rationals, for recipients already in code order.
func reference(pot uint64, w []uint64) []uint64 {
	var total big.Int
	for _, x := range w {
		total.Add(&total, new(big.Int).SetUint64(x))
	}
	type q struct {
		i    int
		frac *big.Rat
	}
	out := make([]uint64, len(w))
	qs := make([]q, len(w))
	var given uint64
	for i, x := range w {
		num := new(big.Int).Mul(new(big.Int).SetUint64(pot), new(big.Int).SetUint64(x))
		whole, rem := new(big.Int).QuoRem(num, &total, new(big.Int))
		out[i] = whole.Uint64()
		given += out[i]
		qs[i] = q{i, new(big.Rat).SetFrac(rem, &total)}
	}
	slices.SortStableFunc(qs, func(a, b q) int { return b.frac.Cmp(a.frac) })
	for k := range pot - given {
		out[qs[k].i]++
	}
	return out
}

func randomRequest(rng *rand.Rand, bounds bool) Request {
	n := 1 + rng.IntN(40)
	units := []money.Amount{money.Ore, money.Krona, 100 * money.Krona, 1000 * money.Krona}
	unit := units[rng.IntN(len(units))]
	pot := money.Amount(rng.Int64N(1_000_000_000)) * unit
	maxW := []uint64{3, 1000, 10_000_000, 1 << 40}[rng.IntN(4)]
	rs := randomRecipients(rng, n, maxW)
	rs[rng.IntN(n)].Weight++ // never all zero
	if bounds {
		avg := int64(pot/unit) / int64(n)
		for i := range rs {
			switch rng.IntN(4) {
			case 0:
				rs[i].Floor = money.Amount(rng.Int64N(avg/2+1)) * unit
			case 1:
				rs[i].Cap = money.Amount(avg/2+rng.Int64N(avg+1)+1) * unit
			}
		}
	}
	return Request{Pot: pot, Unit: unit, Key: Key{Kind: KeyWeights}, Recipients: rs}
}

// TestPropertyUnbounded: against the big-rational reference; sums exact;
// every line within one unit of its quota; ranks agree with extra units.
func TestPropertyUnbounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for iter := range 3000 {
		req := randomRequest(rng, false)
		res, err := Allocate(req)
		if err != nil {
			t.Fatalf("case %d: %v", iter, err)
		}
		checkSum(t, res)
		sorted := slices.Clone(req.Recipients)
		slices.SortFunc(sorted, func(a, b Recipient) int { return cmp.Compare(a.Code, b.Code) })
		w := make([]uint64, len(sorted))
		for i, r := range sorted {
			w[i] = r.Weight
		}
		want := reference(uint64(req.Pot/res.Unit), w)
		for i, l := range res.Lines {
			if got := uint64(l.Amount / res.Unit); got != want[i] {
				t.Fatalf("case %d line %s: %d units, reference %d", iter, l.Code, got, want[i])
			}
			units := uint64(l.Amount / res.Unit)
			if units != l.Quota.Whole && units != l.Quota.Whole+1 {
				t.Fatalf("case %d line %s: %d units, quota %+v", iter, l.Code, units, l.Quota)
			}
			if units == l.Quota.Whole+1 && l.Quota.Remainder == 0 {
				t.Fatalf("case %d line %s: an exact quota got an extra unit", iter, l.Code)
			}
			if l.Weight > 0 && l.ExtraUnit != (uint64(l.Rank) <= res.Leftover) {
				t.Fatalf("case %d line %s: rank %d, leftover %d, extra %v", iter, l.Code, l.Rank, res.Leftover, l.ExtraUnit)
			}
		}
	}
}

// TestPropertyOrderIndependent: shuffling the input never changes a line.
func TestPropertyOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for iter := range 1000 {
		req := randomRequest(rng, iter%2 == 0)
		a, errA := Allocate(req)
		rng.Shuffle(len(req.Recipients), func(i, j int) {
			req.Recipients[i], req.Recipients[j] = req.Recipients[j], req.Recipients[i]
		})
		b, errB := Allocate(req)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("case %d: errors differ: %v / %v", iter, errA, errB)
		}
		if errA == nil && !slices.Equal(a.Lines, b.Lines) {
			t.Fatalf("case %d: lines differ after shuffle", iter)
		}
	}
}

// TestPropertyBounded checks water-filling from first principles: bounds
// hold, and the split is the one where every free line gets the same money
// per unit of weight λ = shared/shared weight, no free line's quota breaks
// its bound, lines held at a floor would get less than it at λ and lines at
// a cap more.
func TestPropertyBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	solved := 0
	for iter := range 3000 {
		req := randomRequest(rng, true)
		res, err := Allocate(req)
		if err != nil {
			continue // random bounds are often infeasible; TestErrors covers the messages
		}
		solved++
		checkSum(t, res)
		unit := res.Unit
		rest := big.NewInt(int64(res.Shared / unit))
		wf := new(big.Int).SetUint64(res.SharedWeight)
		for _, l := range res.Lines {
			if l.Floor > 0 && l.Amount < l.Floor || l.Cap > 0 && l.Amount > l.Cap {
				t.Fatalf("case %d line %s: %d outside [%d, %d]", iter, l.Code, l.Amount, l.Floor, l.Cap)
			}
			lw := new(big.Int).Mul(rest, new(big.Int).SetUint64(l.Weight)) // λ × w × wf
			bound := func(a money.Amount) *big.Int { return new(big.Int).Mul(big.NewInt(int64(a/unit)), wf) }
			switch l.Bound {
			case AtFloor:
				if l.Weight > 0 && lw.Cmp(bound(l.Floor)) > 0 {
					t.Fatalf("case %d line %s: held at floor %d but its share at λ is larger", iter, l.Code, l.Floor)
				}
			case AtCap:
				if lw.Cmp(bound(l.Cap)) < 0 {
					t.Fatalf("case %d line %s: held at cap %d but its share at λ is smaller", iter, l.Code, l.Cap)
				}
			case Unbound:
				if l.Floor > 0 && lw.Cmp(bound(l.Floor)) < 0 || l.Cap > 0 && lw.Cmp(bound(l.Cap)) > 0 {
					t.Fatalf("case %d line %s: free but its share at λ breaks a bound", iter, l.Code)
				}
				units := uint64(l.Amount / unit)
				if units != l.Quota.Whole && units != l.Quota.Whole+1 {
					t.Fatalf("case %d line %s: %d units, quota %+v", iter, l.Code, units, l.Quota)
				}
			}
		}
	}
	if solved < 500 {
		t.Fatalf("only %d of 3000 random bounded cases were feasible; the generator is too strict", solved)
	}
}

// TestNoOverflow: 10 000 Mkr in öre among recipients of 10 M inhabitants.
func TestNoOverflow(t *testing.T) {
	rs := []Recipient{{Code: "a", Weight: 10_000_000}, {Code: "b", Weight: 9_999_999}, {Code: "c", Weight: 1}}
	res, err := Allocate(Request{Pot: 10_000 * money.Mkr, Unit: money.Ore, Recipients: rs})
	if err != nil {
		t.Fatal(err)
	}
	checkSum(t, res)
	want := reference(uint64(10_000*money.Mkr), []uint64{10_000_000, 9_999_999, 1})
	for i, l := range res.Lines {
		if uint64(l.Amount) != want[i] {
			t.Errorf("%s: %d öre, want %d", l.Code, l.Amount, want[i])
		}
	}
	// The largest pot an int64 of öre can hold, with weights near 2^64.
	big := Request{Pot: money.Amount(1<<62) / money.Krona * money.Krona, Recipients: []Recipient{
		{Code: "a", Weight: 1 << 62}, {Code: "b", Weight: 1<<62 + 12345}, {Code: "c", Weight: 3},
	}}
	res, err = Allocate(big)
	if err != nil {
		t.Fatal(err)
	}
	checkSum(t, res)
}
