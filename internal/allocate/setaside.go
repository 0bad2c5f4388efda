package allocate

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/money"
)

// maxRateDen bounds a rate's denominator so that sums of remainders over it
// stay far from overflow; it allows six decimals of a percent.
const maxRateDen = 100_000_000

// ParseRate reads a percentage as people write it: "4%", "4 %", "2,5 %",
// "0.5%". The result is exact: "2,5 %" is 25/1000.
func ParseRate(s string) (Rate, error) {
	t := strings.TrimSpace(s)
	t, ok := strings.CutSuffix(t, "%")
	if !ok {
		return Rate{}, fmt.Errorf("rate %q: expected a percentage such as 4%% or 2,5 %%", s)
	}
	t = strings.TrimSpace(strings.Replace(t, ",", ".", 1))
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" || len(frac) > 6 || strings.ContainsAny(whole+frac, "+-") {
		return Rate{}, fmt.Errorf("rate %q: expected a percentage between 0 and 100 with at most six decimals", s)
	}
	num, err := strconv.ParseUint(whole+frac, 10, 64)
	if err != nil {
		return Rate{}, fmt.Errorf("rate %q: expected a percentage between 0 and 100 with at most six decimals", s)
	}
	den := uint64(100)
	for range frac {
		den *= 10
	}
	if num > den {
		return Rate{}, fmt.Errorf("rate %q: a set-aside cannot exceed 100 %%", s)
	}
	return Rate{Num: num, Den: den}, nil
}

// String writes the rate as a Swedish percentage: "4 %", "2,5 %".
func (r Rate) String() string {
	if r.Den == 0 {
		return "0 %"
	}
	// Scale to a percentage with up to six decimals; ParseRate never makes more.
	scaled := new(strings.Builder)
	p := r.Num * 100_000_000 / r.Den // percent × 10^6
	fmt.Fprintf(scaled, "%d", p/1_000_000)
	if f := p % 1_000_000; f != 0 {
		fmt.Fprintf(scaled, ",%s", strings.TrimRight(fmt.Sprintf("%06d", f), "0"))
	}
	return scaled.String() + " %"
}

// applySetAsides takes each county's pooled share from its lines and appends
// one joint line per set-aside, held by the designated organisation.
func applySetAsides(lines []Line, sas []SetAside, unit money.Amount) ([]Line, []SetAside, error) {
	if len(sas) == 0 {
		return lines, nil, nil
	}
	sas = slices.Clone(sas)
	slices.SortFunc(sas, func(a, b SetAside) int { return cmp.Compare(a.County, b.County) })
	recipients := len(lines)
	for k, sa := range sas {
		field := "set_asides[" + sa.County + "]"
		switch {
		case sa.County == "":
			return nil, nil, invalid("set_asides", "a set-aside names no county", "en avsättning saknar län")
		case k > 0 && sas[k-1].County == sa.County:
			return nil, nil, invalid(field, "the county has more than one set-aside", "länet har mer än en avsättning")
		case sa.Holder == "":
			return nil, nil, invalid(field, "no organisation is designated to hold the joint line", "ingen organisation är utsedd att förvalta den gemensamma raden")
		case sa.Rate.Den == 0 || sa.Rate.Den > maxRateDen || sa.Rate.Num > sa.Rate.Den:
			return nil, nil, invalid(field, "the rate %d/%d is not a share between 0 and 1", "andelen %d/%d är inte mellan 0 och 1", sa.Rate.Num, sa.Rate.Den)
		}
		var idx []int
		for i := range lines[:recipients] {
			if lines[i].County == sa.County {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return nil, nil, invalid(field, "no recipient is in county %s", "ingen mottagare finns i län %s", sa.County)
		}
		whole, rem := make([]uint64, len(idx)), make([]uint64, len(idx))
		var sumWhole, sumRem uint64
		for k, i := range idx {
			hi, lo := bits.Mul64(uint64(lines[i].Allocated/unit), sa.Rate.Num)
			whole[k], rem[k] = bits.Div64(hi, lo, sa.Rate.Den) // ≤ the line's own units: Num ≤ Den
			sumWhole += whole[k]
			sumRem += rem[k] // < len(idx) × maxRateDen
		}
		// The pooled total is the county's exact share rounded half up.
		leftover := (2*sumRem + sa.Rate.Den) / (2 * sa.Rate.Den)
		extra := make([]bool, len(idx))
		topRemainders(rem, sa.Rate.Den, leftover, extra)
		joint := Line{Code: sa.Holder, Name: sa.HolderName, County: sa.County, Kind: KindSetAside, Contributors: int32(len(idx))}
		for k, i := range idx {
			units := whole[k]
			if extra[k] {
				units++
			}
			lines[i].SetAside = money.Amount(units) * unit
			lines[i].Amount = lines[i].Allocated - lines[i].SetAside
			joint.Amount += lines[i].SetAside
		}
		joint.Allocated = joint.Amount
		lines = append(lines, joint)
	}
	return lines, sas, nil
}
