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
	bucketBits := min(11, max(4, bits.Len(uint(len(rem)))))
	shift := max(0, bits.Len64(den)-bucketBits)
	var buf [1 << 11]uint64 // on the stack: no allocation for small pots
	hist := buf[:1<<bucketBits]
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
		bk := int(r >> shift)
		extra[i] = bk > b // branch-free: the comparison is a coin toss per line
		if bk == b {
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
// lines ranked 1…n receive the n leftover units. A bucket sort on the
// remainders' leading bits keeps it linear for the near-uniform remainders
// of real keys; each bucket is then sorted on its own.
func ranks(rem []uint64, den uint64, rank []int32) {
	if len(rem) == 0 {
		return
	}
	bucketBits := min(16, max(4, bits.Len(uint(len(rem)))))
	shift := max(0, bits.Len64(den)-bucketBits)
	top := int(rem[0] >> shift) // remainders are < den, so buckets are < 1<<bucketBits
	start := make([]int32, 1<<bucketBits+1)
	for _, r := range rem {
		start[r>>shift]++
		top = max(top, int(r>>shift))
	}
	// Offsets in descending bucket order: the highest remainders come first.
	var sum int32
	for b := top; b >= 0; b-- {
		c := start[b]
		start[b] = sum
		sum += c
	}
	order := make([]int32, len(rem))
	next := slices.Clone(start)
	for i, r := range rem { // ascending i keeps each bucket in index order
		b := r >> shift
		order[next[b]] = int32(i)
		next[b]++
	}
	byRem := func(x, y int32) int {
		if c := cmp.Compare(rem[y], rem[x]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	}
	for b := top; b >= 0; b-- {
		end := int32(len(rem))
		if b > 0 {
			end = start[b-1]
		}
		if seg := order[start[b]:end]; len(seg) > 1 {
			slices.SortFunc(seg, byRem)
		}
	}
	for k, i := range order {
		rank[i] = int32(k + 1)
	}
}
