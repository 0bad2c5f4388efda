// Package allocate splits a pot of money among recipients by a key, exactly,
// and explains every line. It does no I/O.
//
// # The rule (method anslag-largest-remainder/1)
//
// All arithmetic is in whole rounding units (öre, krona — the default —,
// 100 kr or 1 000 kr), with 128-bit intermediates so that no product of pot
// and weight can overflow.
//
//  1. Weights. Each recipient has a weight from the key: its population in
//     the chosen age bands and sexes on the reference date, 1 for equal
//     shares, an explicit weight, or its fixed amount.
//  2. Floors and caps (water-filling). Every recipient's exact quota is
//     pot × weight ÷ total weight. If quotas fall below floors or above caps,
//     the side that is further out of bounds in total is pinned at its bound,
//     the rest of the pot is shared again among the others, and this repeats
//     until no quota is out of bounds. The result is the unique split where
//     every unbound recipient gets the same money per unit of weight.
//  3. Largest remainder (Hamilton). Every unbound recipient first gets the
//     whole units of its exact quota. The units left over — fewer than the
//     number of recipients — go one each to the largest remainders; equal
//     remainders are ordered by organisation code, ascending. Every amount is
//     therefore its exact quota rounded down or up, and the lines sum to the
//     pot exactly.
//  4. Set-asides. Where a county pools a share of its principals' money (in
//     Stockholm county 4 %), the pooled total is the share of the county's
//     lines rounded to the nearest unit (halves up), and each line's
//     contribution is its exact share rounded down or up by the same largest
//     remainder rule. The joint line is held by the designated organisation.
//     The pot still sums exactly.
//
// Recipients are sorted by code before anything else, so the result never
// depends on input order, and the same request always gives byte-identical
// output.
package allocate

// Method names this rule; it is stored with every run so that a run can be
// recomputed by the method that made it.
const Method = "anslag-largest-remainder/1"
