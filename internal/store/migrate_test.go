package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/anslag/anslag/internal/app"

	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

func TestMigrate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		v, err := db.SchemaVersion(ctx)
		if err != nil || v != store.LatestVersion() || v == 0 {
			t.Fatalf("schema version %d, %v; want %d", v, err, store.LatestVersion())
		}
		again, err := db.Migrate(ctx)
		if err != nil || len(again) != 0 {
			t.Fatalf("second migrate applied %v, %v", again, err)
		}
		if pending, err := db.CheckSchema(ctx); err != nil || pending {
			t.Fatalf("CheckSchema: pending %v, %v", pending, err)
		}
	})
}

func TestRefuseNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Write(ctx, func(app.Tx) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', 'x')`, store.LatestVersion()+1); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaNewer) {
			t.Fatalf("CheckSchema on a newer schema: %v, want ErrSchemaNewer", err)
		}
		if _, err := db.Migrate(ctx); !errors.Is(err, store.ErrSchemaNewer) {
			t.Fatalf("Migrate on a newer schema: %v, want ErrSchemaNewer", err)
		}
	})
}
