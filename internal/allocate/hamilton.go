package allocate

import (
	"cmp"
	"math/bits"
	"slices"
)

// quotas computes every exact quota pot × w ÷ total as whole units and a
// remainder over total, and returns the units the whole parts leave over.
// The 128-bit product never overflows and the quotient always fits in 64
// bits because w ≤ total. The caller guarantees total > 0.
func quotas(pot uint64, w []uint64, total uint64, whole, rem []uint64) (leftover uint64) {
	var sum uint64
	for i, wi := range w {
		hi, lo := bits.Mul64(pot, wi)
		q, r := bits.Div64(hi, lo, total)
		whole[i], rem[i] = q, r
		sum += q // Σ whole ≤ pot, so this cannot overflow
	}
	return pot - sum
}

// topRemainders marks extra[i] for the n lines with the largest remainders,
// equal remainders going to the lower index (the lower organisation code,
// since lines are in code order). It runs in linear time: a histogram of the
// remainders' leading bits finds the bucket holding the boundary, and only
// that bucket is sorted. den is the common denominator of the remainders.
func topRemainders(rem []uint64, den uint64, n uint64, extra []bool) {
	clear(extra)
	if n == 0 {
		return
	}
	const bucketBits = 11
	shift := 0
	if l := bits.Len64(den); l > bucketBits {
		shift = l - bucketBits
	}
	var hist [1 << bucketBits]uint64
	for _, r := range rem {
		hist[r>>shift]++
	}
	// Walk down from the highest bucket until the boundary bucket b.
	var above uint64
	b := len(hist) - 1
	for ; b >= 0; b-- {
		if above+hist[b] >= n {
			break
		}
		above += hist[b]
	}
	var cand []int
	for i, r := range rem {
		switch bk := int(r >> shift); {
		case bk > b:
			extra[i] = true
		case bk == b:
			cand = append(cand, i)
		}
	}
	slices.SortFunc(cand, func(x, y int) int {
		if c := cmp.Compare(rem[y], rem[x]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	for _, i := range cand[:n-above] {
		extra[i] = true
	}
}

// ranks numbers the lines 1, 2, … by remainder, largest first, equal
// remainders by index. It is the explanation of topRemainders: exactly the
// lines ranked 1…n receive the n leftover units.
func ranks(rem []uint64, rank []int) {
	order := make([]int32, len(rem))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := cmp.Compare(rem[y], rem[x]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	for r, i := range order {
		rank[i] = r + 1
	}
}
