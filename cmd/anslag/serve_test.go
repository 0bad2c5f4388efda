package main

import (
	"bytes"
	"context"
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

func TestServeRefusesBadReminderFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	for _, args := range [][]string{
		{"--smtp-addr", "mail.example:25", "--reminder-interval", "1s"},
		{"--smtp-addr", "mail.example", "--reminder-interval", "1h"},
		{"--smtp-addr", "mail.example:25", "--smtp-from", "inte en adress"},
	} {
		code, _, errOut := anslag(t, "", append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, args...)...)
		if code != 2 || !strings.Contains(errOut, "smtp") && !strings.Contains(errOut, "reminder") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}

func TestServeRefusesBadReadSlots(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	code, _, errOut := anslag(t, "", "serve", "--db", db, "--addr", "127.0.0.1:0", "--read-slots", "-1")
	if code != 2 || !strings.Contains(errOut, "--read-slots -1") {
		t.Errorf("--read-slots -1: exit %d, %q", code, errOut)
	}
	var out, stderr bytes.Buffer
	code = run(context.Background(), []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, env{stdin: strings.NewReader(""), stdout: &out, stderr: &stderr,
		getenv: func(k string) string { return map[string]string{"ANSLAG_READ_SLOTS": "many"}[k] }})
	if code != 2 || !strings.Contains(stderr.String(), `ANSLAG_READ_SLOTS="many"`) {
		t.Errorf("ANSLAG_READ_SLOTS=many: exit %d, %q", code, stderr.String())
	}
}
