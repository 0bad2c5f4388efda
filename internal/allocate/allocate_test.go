package allocate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/anslag/anslag/internal/money"
)

// amounts maps code → final amount for compact assertions.
func amounts(res *Result) map[string]money.Amount {
	m := make(map[string]money.Amount, len(res.Lines))
	for _, l := range res.Lines {
		key := l.Code
		if l.Kind == KindSetAside {
			key = "joint:" + l.County
		}
		m[key] = l.Amount
	}
	return m
}

func TestSeedCases(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		want map[string]money.Amount
	}{
		{
			// Seed 000: Region Kronoberg's 20,3 Mkr over three committees.
			name: "Kronoberg fixed",
			req: Request{Pot: 20_300_000 * money.Krona, Key: Key{Kind: KeyFixed}, Recipients: []Recipient{
				{Code: "07-hsn", Weight: 13_410_000_00}, {Code: "07-rs", Weight: 3_920_000_00}, {Code: "07-run", Weight: 2_970_000_00},
			}},
			want: map[string]money.Amount{"07-hsn": 13_410_000 * money.Krona, "07-rs": 3_920_000 * money.Krona, "07-run": 2_970_000 * money.Krona},
		},
		{
			name: "Kronoberg as weights",
			req: Request{Pot: 20_300_000 * money.Krona, Key: Key{Kind: KeyWeights}, Recipients: []Recipient{
				{Code: "07-run", Weight: 297}, {Code: "07-hsn", Weight: 1341}, {Code: "07-rs", Weight: 392},
			}},
			want: map[string]money.Amount{"07-hsn": 13_410_000 * money.Krona, "07-rs": 3_920_000 * money.Krona, "07-run": 2_970_000 * money.Krona},
		},
		{
			// Seed 002: the 2017 agreement, 885 Mkr = 780 Mkr stimulus + 60 Mkr + 45 Mkr to SKL.
			name: "2017 agreement",
			req: Request{Pot: 885 * money.Mkr, Unit: money.Mkr, Key: Key{Kind: KeyFixed}, Recipients: []Recipient{
				{Code: "stimulans", Weight: uint64(780 * money.Mkr)}, {Code: "skl-samordning", Weight: uint64(60 * money.Mkr)},
				{Code: "skl-kunskap", Weight: uint64(45 * money.Mkr)},
			}},
			want: map[string]money.Amount{"stimulans": 780 * money.Mkr, "skl-samordning": 60 * money.Mkr, "skl-kunskap": 45 * money.Mkr},
		},
		{
			name: "ties go to the lower code",
			req: Request{Pot: 10 * money.Krona, Key: Key{Kind: KeyEqual}, Recipients: []Recipient{
				{Code: "0117"}, {Code: "0114"}, {Code: "0115"},
			}},
			want: map[string]money.Amount{"0114": 4 * money.Krona, "0115": 3 * money.Krona, "0117": 3 * money.Krona},
		},
		{
			name: "largest remainder wins over code",
			req: Request{Pot: 100 * money.Krona, Key: Key{Kind: KeyWeights}, Recipients: []Recipient{
				{Code: "a", Weight: 1}, {Code: "b", Weight: 2}, {Code: "c", Weight: 4}, // quotas 14 2/7, 28 4/7, 57 1/7
			}},
			want: map[string]money.Amount{"a": 14 * money.Krona, "b": 29 * money.Krona, "c": 57 * money.Krona},
		},
		{
			name: "zero weight gets nothing",
			req: Request{Pot: 1000 * money.Krona, Recipients: []Recipient{
				{Code: "a", Weight: 0}, {Code: "b", Weight: 3}, {Code: "c", Weight: 1},
			}},
			want: map[string]money.Amount{"a": 0, "b": 750 * money.Krona, "c": 250 * money.Krona},
		},
		{
			name: "rounding to 1 000 kr",
			req: Request{Pot: 10_000 * money.Krona, Unit: 1000 * money.Krona, Key: Key{Kind: KeyEqual}, Recipients: []Recipient{
				{Code: "a"}, {Code: "b"}, {Code: "c"},
			}},
			want: map[string]money.Amount{"a": 4000 * money.Krona, "b": 3000 * money.Krona, "c": 3000 * money.Krona},
		},
		{
			name: "öre unit",
			req: Request{Pot: 100 * money.Krona, Unit: money.Ore, Key: Key{Kind: KeyEqual}, Recipients: []Recipient{
				{Code: "a"}, {Code: "b"}, {Code: "c"},
			}},
			want: map[string]money.Amount{"a": 3334, "b": 3333, "c": 3333},
		},
		{
			name: "floor water-filled",
			req: Request{Pot: 1000 * money.Krona, Recipients: []Recipient{
				{Code: "a", Weight: 1, Floor: 300 * money.Krona}, {Code: "b", Weight: 10}, {Code: "c", Weight: 30},
			}},
			// a pinned at 300; b and c share 700 as 1:3.
			want: map[string]money.Amount{"a": 300 * money.Krona, "b": 175 * money.Krona, "c": 525 * money.Krona},
		},
		{
			name: "cap water-filled twice",
			req: Request{Pot: 1000 * money.Krona, Recipients: []Recipient{
				{Code: "a", Weight: 80, Cap: 500 * money.Krona}, {Code: "b", Weight: 15, Cap: 300 * money.Krona}, {Code: "c", Weight: 5},
			}},
			// a capped at 500; then b's share of 500 is 375 > 300, so b capped too; c takes 200.
			want: map[string]money.Amount{"a": 500 * money.Krona, "b": 300 * money.Krona, "c": 200 * money.Krona},
		},
		{
			name: "zero weight with a floor gets its floor",
			req: Request{Pot: 1000 * money.Krona, Recipients: []Recipient{
				{Code: "a", Weight: 0, Floor: 100 * money.Krona}, {Code: "b", Weight: 1},
			}},
			want: map[string]money.Amount{"a": 100 * money.Krona, "b": 900 * money.Krona},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Allocate(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			got := amounts(res)
			for code, want := range tt.want {
				if got[code] != want {
					t.Errorf("%s = %d öre, want %d öre", code, got[code], want)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("got %d lines, want %d", len(got), len(tt.want))
			}
			checkSum(t, res)
		})
	}
}

