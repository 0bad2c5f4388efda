package web

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

func TestParseBounds(t *testing.T) {
	tests := []struct {
		text string
		want []grant.Bound
		line string // the line the message names; "" for none
	}{
		{"", nil, ""},
		{"0180 floor 1 000 000 kr", []grant.Bound{{Code: "0180", Floor: money.Mkr}}, ""},
		{"0180 golv 1 Mkr tak 3 Mkr\n\n01 cap 5 Mkr", []grant.Bound{{Code: "0180", Floor: money.Mkr, Cap: 3 * money.Mkr}, {Code: "01", Cap: 5 * money.Mkr}}, ""},
		{"0180 golv 1 Mkr\n0180 tak 2 Mkr", []grant.Bound{{Code: "0180", Floor: money.Mkr, Cap: 2 * money.Mkr}}, ""},
		{"0180 golv 1 Mkr\n01 golv tusen", nil, "Rad 2:"},
		{"0180 1 Mkr", nil, "Rad 1:"},
		{"0180", nil, "Rad 1:"},
		{"0180 tak", nil, "Rad 1:"},
	}
	for _, tt := range tests {
		f := emptyForm("sv", url.Values{"bounds": {tt.text}})
		got := parseBounds(f, "bounds")
		if msg := f.Err("bounds"); tt.line == "" && msg != "" || !strings.HasPrefix(msg, tt.line) {
			t.Errorf("%q: message %q, want one starting %q", tt.text, msg, tt.line)
		}
		if tt.line == "" && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.text, got, tt.want)
		}
		if tt.line == "" { // what boundsText writes reads back the same
			f := emptyForm("sv", url.Values{"bounds": {boundsText(got)}})
			if again := parseBounds(f, "bounds"); !reflect.DeepEqual(again, got) || !f.OK() {
				t.Errorf("%q: written %q reads back as %+v", tt.text, boundsText(got), again)
			}
		}
	}
}

func TestParseSetAsides(t *testing.T) {
	f := emptyForm("en", url.Values{"s": {"01 4 % storsthlm\n03 2,5 % 03"}})
	got := parseSetAsides(f, "s")
	want := []allocate.SetAside{{County: "01", Rate: allocate.Rate{Num: 4, Den: 100}, Holder: "storsthlm"},
		{County: "03", Rate: allocate.Rate{Num: 25, Den: 1000}, Holder: "03"}}
	if !f.OK() || !reflect.DeepEqual(got, want) {
		t.Fatalf("%+v (%q), want %+v", got, f.Err("s"), want)
	}
	f = emptyForm("en", url.Values{"s": {setAsidesText(got)}})
	if again := parseSetAsides(f, "s"); !reflect.DeepEqual(again, want) {
		t.Errorf("written %q reads back as %+v", setAsidesText(got), again)
	}
	for _, bad := range []string{"01 4 %", "01 fyra storsthlm", "\n01 4 storsthlm"} {
		f := emptyForm("en", url.Values{"s": {bad}})
		if parseSetAsides(f, "s"); !strings.HasPrefix(f.Err("s"), "Line ") {
			t.Errorf("%q: message %q, want one naming the line", bad, f.Err("s"))
		}
	}
}
