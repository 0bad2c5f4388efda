package importer

import (
	"errors"
	"strings"
	"testing"
)

func TestReadCodeTable(t *testing.T) {
	tests := []struct {
		name, in string
		valueCol string
		rows     []CodeRow
	}{
		{"codes only", "code\n0780\n07\n", "", []CodeRow{{Line: 2, Code: "0780"}, {Line: 3, Code: "07"}}},
		{"weights with comments, BOM, CRLF", "\uFEFF# vikter\r\nkod;vikt\r\n0780 ; 12\r\n\r\n# slut\r\n0781;3\r\n", "vikt",
			[]CodeRow{{Line: 3, Code: "0780", Value: "12"}, {Line: 6, Code: "0781", Value: "3"}}},
		{"name and amount, quoted", "code,name,amount\nhsn,\"Hälso- och sjukvårdsnämnden\",\"13 410 000 kr\"\n", "amount",
			[]CodeRow{{Line: 2, Code: "hsn", Name: "Hälso- och sjukvårdsnämnden", Value: "13 410 000 kr"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCodeTable(strings.NewReader(tt.in), "f.csv")
			if err != nil {
				t.Fatal(err)
			}
			if got.ValueColumn != tt.valueCol || len(got.Rows) != len(tt.rows) {
				t.Fatalf("got %+v", got)
			}
			for i := range tt.rows {
				if got.Rows[i] != tt.rows[i] {
					t.Errorf("row %d = %+v, want %+v", i, got.Rows[i], tt.rows[i])
				}
			}
		})
	}
}

func TestReadCodeTableErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		field    string
		contains string
	}{
		{"empty", "", 1, "", "no header"},
		{"only comments", "# x\n", 1, "", "no header"},
		{"no code column", "name,weight\nx,1\n", 1, "", `no "code"`},
		{"two value columns", "code,weight,extra\n", 1, "header", "unexpected column"},
		{"duplicate", "code,w\n07,1\n0780,2\n07,3\n", 4, "code", "first seen on line 2"},
		{"empty code", "code,w\n,1\n", 2, "code", "empty code"},
		{"short row", "code,w\n07\n", 2, "", "1 fields, expected 2"},
		{"bad quote", "code,w\n\"07,1\n", 2, "", "not valid CSV"},
		{"latin-1", "code,name\n0780,V\xe4xj\xf6\n", 2, "", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCodeTable(strings.NewReader(tt.in), "f.csv")
			if got != nil {
				t.Errorf("returned a table with an error: %+v", got)
			}
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("error %v (%T) is not a *RowError", err, err)
			}
			if re.Line != tt.line || re.Field != tt.field || !strings.Contains(re.Error(), tt.contains) {
				t.Errorf("error %q (line %d field %q), want line %d field %q containing %q", re, re.Line, re.Field, tt.line, tt.field, tt.contains)
			}
			if re.Sv == "" || !strings.HasPrefix(re.Error(), "f.csv: line ") || !strings.HasPrefix(re.Swedish(), "f.csv: rad ") {
				t.Errorf("messages: %q / %q", re.Error(), re.Swedish())
			}
		})
	}
}

func FuzzReadCodeTable(f *testing.F) {
	for _, s := range []string{"code\n07\n", "kod;vikt\n0780;1\n", "code,name,amount\nx,\"a,b\",\"1 kr\"\n", "\uFEFFcode\r\n# c\r\n1\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := ReadCodeTable(strings.NewReader(in), "fuzz.csv")
		if (tab == nil) == (err == nil) {
			t.Fatalf("table %v and error %v: exactly one must be set", tab, err)
		}
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, r := range tab.Rows {
			if r.Code == "" || seen[r.Code] || r.Line < 2 {
				t.Fatalf("bad row %+v", r)
			}
			seen[r.Code] = true
		}
	})
}
