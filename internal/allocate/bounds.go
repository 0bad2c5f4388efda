package allocate

import (
	"math/big"

	"github.com/anslag/anslag/internal/money"
)

// waterfill decides which lines are held at their floor or cap and returns
// the units left for the free lines. Amounts are in rounding units; a zero
// floor or cap means none. state must come in all Unbound.
//
// Each round computes the free lines' exact quotas of what is left. If some
// fall below their floors and others rise above their caps, the side that is
// further out in total is pinned: when the shortfall below floors is larger,
// the final money per unit of weight must be lower than now, so those lines
// will be below their floors in the end too (and symmetrically for caps).
// When the two are equal the current ratio is the solution and both sides
// are pinned. Each round pins at least one line, so it ends.
func waterfill(pot uint64, w, fl, cp []uint64, state []Bound) (rest uint64, rounds int, err error) {
	var cand []int // free lines with a floor or a cap: the only ones that can break a bound
	for i := range w {
		switch {
		case w[i] == 0 && fl[i] > 0:
			state[i] = AtFloor
		case w[i] == 0:
			state[i] = ZeroWeight
		case fl[i] > 0 || cp[i] > 0:
			cand = append(cand, i)
		}
	}
	rest = pot
	for i := range w {
		if state[i] == AtFloor {
			rest -= fl[i] // feasibility was checked: Σ floors ≤ pot
		}
	}
	var (
		a, b, deficit, excess, diff big.Int
		r, wf                       big.Int
		low, high                   []int
	)
	for len(cand) > 0 {
		var weight uint64
		for i := range w {
			if state[i] == Unbound {
				weight += w[i]
			}
		}
		r.SetUint64(rest)
		wf.SetUint64(weight)
		deficit.SetInt64(0)
		excess.SetInt64(0)
		low, high = low[:0], high[:0]
		for _, i := range cand {
			a.SetUint64(w[i])
			a.Mul(&a, &r) // rest × w: the quota times the free weight
			if fl[i] > 0 {
				b.SetUint64(fl[i])
				b.Mul(&b, &wf)
				if a.Cmp(&b) < 0 {
					low = append(low, i)
					deficit.Add(&deficit, diff.Sub(&b, &a))
				}
			}
			if cp[i] > 0 {
				b.SetUint64(cp[i])
				b.Mul(&b, &wf)
				if a.Cmp(&b) > 0 {
					high = append(high, i)
					excess.Add(&excess, diff.Sub(&a, &b))
				}
			}
		}
		if len(low) == 0 && len(high) == 0 {
			break
		}
		rounds++
		c := deficit.Cmp(&excess)
		if c >= 0 {
			if rest, err = pin(low, AtFloor, fl, state, rest); err != nil {
				return 0, rounds, err
			}
		}
		if c <= 0 {
			if rest, err = pin(high, AtCap, cp, state, rest); err != nil {
				return 0, rounds, err
			}
		}
		cand = keepFree(cand, state)
	}
	return rest, rounds, nil
}

// pin holds lines at a bound and takes their amounts from what is left. The
// feasibility check before water-filling guarantees that enough is left; the
// check here turns a broken guarantee into an error instead of a wrap-around.
func pin(lines []int, bound Bound, amount []uint64, state []Bound, rest uint64) (uint64, error) {
	for _, i := range lines {
		if amount[i] > rest {
			return 0, infeasible("", "floors and caps cannot all be met", "golv och tak kan inte uppfyllas samtidigt")
		}
		state[i] = bound
		rest -= amount[i]
	}
	return rest, nil
}

// keepFree keeps the candidates that are still free.
func keepFree(cand []int, state []Bound) []int {
	out := cand[:0]
	for _, i := range cand {
		if state[i] == Unbound {
			out = append(out, i)
		}
	}
	return out
}

// boundsInUnits converts floors and caps to rounding units, refusing
// negative values, amounts that are not whole units and a floor above a cap.
func boundsInUnits(rs []Recipient, unit money.Amount, kind KeyKind, fl, cp []uint64) error {
	for i, r := range rs {
		if r.Floor == 0 && r.Cap == 0 {
			continue
		}
		field := "recipients[" + r.Code + "]"
		if kind == KeyFixed {
			return invalid(field, "floors and caps do not apply to fixed amounts", "golv och tak gäller inte fasta belopp")
		}
		for _, b := range []struct {
			name, sv string
			v        money.Amount
			out      *uint64
		}{{"floor", "golvet", r.Floor, &fl[i]}, {"cap", "taket", r.Cap, &cp[i]}} {
			if b.v < 0 || b.v%unit != 0 {
				return invalid(field+"."+b.name, "%s must be a non-negative whole number of rounding units (%s)",
					"%s måste vara ett icke-negativt helt antal avrundningsenheter (%s)", b.v, unit)
			}
			*b.out = uint64(b.v / unit)
		}
		if cp[i] > 0 && fl[i] > cp[i] {
			return invalid(field, "the floor %s is above the cap %s", "golvet %s är högre än taket %s", r.Floor, r.Cap)
		}
	}
	return nil
}

// feasible checks that some split meets every floor and cap: the floors
// must fit in the pot and, if every line that can take money has a cap, the
// caps must reach it. A line of weight zero can take only its floor.
func feasible(rs []Recipient, unit money.Amount, pot uint64, w, fl, cp []uint64) error {
	var floors, caps big.Int
	uncapped := false
	var x big.Int
	for i := range rs {
		floors.Add(&floors, x.SetUint64(fl[i]))
		switch {
		case w[i] == 0:
			caps.Add(&caps, x.SetUint64(fl[i]))
		case cp[i] == 0:
			uncapped = true
		default:
			caps.Add(&caps, x.SetUint64(cp[i]))
		}
	}
	p := new(big.Int).SetUint64(pot)
	if floors.Cmp(p) > 0 {
		return infeasible("floor", "the floors add up to %s, more than the pot %s",
			"golven summerar till %s, mer än potten %s", bigAmount(&floors, unit), money.Amount(pot)*unit)
	}
	if !uncapped && caps.Cmp(p) < 0 {
		return infeasible("cap", "the caps add up to %s, less than the pot %s",
			"taken summerar till %s, mindre än potten %s", bigAmount(&caps, unit), money.Amount(pot)*unit)
	}
	return nil
}

// bigAmount formats a count of units for an error message.
func bigAmount(units *big.Int, unit money.Amount) string {
	v := new(big.Int).Mul(units, big.NewInt(int64(unit)))
	if v.IsInt64() {
		return money.Amount(v.Int64()).String()
	}
	return v.String() + " öre"
}
