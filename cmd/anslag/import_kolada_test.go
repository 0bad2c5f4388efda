package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportKolada(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	page1 := write("p1.json", `{"count":2,"values":[{"kpi":"N17473","municipality":"0780","period":2018,"values":[{"gender":"T","count":1,"status":"","value":12.3},{"gender":"K","count":1,"status":"","value":13}]}],"next_page":"https://api.kolada.se/v2/data/kpi/N17473?page=2"}`)
	page2 := write("p2.json", `{"count":1,"values":[{"kpi":"N17473","municipality":"0007","period":2019,"values":[{"gender":"T","count":1,"status":"","value":11}]}],"next_page":null}`)
	bad := write("bad.json", `{"values":[{"kpi":"N17473","municipality":"0780","period":2019,"values":[{"gender":"T","value":"x"}]}]}`)
	for _, s := range []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"two pages", []string{"import", "kolada", "--db", db, page1, page2}, 0, "imported 3 values: 1 key figures, 2 organisations, 2 periods from 2 pages (import 1)", ""},
		{"first page alone", []string{"import", "kolada", "--db", db, page1}, 0, "imported 2 values", "warning: every page names a next page"},
		{"bad value", []string{"import", "kolada", "--db", db, page2, bad}, 1, "", `bad.json: values[0].values[0].value "x": expected a number or null`},
		{"no file", []string{"import", "kolada", "--db", db}, 2, "", "expected one or more files"},
		{"missing file", []string{"import", "kolada", "--db", db, filepath.Join(dir, "none.json")}, 1, "", "none.json"},
	} {
		code, out, errOut := anslag(t, "", s.args...)
		if code != s.code || !strings.Contains(out, s.out) || !strings.Contains(errOut, s.err) {
			t.Fatalf("%s: exit %d, out %q, err %q", s.name, code, out, errOut)
		}
	}
}
