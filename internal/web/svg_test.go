package web

import (
	"math"
	"testing"

	"github.com/anslag/anslag/internal/money"
)

// Öre per inhabitant is rounded half up, in integers, also for amounts
// whose float division would be off.
func TestPerInhabitant(t *testing.T) {
	for _, tt := range []struct {
		amount money.Amount
		pop    int64
		want   int64
		text   string
	}{
		{100 * money.Krona, 3, 3333, "33,33\u00a0kr"},        // 33,333… down
		{200 * money.Krona, 3, 6667, "66,67\u00a0kr"},        // 66,666… up
		{1, 2, 1, "0,01\u00a0kr"},                            // exactly half: up
		{3, 2, 2, "0,02\u00a0kr"},                            // 1,5 öre: up
		{-1, 2, -1, "\u22120,01\u00a0kr"},                    // half away from zero
		{885 * money.Mkr, 10_120_242, 8745, "87,45\u00a0kr"}, // 8744,8… öre
		{1_234_567 * money.Krona, 1000, 123457, "1\u202f234,57\u00a0kr"},
		{5 * money.Krona, 0, 0, "0,00\u00a0kr"}, // no population: nothing
	} {
		got := perInhabitant(tt.amount, tt.pop)
		if got != tt.want {
			t.Errorf("perInhabitant(%d öre, %d) = %d, want %d", tt.amount, tt.pop, got, tt.want)
		}
		if text := perInhabitantText(got); text != tt.text {
			t.Errorf("perInhabitantText(%d) = %q, want %q", got, text, tt.text)
		}
	}
}

// The bands leaving a node are together as tall as the node, and so are
// those arriving; the largest column fills the height exactly.
func TestLayoutFlow(t *testing.T) {
	for _, tt := range []struct {
		name   string
		pots   []money.Amount
		split  [][2]money.Amount // per pot: to recipients, not split
		height float64
	}{
		{"demo 2017", []money.Amount{250 * money.Mkr, 150 * money.Mkr, 130 * money.Mkr, 250 * money.Mkr, 60 * money.Mkr, 45 * money.Mkr},
			[][2]money.Amount{{250 * money.Mkr, 0}, {150 * money.Mkr, 0}, {130 * money.Mkr, 0}, {0, 250 * money.Mkr}, {0, 60 * money.Mkr}, {0, 45 * money.Mkr}}, 560},
		{"odd öre", []money.Amount{1, 2, 99_999_997}, [][2]money.Amount{{1, 0}, {1, 1}, {50_000_000, 49_999_997}}, 333},
		{"one pot", []money.Amount{10 * money.Krona}, [][2]money.Amount{{7 * money.Krona, 3 * money.Krona}}, 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			state := &flowNode{Label: "state", Col: 0}
			shared := &flowNode{Label: "recipients", Col: 2}
			kept := &flowNode{Label: "kept", Col: 2}
			nodes := []*flowNode{state}
			var links []*flowLink
			for i, a := range tt.pots {
				p := &flowNode{Label: "pot", Col: 1, Amount: a}
				state.Amount += a
				nodes = append(nodes, p)
				links = append(links, &flowLink{From: state, To: p, Amount: a})
				for j, to := range []*flowNode{shared, kept} {
					if s := tt.split[i][j]; s > 0 {
						to.Amount += s
						links = append(links, &flowLink{From: p, To: to, Amount: s})
					}
				}
			}
			nodes = append(nodes, shared, kept)
			c := layoutFlow(nodes, links, tt.height)
			const eps = 1e-6
			if math.Abs(state.H-tt.height) > eps {
				t.Errorf("the state is %v tall, want %v", state.H, tt.height)
			}
			var col1 float64
			for _, n := range c.Nodes {
				if n.Col == 1 {
					col1 += n.H
				}
				var out, in float64
				for _, l := range c.Links {
					if l.From == n {
						out += l.H
					}
					if l.To == n {
						in += l.H
					}
				}
				if n.Col < 2 && math.Abs(out-n.H) > eps {
					t.Errorf("%s: bands out %v, node %v", n.Label, out, n.H)
				}
				if n.Col > 0 && math.Abs(in-n.H) > eps {
					t.Errorf("%s: bands in %v, node %v", n.Label, in, n.H)
				}
			}
			if math.Abs(col1-tt.height) > eps {
				t.Errorf("the pots are %v tall together, want %v", col1, tt.height)
			}
			for _, l := range c.Links {
				if l.Y0 < l.From.Y-eps || l.Y0+l.H > l.From.Y+l.From.H+eps || l.Y1 < l.To.Y-eps || l.Y1+l.H > l.To.Y+l.To.H+eps {
					t.Errorf("a band %s → %s leaves its nodes", l.From.Label, l.To.Label)
				}
			}
		})
	}
}

// Bars are as long as their values against the largest, and the average
// line sits where its value would end.
func TestLayoutBars(t *testing.T) {
	c := layoutBars([]string{"a", "b", "c"}, []string{"", "", ""}, []int64{200, 100, 0}, 150, "")
	want := []float64{barMaxWidth, barMaxWidth / 2, 0}
	for i, b := range c.Bars {
		if math.Abs(b.W-want[i]) > 1e-9 {
			t.Errorf("bar %d is %v long, want %v", i, b.W, want[i])
		}
	}
	if math.Abs(c.AverageX-(c.Left+barMaxWidth*0.75)) > 1e-9 {
		t.Errorf("the average at %v", c.AverageX)
	}
	if c := layoutBars(nil, nil, nil, 0, ""); len(c.Bars) != 0 || c.AverageX != c.Left {
		t.Errorf("no bars: %+v", c)
	}
}
