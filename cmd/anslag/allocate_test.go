package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// anslag runs the command in-process and returns exit status, stdout, stderr.
func anslag(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

const (
	synthetic = "../../examples/befolkning-syntetisk.csv"
	scb2017   = "../../examples/scb_kommuner_2017-12-31.csv"
	ageTable  = "../../examples/befolkning-syntetisk-kronoberg-alder.csv"
	kronoberg = "../../examples/kronoberg-2018-namnder.csv"
)

// csvAmounts parses CSV output into code → amount in öre, checking the header.
func csvAmounts(t *testing.T, out string) map[string]int64 {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, need := range []string{"code", "name", "amount_ore", "exact_remainder", "remainder_rank", "explanation"} {
		if _, ok := col[need]; !ok {
			t.Fatalf("CSV header %v lacks %q", rows[0], need)
		}
	}
	m := map[string]int64{}
	for _, r := range rows[1:] {
		v, err := strconv.ParseInt(r[col["amount_ore"]], 10, 64)
		if err != nil {
			t.Fatalf("amount_ore %q: %v", r[col["amount_ore"]], err)
		}
		key := r[col["code"]]
		if r[col["kind"]] == "set_aside" {
			key = "joint:" + r[col["county"]]
		}
		m[key] = v
	}
	return m
}

func sum(m map[string]int64) int64 {
	var s int64
	for _, v := range m {
		s += v
	}
	return s
}

func TestAllocateBundledExample(t *testing.T) {
	code, out, errOut := anslag(t, "", "allocate", "--total", "250 Mkr", "--population", synthetic, "--recipients", "municipalities")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Fördelning av 250 000 000 kr", "0780  Växjö kommun", "Summa", "250 000 000 kr", "anslag-largest-remainder/1"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	if n := strings.Count(out, " kommun "); n < 290 {
		t.Errorf("table has %d municipality lines, want 290", n)
	}
}

func TestAllocateFormats(t *testing.T) {
	args := []string{"allocate", "--total", "250 Mkr", "--population", scb2017, "--recipients", "principals", "--set-aside", "01:4%:storsthlm"}
	code, out, errOut := anslag(t, "", append(args, "--format", "csv")...)
	if code != 0 {
		t.Fatal(errOut)
	}
	amounts := csvAmounts(t, out)
	if len(amounts) != 312 || sum(amounts) != 250_000_000_00 {
		t.Fatalf("%d lines summing to %d öre, want 312 lines (311 + joint) summing to the pot", len(amounts), sum(amounts))
	}
	if amounts["joint:01"] <= 0 {
		t.Error("no county-joint line for Stockholm")
	}
	// The same run twice is byte-identical; JSON carries the same amounts.
	if _, again, _ := anslag(t, "", append(args, "--format", "csv")...); again != out {
		t.Error("two identical runs gave different CSV")
	}
	code, js, errOut := anslag(t, "", append(args, "--format", "json", "--lang", "en")...)
	if code != 0 {
		t.Fatal(errOut)
	}
	var res struct {
		Method string `json:"method"`
		Total  int64  `json:"total"`
		Lines  []struct {
			Code   string `json:"code"`
			Kind   string `json:"kind"`
			Amount int64  `json:"amount"`
			Why    string `json:"why"`
		} `json:"lines"`
	}
	if err := json.Unmarshal([]byte(js), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 250_000_000_00 || len(res.Lines) != 312 || res.Method == "" {
		t.Fatalf("json: total %d, %d lines, method %q", res.Total, len(res.Lines), res.Method)
	}
	for _, l := range res.Lines {
		if l.Kind == "recipient" && amounts[l.Code] != l.Amount || l.Why == "" {
			t.Fatalf("json line %+v disagrees with csv %d or lacks an explanation", l, amounts[l.Code])
		}
	}
}

func TestAllocateKeys(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  map[string]int64
		lines int
	}{
		{"Kronoberg fixed amounts (seed 000)", []string{"--total", "20,3 miljoner kronor", "--key", "fixed", "--weights", kronoberg},
			"", map[string]int64{"07-hsn": 13_410_000_00, "07-rs": 3_920_000_00, "07-run": 2_970_000_00}, 3},
		{"equal shares with ties to the lower code", []string{"--total", "10 kr", "--key", "equal", "--recipients", "0117,0114,0115"},
			"", map[string]int64{"0114": 400, "0115": 300, "0117": 300}, 3},
		{"population from standard input, region from municipalities", []string{"--total", "1 000 kr", "--population", "-", "--recipients", "07,0980"},
			"code;population\n0760;100\n0761;100\n0763;100\n0764;100\n0765;100\n0767;100\n0780;100\n0781;100\n0980;200\n",
			map[string]int64{"07": 800_00, "0980": 200_00}, 2},
		{"floor and cap", []string{"--total", "1 000 kr", "--key", "weights", "--weights", "-", "--floor", "a:300 kr", "--cap", "c:500 kr"},
			"code,weight\na,1\nb,10\nc,30\n", map[string]int64{"a": 300_00, "b": 200_00, "c": 500_00}, 3},
		{"rounding to 1 000 kr", []string{"--total", "10 000 kr", "--key", "equal", "--recipients", "01,03,04", "--unit", "1000"},
			"", map[string]int64{"01": 4000_00, "03": 3000_00, "04": 3000_00}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := anslag(t, tt.stdin, append(append([]string{"allocate"}, tt.args...), "--format", "csv")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			got := csvAmounts(t, out)
			if len(got) != tt.lines {
				t.Errorf("%d lines, want %d", len(got), tt.lines)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %d öre, want %d", k, got[k], v)
				}
			}
		})
	}
}

