package web

import (
	"math"
	"testing"
)

// The line spans the chart: the first year at the left margin, the last
// at the right, the highest value (or target) at the top and the lowest at
// the bottom; years missing in between keep their place.
func TestLayoutLine(t *testing.T) {
	target := 10.0
	c, ok := layoutLine([]int{2015, 2016, 2019}, []float64{14, 12, 13}, []string{"14", "12", "13"}, &target, "10")
	if !ok || len(c.Points) != 3 {
		t.Fatalf("%+v %v", c, ok)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	p := c.Points
	if !near(p[0].X, lineMarginX) || !near(p[2].X, lineMarginX+lineWidth) || !near(p[1].X, lineMarginX+lineWidth/4) {
		t.Errorf("x: %v %v %v", p[0].X, p[1].X, p[2].X)
	}
	if !near(p[0].Y, lineMarginY) || !near(c.TargetY, lineMarginY+lineHeight) || !near(p[1].Y, lineMarginY+lineHeight/2) {
		t.Errorf("y: %v %v target %v", p[0].Y, p[1].Y, c.TargetY)
	}
	if c.High != "14" || c.Low != "10" || p[2].Label != "2019: 13" || c.Path == "" {
		t.Errorf("labels %q %q %q path %q", c.High, c.Low, p[2].Label, c.Path)
	}
	// One value, no target: a point in the middle.
	c, ok = layoutLine([]int{2019}, []float64{5}, []string{"5"}, nil, "")
	if !ok || c.HasTarget || !near(c.Points[0].X, lineMarginX+lineWidth/2) || !near(c.Points[0].Y, lineMarginY+lineHeight/2) {
		t.Errorf("one value: %+v", c)
	}
	if _, ok := layoutLine(nil, nil, nil, &target, "10"); ok {
		t.Error("no values drew a chart")
	}
}
