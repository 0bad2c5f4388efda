package allocate

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/anslag/anslag/internal/money"
)

// Allocate splits req.Pot among req.Recipients by the rule in the package
// documentation and explains every line. The lines sum exactly to the pot.
func Allocate(req Request) (*Result, error) {
	unit := req.Unit
	if unit == 0 {
		unit = money.Krona
	}
	if unit < 0 {
		return nil, invalid("unit", "the rounding unit must be positive, got %s", "avrundningsenheten måste vara positiv, fick %s", unit)
	}
	if req.Pot < 0 || req.Pot%unit != 0 {
		return nil, invalid("pot", "the pot %s must be a non-negative whole number of rounding units (%s)",
			"potten %s måste vara ett icke-negativt helt antal avrundningsenheter (%s)", req.Pot, unit)
	}
	pot := uint64(req.Pot / unit)
	rs, err := sortedRecipients(req.Recipients)
	if err != nil {
		return nil, err
	}
	n := len(rs)
	w, fl, cp := make([]uint64, n), make([]uint64, n), make([]uint64, n)
	if err := keyWeights(req.Key.Kind, rs, unit, pot, w); err != nil {
		return nil, err
	}
	if err := boundsInUnits(rs, unit, req.Key.Kind, fl, cp); err != nil {
		return nil, err
	}
	total, err := sumWeights(w)
	if err != nil {
		return nil, err
	}
	if err := feasible(rs, unit, pot, w, fl, cp); err != nil {
		return nil, err
	}

	state := make([]Bound, n)
	rest, rounds, err := waterfill(pot, w, fl, cp, state)
	if err != nil {
		return nil, err
	}
	// The free lines share what the bound lines left. Usually no line is
	// bound, and the weights serve as they are.
	free := make([]int, 0, n)
	var freeWeight uint64
	for i := range rs {
		if state[i] == Unbound {
			free = append(free, i)
			freeWeight += w[i]
		}
	}
	if freeWeight == 0 && rest > 0 {
		return nil, infeasible("", "after floors and caps %s is left but no recipient with a weight is free to take it",
			"efter golv och tak återstår %s men ingen mottagare med vikt kan ta emot det", money.Amount(rest)*unit)
	}
	fw := w
	if len(free) < n {
		fw = make([]uint64, len(free))
		for k, i := range free {
			fw[k] = w[i]
		}
	}
	whole, rem := make([]uint64, len(free)), make([]uint64, len(free))
	extra, rank := make([]bool, len(free)), make([]int32, len(free))
	var leftover uint64
	if freeWeight > 0 {
		leftover = quotas(rest, fw, freeWeight, whole, rem)
		topRemainders(rem, freeWeight, leftover, extra)
		ranks(rem, freeWeight, rank)
	}

	lines := make([]Line, n, n+len(req.SetAsides))
	for i, r := range rs {
		l := &lines[i]
		l.Code, l.Name, l.County, l.Weight, l.Bound = r.Code, r.Name, r.County, w[i], state[i]
		l.Floor, l.Cap = money.Amount(fl[i])*unit, money.Amount(cp[i])*unit
		switch state[i] {
		case AtFloor:
			l.Allocated = l.Floor
		case AtCap:
			l.Allocated = l.Cap
		}
		if state[i] != Unbound {
			// What the key alone would have given: the share the bound overrode.
			hi, lo := bits.Mul64(pot, w[i])
			q, r := bits.Div64(hi, lo, total)
			l.Quota = Quota{q, r, total}
		}
	}
	for k, i := range free {
		l := &lines[i]
		l.Quota = Quota{whole[k], rem[k], freeWeight}
		l.Rank, l.ExtraUnit = rank[k], extra[k]
		units := whole[k]
		if extra[k] {
			units++
		}
		l.Allocated = money.Amount(units) * unit
	}
	for i := range lines {
		lines[i].Amount = lines[i].Allocated
	}
	lines, setAsides, err := applySetAsides(lines, req.SetAsides, unit)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Method: Method, Key: req.Key, Pot: req.Pot, Unit: unit, TotalWeight: total,
		Shared: money.Amount(rest) * unit, SharedWeight: freeWeight, Leftover: leftover, Rounds: rounds,
		SetAsides: setAsides, Lines: lines,
	}
	for _, l := range lines {
		res.Total += l.Amount
	}
	if res.Total != req.Pot {
		// Unreachable by the arithmetic above; a guard so a bug can never pass silently.
		return nil, infeasible("", "internal error: lines sum to %s, not the pot %s", "internt fel: raderna summerar till %s, inte potten %s", res.Total, req.Pot)
	}
	return res, nil
}

// sortedRecipients returns the recipients in code order and rejects empty or
// repeated codes, so that the result never depends on input order. Input
// already in order, the usual case, is used as it is, without a copy.
func sortedRecipients(in []Recipient) ([]Recipient, error) {
	if len(in) == 0 {
		return nil, invalid("recipients", "there are no recipients", "det finns inga mottagare")
	}
	byCode := func(a, b Recipient) int { return cmp.Compare(a.Code, b.Code) }
	rs := in
	if !slices.IsSortedFunc(in, byCode) {
		rs = slices.Clone(in)
		slices.SortFunc(rs, byCode)
	}
	for i, r := range rs {
		if r.Code == "" {
			return nil, invalid("recipients", "a recipient has no code", "en mottagare saknar kod")
		}
		if i > 0 && rs[i-1].Code == r.Code {
			return nil, invalid("recipients["+r.Code+"]", "the code appears more than once", "koden förekommer mer än en gång")
		}
	}
	return rs, nil
}

// keyWeights fills w with each recipient's weight under the key.
func keyWeights(kind KeyKind, rs []Recipient, unit money.Amount, pot uint64, w []uint64) error {
	switch kind {
	case KeyEqual:
		for i := range w {
			w[i] = 1
		}
	case KeyPopulation, KeyWeights, "":
		for i, r := range rs {
			w[i] = r.Weight
		}
	case KeyFixed:
		var sum uint64
		for i, r := range rs {
			if r.Weight%uint64(unit) != 0 {
				return invalid("recipients["+r.Code+"].amount", "the fixed amount %s is not a whole number of rounding units (%s)",
					"det fasta beloppet %s är inte ett helt antal avrundningsenheter (%s)", money.Amount(r.Weight), unit)
			}
			w[i] = r.Weight / uint64(unit)
			var carry uint64
			if sum, carry = bits.Add64(sum, w[i], 0); carry != 0 {
				return invalid("recipients", "the fixed amounts overflow", "de fasta beloppen är för stora")
			}
		}
		if sum != pot {
			return infeasible("recipients", "the fixed amounts sum to %s but the pot is %s",
				"de fasta beloppen summerar till %s men potten är %s", money.Amount(sum)*unit, money.Amount(pot)*unit)
		}
	default:
		return invalid("key", "unknown key %q (expected population, equal, weights or fixed)",
			"okänd nyckel %q (förväntade population, equal, weights eller fixed)", kind)
	}
	return nil
}

// sumWeights adds the weights, refusing an overflow or an all-zero key.
func sumWeights(w []uint64) (uint64, error) {
	var total, carry uint64
	for _, wi := range w {
		if total, carry = bits.Add64(total, wi, 0); carry != 0 {
			return 0, invalid("recipients", "the weights add up to more than 2^64", "vikterna summerar till mer än 2^64")
		}
	}
	if total == 0 {
		return 0, invalid("recipients", "every recipient has weight zero, so there is nothing to split by",
			"alla mottagare har vikten noll, så det finns inget att fördela efter")
	}
	return total, nil
}
