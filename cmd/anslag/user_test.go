package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	const pw = "correct horse battery staple\n"
	steps := []struct {
		name, stdin string
		args        []string
		code        int
		out, errOut string // substrings expected
	}{
		{"add", pw, []string{"user", "add", "--db", db, "--email", "Anna@Region.se", "--name", "Anna Berg", "--role", "admin", "--role", "coordinator:0180", "--password-stdin"},
			0, "added user 1 anna@region.se (admin,coordinator:0180)", ""},
		{"duplicate", pw, []string{"user", "add", "--db", db, "--email", "anna@region.se", "--name", "Anna", "--role", "admin", "--password-stdin"},
			1, "", "already exists"},
		{"bad role", pw, []string{"user", "add", "--db", db, "--email", "b@region.se", "--name", "B", "--role", "root", "--password-stdin"},
			2, "", "unknown role"},
		{"coordinator without org", pw, []string{"user", "add", "--db", db, "--email", "b@region.se", "--name", "B", "--role", "coordinator", "--password-stdin"},
			2, "", "coordinator"},
		{"no terminal, no flag", "", []string{"user", "add", "--db", db, "--email", "b@region.se", "--name", "B", "--role", "auditor"},
			2, "", "--password-stdin"},
		{"empty stdin", "", []string{"user", "add", "--db", db, "--email", "b@region.se", "--name", "B", "--password-stdin"},
			2, "", "no password"},
		{"short password", "short\n", []string{"user", "add", "--db", db, "--email", "b@region.se", "--name", "B", "--password-stdin"},
			1, "", "password"},
		{"missing email", pw, []string{"user", "add", "--db", db, "--name", "B", "--password-stdin"}, 2, "", "--email is required"},
		{"add auditor", pw, []string{"user", "add", "--db", db, "--email", "b@region.se", "--name", "Bo Ek", "--role", "auditor", "--password-stdin"},
			0, "added user", ""},
		{"set-password", "another long password\n", []string{"user", "set-password", "--db", db, "--email", "anna@region.se", "--password-stdin"},
			0, "password of anna@region.se changed", ""},
		{"set-password unknown", "another long password\n", []string{"user", "set-password", "--db", db, "--email", "x@region.se", "--password-stdin"},
			1, "", "not found"},
		{"role add", "", []string{"user", "role", "add", "--db", db, "--email", "b@region.se", "--role", "coordinator:01"}, 0, "granted", ""},
		{"role remove", "", []string{"user", "role", "remove", "--db", db, "--email", "b@region.se", "--role", "auditor"}, 0, "revoked", ""},
		{"disable", "", []string{"user", "disable", "--db", db, "--email", "b@region.se"}, 0, "disabled b@region.se", ""},
		{"token create", "", []string{"token", "create", "--db", db, "--email", "anna@region.se", "--name", "export"}, 0, "anslag_t_", "cannot be shown again"},
		{"token revoke", "", []string{"token", "revoke", "--db", db, "--id", "1"}, 0, "revoked token 1", ""},
		{"token revoke unknown", "", []string{"token", "revoke", "--db", db, "--id", "42"}, 1, "", "not found"},
		{"unknown subcommand", "", []string{"user", "delete", "--db", db}, 2, "", "unknown subcommand"},
	}
	for _, s := range steps {
		code, out, errOut := anslag(t, s.stdin, s.args...)
		if code != s.code || !strings.Contains(out, s.out) || !strings.Contains(errOut, s.errOut) {
			t.Fatalf("%s: exit %d, out %q, err %q", s.name, code, out, errOut)
		}
		if code != 0 && strings.Count(strings.TrimSpace(errOut[strings.LastIndex(errOut, "anslag: "):]), "\n") != 0 {
			t.Errorf("%s: error is not one line: %q", s.name, errOut)
		}
	}
	code, out, errOut := anslag(t, "", "user", "list", "--db", db)
	if code != 0 {
		t.Fatalf("list: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "anna@region.se") || !strings.Contains(lines[1], "admin,coordinator:0180") ||
		!strings.Contains(lines[1], "active") || !strings.Contains(lines[2], "b@region.se") || !strings.Contains(lines[2], "coordinator:01 ") ||
		!strings.Contains(lines[2], "disabled") {
		t.Fatalf("list:\n%s", out)
	}
	if strings.Contains(out, "argon2") {
		t.Fatal("list shows a hash")
	}
}
