package web_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store"
)

// demoFile is a SQLite file holding the seeded organisations, the demo and
// the administrator, made once per test binary and copied for each test:
// loading the demo takes seconds (many under the race detector), and some
// thirty tests start from it.
type demoFile struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// sharedDemo is the test binary's demo file; TestMain removes it.
var sharedDemo demoFile

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDemo.dir != "" {
		os.RemoveAll(sharedDemo.dir)
	}
	os.Exit(code)
}

// file makes the demo file on first use and returns its path.
func (d *demoFile) file() (string, error) {
	d.once.Do(func() {
		if d.dir, d.err = os.MkdirTemp("", "anslag-web-demo-"); d.err != nil {
			return
		}
		d.path = filepath.Join(d.dir, "anslag.db")
		d.err = buildDemo(context.Background(), d.path)
	})
	return d.path, d.err
}

// buildDemo loads what `anslag serve --demo` loads, plus the administrator
// the browser tests log in as, into a new SQLite file.
func buildDemo(ctx context.Context, path string) (err error) {
	db, err := store.Open(ctx, store.Config{URL: path})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	if _, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	reg, err := refdata.Load()
	if err != nil {
		return err
	}
	ctx = app.WithActor(ctx, app.Operator("browsertest"))
	cfg := app.Config{Store: db, Register: reg, Passwords: auth.TestParams}
	svc := app.New(cfg)
	if _, err := svc.SeedOrganisations(ctx); err != nil {
		return err
	}
	if _, err := demo.Load(ctx, cfg); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	_, err = svc.AddUser(ctx, grant.User{Email: adminEmail, Name: adminName, Roles: []grant.Role{{Kind: grant.RoleAdmin}}}, adminPassword)
	return err
}

// openDemoCopy opens a copy of the demo file in t's temporary folder, closed
// when t ends.
func openDemoCopy(t testing.TB) *store.DB {
	t.Helper()
	src, err := sharedDemo.file()
	if err != nil {
		t.Fatalf("demo database: %v", err)
	}
	dst := filepath.Join(t.TempDir(), "anslag.db")
	// The file is closed, so its write-ahead log is folded in; a log left
	// behind is copied too, and SQLite reads it on open.
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(src+suffix, dst+suffix); err != nil && !(suffix != "" && errors.Is(err, os.ErrNotExist)) {
			t.Fatalf("copy the demo database: %v", err)
		}
	}
	db, err := store.Open(context.Background(), store.Config{URL: dst})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
