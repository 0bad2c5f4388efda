package web

import "strings"

// lineChart is a small trend of a key figure by year: a polyline through
// the values, a dot per value and a dashed line at the target. The table
// beside it carries the same figures for those who cannot see it.
type lineChart struct {
	Width, Height float64
	Path          string // the polyline's points
	Points        []linePoint
	HasTarget     bool
	TargetY       float64
	Target        string
	Low, High     string // the scale's ends, as written by the labels
}

type linePoint struct {
	X, Y  float64
	Label string // "2019: 12,3"
	Year  string
}

const (
	lineWidth   = 360.0
	lineHeight  = 140.0
	lineMarginX = 44.0 // room for the scale's labels
	lineMarginY = 16.0
)

// layoutLine places years (ascending) and their values; texts are the
// values as shown. Without at least one value it returns false.
func layoutLine(years []int, values []float64, texts []string, target *float64, targetText string) (lineChart, bool) {
	if len(values) == 0 {
		return lineChart{}, false
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	if target != nil {
		lo, hi = min(lo, *target), max(hi, *target)
	}
	if hi == lo { // a flat line sits in the middle
		lo, hi = lo-1, hi+1
	}
	c := lineChart{Width: lineWidth + 2*lineMarginX, Height: lineHeight + 2*lineMarginY + 14, Low: formatFigure(lo), High: formatFigure(hi)}
	y := func(v float64) float64 { return lineMarginY + (hi-v)/(hi-lo)*lineHeight }
	first, last := years[0], years[len(years)-1]
	x := func(year int) float64 {
		if first == last {
			return lineMarginX + lineWidth/2
		}
		return lineMarginX + float64(year-first)/float64(last-first)*lineWidth
	}
	var path []string
	for i, v := range values {
		p := linePoint{X: x(years[i]), Y: y(v), Label: itoa(years[i]) + ": " + texts[i], Year: itoa(years[i])}
		c.Points = append(c.Points, p)
		path = append(path, px(p.X)+","+px(p.Y))
	}
	c.Path = strings.Join(path, " ")
	if target != nil {
		c.HasTarget, c.TargetY, c.Target = true, y(*target), targetText
	}
	return c, true
}
