package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrateCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	code, out, errOut := anslag(t, "", "migrate", "--db", db)
	if code != 0 || !strings.Contains(out, "schema at version") || !strings.Contains(errOut, "seeded organisations") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
	// A second run changes nothing and seeds nothing.
	code, out, errOut = anslag(t, "", "migrate", "--db", db)
	if code != 0 || strings.Contains(errOut, "seeded") || strings.Contains(errOut, "migrated") {
		t.Fatalf("second migrate: exit %d, out %q, err %q", code, out, errOut)
	}
}

func TestServeRefusesBadDatabase(t *testing.T) {
	code, _, errOut := anslag(t, "", "serve", "--db", filepath.Join(t.TempDir(), "missing-dir", "a.db"), "--addr", "127.0.0.1:0")
	if code != 1 || !strings.HasPrefix(errOut, "anslag: ") {
		t.Fatalf("exit %d, %q", code, errOut)
	}
}
