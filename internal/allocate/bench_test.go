package allocate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/anslag/anslag/internal/money"
)

// benchSizes are the recipient counts of docs/benchmarks.md: the 311
// principals, and two sizes far beyond any real pot.
var benchSizes = []int{311, 10_000, 1_000_000}

// benchWeights gives population-like weights (2 500 to 1 M inhabitants).
func benchWeights(n int) []uint64 {
	rng := rand.New(rand.NewPCG(42, uint64(n)))
	w := make([]uint64, n)
	for i := range w {
		w[i] = 2500 + rng.Uint64N(1_000_000)
	}
	return w
}

const benchPot = 250 * money.Mkr

// BenchmarkFloat is the arithmetic floor: one float64 proportional pass,
// pot × weight ÷ total rounded to the krona, as a spreadsheet would do it.
// It is neither exact nor guaranteed to sum to the pot.
func BenchmarkFloat(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint("n=", n), func(b *testing.B) {
			w := benchWeights(n)
			out := make([]int64, n)
			for b.Loop() {
				var total uint64
				for _, x := range w {
					total += x
				}
				scale := float64(benchPot/money.Krona) / float64(total)
				for i, x := range w {
					out[i] = int64(math.Round(scale * float64(x)))
				}
			}
		})
	}
}

// BenchmarkExact is the exact core over the same data: 128-bit quotas and
// the linear-time largest-remainder selection — the amounts, summing to the pot.
func BenchmarkExact(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint("n=", n), func(b *testing.B) {
			w := benchWeights(n)
			whole, rem, extra := make([]uint64, n), make([]uint64, n), make([]bool, n)
			for b.Loop() {
				var total uint64
				for _, x := range w {
					total += x
				}
				left := quotas(uint64(benchPot/money.Krona), w, total, whole, rem)
				topRemainders(rem, total, left, extra)
			}
		})
	}
}

// BenchmarkAllocate is the whole public call: validation, code sort, the
// exact split, remainder ranks and a fully explained line per recipient.
func BenchmarkAllocate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint("n=", n), func(b *testing.B) {
			w := benchWeights(n)
			rs := make([]Recipient, n)
			for i := range rs {
				rs[i] = Recipient{Code: fmt.Sprintf("%07d", i), Weight: w[i]}
			}
			req := Request{Pot: benchPot, Key: Key{Kind: KeyPopulation}, Recipients: rs}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Allocate(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
