package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/server"
	"github.com/anslag/anslag/internal/store"
)

// dbFlags are the database options shared by serve and migrate.
type dbFlags struct{ url string }

func (d *dbFlags) register(fs *flag.FlagSet, e env) {
	def := e.getenv("ANSLAG_DATABASE_URL")
	if def == "" {
		def = "anslag.db"
	}
	fs.StringVar(&d.url, "db", def, "SQLite file or postgres:// URL (env ANSLAG_DATABASE_URL)")
}

// openService opens the database, migrates it (always on SQLite; on
// PostgreSQL only when asked, since several instances may share it),
// refuses a schema newer than this binary, and seeds the organisations.
func openService(ctx context.Context, url string, migrate bool, log *slog.Logger) (*store.DB, *app.Service, app.Config, error) {
	db, err := store.Open(ctx, store.Config{URL: url})
	if err != nil {
		return nil, nil, app.Config{}, err
	}
	pending, err := db.CheckSchema(ctx)
	if err != nil {
		db.Close()
		return nil, nil, app.Config{}, err
	}
	if pending && (migrate || db.Engine() == "sqlite") {
		applied, err := db.Migrate(ctx)
		if err != nil {
			db.Close()
			return nil, nil, app.Config{}, err
		}
		log.Info("migrated", "engine", db.Engine(), "applied", applied)
	} else if pending {
		db.Close()
		return nil, nil, app.Config{}, fmt.Errorf("the PostgreSQL schema is behind this anslag: run anslag migrate --db …")
	}
	reg, err := refdata.Load()
	if err != nil {
		db.Close()
		return nil, nil, app.Config{}, err
	}
	cfg := app.Config{Store: db, Register: reg}
	svc := app.New(cfg)
	if n, err := svc.SeedOrganisations(ctx); err != nil {
		db.Close()
		return nil, nil, app.Config{}, err
	} else if n > 0 {
		log.Info("seeded organisations", "added", n)
	}
	return db, svc, cfg, nil
}

func runServe(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var d dbFlags
	d.register(fs, e)
	addr := e.getenv("ANSLAG_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	fs.StringVar(&addr, "addr", addr, "address to listen on (env ANSLAG_ADDR)")
	loadDemo := fs.Bool("demo", false, "load the worked example of the 2017 agreement into a fresh database")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	db, svc, cfg, err := openService(ctx, d.url, false, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if *loadDemo {
		loaded, err := demo.Load(ctx, cfg)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		log.Info("demo", "loaded", loaded)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	var mountErr error
	srv := server.New(server.Config{Addr: addr}, server.Deps{Log: log, DB: db, DBPool: db.Pools(), Auth: svc,
		Mount: func(mux *http.ServeMux) { mountErr = server.MountAPI(mux, server.NewAPI(svc, db, log)) }})
	if mountErr != nil {
		return mountErr
	}
	return srv.Run(ctx, ln)
}

func runMigrate(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var d dbFlags
	d.register(fs, e)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	db, _, _, err := openService(ctx, d.url, true, log)
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	db.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "schema at version %d (%s)\n", v, db.Engine())
	return nil
}