func checkSum(t *testing.T, res *Result) {
	t.Helper()
	var sum money.Amount
	for _, l := range res.Lines {
		sum += l.Amount
		if l.Amount != l.Allocated-l.SetAside {
			t.Errorf("%s: amount %d ≠ allocated %d − set-aside %d", l.Code, l.Amount, l.Allocated, l.SetAside)
		}
	}
	if sum != res.Pot || res.Total != res.Pot {
		t.Errorf("lines sum to %d, total %d, pot %d", sum, res.Total, res.Pot)
	}
}

func TestErrors(t *testing.T) {
	three := func(mod func(rs []Recipient)) []Recipient {
		rs := []Recipient{{Code: "a", Weight: 1}, {Code: "b", Weight: 2}, {Code: "c", Weight: 3}}
		if mod != nil {
			mod(rs)
		}
		return rs
	}
	tests := []struct {
		name  string
		req   Request
		kind  error
		field string
	}{
		{"no recipients", Request{Pot: 100}, ErrInvalid, "recipients"},
		{"duplicate code", Request{Pot: 100, Recipients: three(func(rs []Recipient) { rs[2].Code = "a" })}, ErrInvalid, "recipients[a]"},
		{"empty code", Request{Pot: 100, Recipients: three(func(rs []Recipient) { rs[1].Code = "" })}, ErrInvalid, "recipients"},
		{"negative pot", Request{Pot: -100, Recipients: three(nil)}, ErrInvalid, "pot"},
		{"pot not whole units", Request{Pot: 1050, Recipients: three(nil)}, ErrInvalid, "pot"},
		{"negative unit", Request{Pot: 100, Unit: -1, Recipients: three(nil)}, ErrInvalid, "unit"},
		{"all zero", Request{Pot: 100, Recipients: three(func(rs []Recipient) { rs[0].Weight, rs[1].Weight, rs[2].Weight = 0, 0, 0 })}, ErrInvalid, "recipients"},
		{"floors exceed pot", Request{Pot: 100 * money.Krona, Recipients: three(func(rs []Recipient) {
			rs[0].Floor, rs[1].Floor = 60*money.Krona, 50*money.Krona
		})}, ErrInfeasible, "floor"},
		{"caps below pot", Request{Pot: 100 * money.Krona, Recipients: three(func(rs []Recipient) {
			rs[0].Cap, rs[1].Cap, rs[2].Cap = 30*money.Krona, 30*money.Krona, 30*money.Krona
		})}, ErrInfeasible, "cap"},
		{"floor above cap", Request{Pot: 100 * money.Krona, Recipients: three(func(rs []Recipient) {
			rs[0].Floor, rs[0].Cap = 50*money.Krona, 40*money.Krona
		})}, ErrInvalid, "recipients[a]"},
		{"floor not whole units", Request{Pot: 100 * money.Krona, Recipients: three(func(rs []Recipient) { rs[0].Floor = 150 })}, ErrInvalid, "recipients[a].floor"},
		{"negative cap", Request{Pot: 100 * money.Krona, Recipients: three(func(rs []Recipient) { rs[0].Cap = -100 })}, ErrInvalid, "recipients[a].cap"},
		{"fixed sum wrong", Request{Pot: 885 * money.Mkr, Key: Key{Kind: KeyFixed}, Recipients: []Recipient{
			{Code: "a", Weight: uint64(780 * money.Mkr)}, {Code: "b", Weight: uint64(60 * money.Mkr)}, {Code: "c", Weight: uint64(40 * money.Mkr)},
		}}, ErrInfeasible, "recipients"},
		{"fixed with floor", Request{Pot: 300, Key: Key{Kind: KeyFixed}, Recipients: []Recipient{{Code: "a", Weight: 300, Floor: 100}}}, ErrInvalid, "recipients[a]"},
		{"unknown key", Request{Pot: 100, Key: Key{Kind: "lottery"}, Recipients: three(nil)}, ErrInvalid, "key"},
		{"weights overflow", Request{Pot: 100, Recipients: []Recipient{{Code: "a", Weight: 1 << 63}, {Code: "b", Weight: 1 << 63}}}, ErrInvalid, "recipients"},
		{"only zero weight left uncapped", Request{Pot: 100 * money.Krona, Recipients: []Recipient{
			{Code: "a", Weight: 1, Cap: 10 * money.Krona}, {Code: "b", Weight: 0},
		}}, ErrInfeasible, "cap"},
		{"set-aside without county lines", Request{Pot: 100 * money.Krona, Recipients: three(nil),
			SetAsides: []SetAside{{County: "01", Rate: Rate{4, 100}, Holder: "x"}}}, ErrInvalid, "set_asides[01]"},
		{"set-aside without holder", Request{Pot: 100 * money.Krona, Recipients: three(func(rs []Recipient) { rs[0].County = "01" }),
			SetAsides: []SetAside{{County: "01", Rate: Rate{4, 100}}}}, ErrInvalid, "set_asides[01]"},
		{"set-aside above 100 %", Request{Pot: 100 * money.Krona, Recipients: three(func(rs []Recipient) { rs[0].County = "01" }),
			SetAsides: []SetAside{{County: "01", Rate: Rate{101, 100}, Holder: "x"}}}, ErrInvalid, "set_asides[01]"},
		{"set-aside twice", Request{Pot: 100 * money.Krona, Recipients: three(func(rs []Recipient) { rs[0].County = "01" }),
			SetAsides: []SetAside{{County: "01", Rate: Rate{4, 100}, Holder: "x"}, {County: "01", Rate: Rate{2, 100}, Holder: "y"}}}, ErrInvalid, "set_asides[01]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Allocate(tt.req)
			if err == nil {
				t.Fatalf("no error; lines %+v", res.Lines)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %v is not %v", err, tt.kind)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error", err)
			}
			if e.Field != tt.field {
				t.Errorf("field = %q, want %q (%v)", e.Field, tt.field, err)
			}
			if e.En == "" || e.Sv == "" || e.Swedish() == e.Error() {
				t.Errorf("message missing in one language: en %q sv %q", e.En, e.Sv)
			}
		})
	}
}