func TestAllocateAgeBands(t *testing.T) {
	all := func(extra ...string) map[string]int64 {
		code, out, errOut := anslag(t, "", append([]string{"allocate", "--total", "30 Mkr", "--population", ageTable, "--recipients", "county:07", "--format", "csv"}, extra...)...)
		if code != 0 {
			t.Fatal(errOut)
		}
		return csvAmounts(t, out)
	}
	whole, young := all(), all("--ages", "13-25", "--sex", "kvinnor")
	if sum(whole) != 30_000_000_00 || sum(young) != 30_000_000_00 {
		t.Fatalf("sums %d and %d", sum(whole), sum(young))
	}
	same := true
	for k := range whole {
		same = same && whole[k] == young[k]
	}
	if same {
		t.Error("an age band gave the same split as the whole population")
	}
}

func TestAllocateErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("code,population\n0780,91060\n0781,12.5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
		exit  int
		want  string
	}{
		{"malformed table", []string{"--total", "1 Mkr", "--population", bad, "--recipients", "0780,0781"}, "", 1, "bad.csv: line 3"},
		{"unknown code in table", []string{"--total", "1 Mkr", "--population", "-", "--recipients", "0780"}, "code,population\n0780,5\n9999,3\n", 1, "line 3"},
		{"recipient missing from table", []string{"--total", "1 Mkr", "--population", "-", "--recipients", "0780,0781"}, "code,population\n0780,5\n", 1, "0781"},
		{"bad amount", []string{"--total", "12,505 kr", "--key", "equal", "--recipients", "07"}, "", 1, "character"},
		{"amount overflow", []string{"--total", "99 999 999 999 999 999 kr", "--key", "equal", "--recipients", "07"}, "", 1, "--total"},
		{"floors above pot", []string{"--total", "100 kr", "--key", "equal", "--recipients", "07,08", "--floor", "60 kr"}, "", 1, "floors add up"},
		{"no key", []string{"--total", "1 Mkr"}, "", 2, "--population"},
		{"no total", []string{"--population", synthetic}, "", 2, "--total is required"},
		{"unknown flag", []string{"--totl", "1"}, "", 2, "totl"},
		{"bad recipients", []string{"--total", "1 Mkr", "--key", "equal", "--recipients", "county:99"}, "", 1, "not a county code"},
		{"bad set-aside", []string{"--total", "1 Mkr", "--key", "equal", "--recipients", "07", "--set-aside", "07:4"}, "", 2, "COUNTY:PERCENT:HOLDER"},
		{"missing file", []string{"--total", "1 Mkr", "--population", filepath.Join(dir, "nope.csv")}, "", 1, "nope.csv"},
		{"bad format", []string{"--total", "1 Mkr", "--key", "equal", "--format", "xml"}, "", 2, "table, csv or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := anslag(t, tt.stdin, append([]string{"allocate"}, tt.args...)...)
			if code != tt.exit {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.exit, errOut)
			}
			if out != "" {
				t.Errorf("a failed run wrote output: %q", out)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q lacks %q", errOut, tt.want)
			}
			if tt.exit == 1 && (strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "anslag: ")) {
				t.Errorf("error is not one line: %q", errOut)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errOut := anslag(t, "", "alocate"); code != 2 || !strings.Contains(errOut, `unknown command "alocate"`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if code, out, _ := anslag(t, "", "help"); code != 0 || !strings.Contains(out, "anslag allocate") {
		t.Errorf("help: exit %d, %q", code, out)
	}
}
