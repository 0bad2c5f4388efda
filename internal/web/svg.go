package web

import (
	"fmt"

	"github.com/anslag/anslag/internal/money"
)

// The diagrams are drawn on the server as SVG. Amounts stay integer öre;
// only the pixel geometry derived from them is floating point.

// flowNode is a box of the money-flow diagram: one column's stop.
type flowNode struct {
	Label  string
	Col    int
	Amount money.Amount
	X, Y   float64
	H      float64
	out    float64 // how much of H its outgoing bands have used
	in     float64 // … and its incoming bands
}

// flowLink is a band from one node to another, as wide as its amount.
type flowLink struct {
	From, To *flowNode
	Amount   money.Amount
	Y0, Y1   float64 // the band's top at its source and at its target
	H        float64
	Path     string
}

// flowChart is a laid-out diagram.
type flowChart struct {
	Width, Height float64
	Nodes         []*flowNode
	Links         []*flowLink
}

const (
	flowColumnGap = 250.0 // between the columns' left edges
	flowNodeWidth = 12.0
	flowNodeGap   = 28.0 // between the nodes of a column, room for a two-line label
	flowMargin    = 10.0
)

// layoutFlow places the nodes in columns and the bands between them. The
// scale is set by the largest column: its nodes fill height exactly, and
// every node is as tall as its amount at that scale.
func layoutFlow(nodes []*flowNode, links []*flowLink, height float64) flowChart {
	var totals []money.Amount
	for _, n := range nodes {
		for len(totals) <= n.Col {
			totals = append(totals, 0)
		}
		totals[n.Col] += n.Amount
	}
	var most money.Amount
	for _, t := range totals {
		most = max(most, t)
	}
	scale := 0.0
	if most > 0 {
		scale = height / float64(most)
	}
	c := flowChart{Width: flowMargin*2 + flowColumnGap*float64(max(len(totals)-1, 0)) + 230, Nodes: nodes, Links: links}
	ys := make([]float64, len(totals))
	for i := range ys {
		ys[i] = flowMargin
	}
	for _, n := range nodes {
		n.X = flowMargin + flowColumnGap*float64(n.Col)
		n.Y = ys[n.Col]
		n.H = float64(n.Amount) * scale
		n.out, n.in = 0, 0
		ys[n.Col] += n.H + flowNodeGap
		c.Height = max(c.Height, ys[n.Col])
	}
	for _, l := range links {
		l.H = float64(l.Amount) * scale
		l.Y0 = l.From.Y + l.From.out
		l.Y1 = l.To.Y + l.To.in
		l.From.out += l.H
		l.To.in += l.H
		x0, x1 := l.From.X+flowNodeWidth, l.To.X
		xm := (x0 + x1) / 2
		l.Path = fmt.Sprintf("M%.2f %.2fC%.2f %.2f %.2f %.2f %.2f %.2fL%.2f %.2fC%.2f %.2f %.2f %.2f %.2f %.2fZ",
			x0, l.Y0, xm, l.Y0, xm, l.Y1, x1, l.Y1,
			x1, l.Y1+l.H, xm, l.Y1+l.H, xm, l.Y0+l.H, x0, l.Y0+l.H)
	}
	return c
}

// bar is one bar of a horizontal bar chart.
type bar struct {
	Label, Value string
	Y, W         float64
}

// barChart is a laid-out horizontal bar chart with a marked average.
type barChart struct {
	Width, Height float64
	Left          float64 // where the bars start, after the labels
	BarHeight     float64
	Bars          []bar
	AverageX      float64
	Average       string
}

const (
	barLabelWidth = 190.0
	barMaxWidth   = 520.0
	barHeight     = 18.0
	barGap        = 6.0
)

// layoutBars sizes bars of values (any unit, non-negative) against the
// largest of them and the average.
func layoutBars(labels, texts []string, values []int64, average int64, averageText string) barChart {
	most := average
	for _, v := range values {
		most = max(most, v)
	}
	c := barChart{Left: barLabelWidth, BarHeight: barHeight, Width: barLabelWidth + barMaxWidth + 110, Average: averageText}
	w := func(v int64) float64 {
		if most <= 0 {
			return 0
		}
		return float64(v) * barMaxWidth / float64(most)
	}
	for i, v := range values {
		c.Bars = append(c.Bars, bar{Label: labels[i], Value: texts[i], Y: 10 + float64(i)*(barHeight+barGap), W: w(v)})
	}
	c.Height = 10 + float64(len(values))*(barHeight+barGap) + 24
	c.AverageX = c.Left + w(average)
	return c
}

// px writes a coordinate for an SVG attribute; templates call it as px.
func px(f float64) string { return fmt.Sprintf("%.2f", f) }

// addf adds coordinates; templates call it as addf.
func addf(a, b float64) float64 { return a + b }