func TestSetAsideStockholm(t *testing.T) {
	// Stockholm county pools 4 % of each principal's money; Uppsala does not.
	rs := []Recipient{
		{Code: "01", County: "01", Weight: 2_300_000},
		{Code: "0114", County: "01", Weight: 44_605},
		{Code: "0115", County: "01", Weight: 33_175},
		{Code: "0180", County: "01", Weight: 949_761},
		{Code: "03", County: "03", Weight: 376_354},
		{Code: "0380", County: "03", Weight: 225_164},
	}
	res, err := Allocate(Request{Pot: 250 * money.Mkr, Key: Key{Kind: KeyPopulation}, Recipients: rs,
		SetAsides: []SetAside{{County: "01", Rate: Rate{4, 100}, Holder: "storsthlm", HolderName: "Storsthlm"}}})
	if err != nil {
		t.Fatal(err)
	}
	checkSum(t, res)
	var county, pooled money.Amount
	for _, l := range res.Lines {
		switch {
		case l.Kind == KindSetAside:
			pooled = l.Amount
			if l.Code != "storsthlm" || l.Contributors != 4 {
				t.Errorf("joint line %+v", l)
			}
		case l.County == "01":
			county += l.Allocated
			// Each contribution is 4 % of the line rounded down or up to a krona.
			exact := float64(l.Allocated) * 0.04 // only for a tolerance check in the test
			if d := float64(l.SetAside) - exact; d <= -100 || d >= 100 {
				t.Errorf("%s: set-aside %d öre, exact %.2f öre", l.Code, l.SetAside, exact)
			}
		default:
			if l.SetAside != 0 {
				t.Errorf("%s outside the county gave %d", l.Code, l.SetAside)
			}
		}
	}
	// The pool is 4 % of the county's money rounded half up to whole kronor.
	want := (county/money.Krona*4 + 50) / 100 * money.Krona
	if pooled != want {
		t.Errorf("pooled %d öre, want %d öre (county %d)", pooled, want, county)
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want Rate
		str  string
	}{
		{"4%", Rate{4, 100}, "4 %"},
		{"4 %", Rate{4, 100}, "4 %"},
		{"2,5 %", Rate{25, 1000}, "2,5 %"},
		{"0.125%", Rate{125, 100000}, "0,125 %"},
		{"100%", Rate{100, 100}, "100 %"},
	}
	for _, tt := range tests {
		got, err := ParseRate(tt.in)
		if err != nil || got != tt.want || got.String() != tt.str {
			t.Errorf("ParseRate(%q) = %v %q, %v; want %v %q", tt.in, got, got.String(), err, tt.want, tt.str)
		}
	}
	for _, bad := range []string{"", "4", "x%", "-4%", "101%", "1,2345678%", "%"} {
		if _, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) accepted", bad)
		}
	}
}

func TestDeterministicJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rs := randomRecipients(rng, 311, 1_000_000)
	req := Request{Pot: 250 * money.Mkr, Key: Key{Kind: KeyPopulation, ReferenceDate: "2016-11-01"}, Recipients: rs,
		SetAsides: []SetAside{{County: "01", Rate: Rate{4, 100}, Holder: "x"}}}
	first := mustJSON(t, req)
	for range 5 {
		rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
		if got := mustJSON(t, req); !bytes.Equal(got, first) {
			t.Fatal("output changed when the recipients were shuffled")
		}
	}
}

func mustJSON(t *testing.T, req Request) []byte {
	t.Helper()
	res, err := Allocate(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// randomRecipients makes n recipients with codes in a few counties and
// weights below maxWeight.
func randomRecipients(rng *rand.Rand, n int, maxWeight uint64) []Recipient {
	rs := make([]Recipient, n)
	for i := range rs {
		rs[i] = Recipient{Code: fmt.Sprintf("%06d", i), County: fmt.Sprintf("%02d", i%5), Weight: rng.Uint64N(maxWeight)}
	}
	return rs
}
