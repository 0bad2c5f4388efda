package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/oidc"
	"github.com/anslag/anslag/internal/pdf"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/server"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/web"
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
	chromium := fs.String("pdf-chromium", e.getenv("ANSLAG_PDF_CHROMIUM"), "Chromium binary for decisions as PDF; empty: no PDF (env ANSLAG_PDF_CHROMIUM)")
	readSlots := fs.Int("read-slots", 0, "API reads run at once, the rest queued in turn; 0: one per database connection and processor (env ANSLAG_READ_SLOTS)")
	var sso oidc.Config
	ssoFlags(fs, e, &sso)
	var rf remindFlags
	rf.register(fs, e)
	if v := e.getenv("ANSLAG_READ_SLOTS"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			*readSlots = n
		} else {
			return usageError{fmt.Sprintf("ANSLAG_READ_SLOTS=%q: want a whole number", v)}
		}
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	if *readSlots < 0 {
		return usageError{fmt.Sprintf("--read-slots %d: want 0 (the default) or more", *readSlots)}
	}
	if err := rf.check(); err != nil {
		return err
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
		if loaded {
			for _, u := range demo.Users() {
				log.Info("demo account", "email", u.Email, "role", u.Roles[0].String(), "password", demo.Password)
			}
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	var login web.OIDC
	if sso.Enabled() {
		c, err := oidc.New(ctx, sso)
		if err != nil {
			return err
		}
		login = c
		log.Info("single sign-on", "issuer", sso.Issuer)
	}
	options := []server.Option{server.ReadSlots(*readSlots)}
	if *chromium != "" {
		printer, err := pdf.New(*chromium, selfURL(ln.Addr()))
		if err != nil {
			return err
		}
		options = append(options, server.Pages(func(c *web.Config) { c.PDF = printer.Print }))
		log.Info("decisions as PDF", "chromium", *chromium)
	}
	application, err := server.NewApplication(svc, db, log, login, options...)
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	waitReminders, err := startReminders(ctx, rf, svc, log)
	if err != nil {
		return err
	}
	defer func() { stop(); waitReminders() }() // before the database closes
	srv := server.New(server.Config{Addr: addr}, server.Deps{Log: log, DB: db, DBPool: db.Pools(), Auth: svc,
		Mount: application.Mount, Collectors: application.Collectors()})
	var warm sync.WaitGroup // the warm-up reads the database: let it end before it closes
	warm.Go(func() { application.Warm(ctx) })
	err = srv.Run(ctx, ln)
	warm.Wait()
	return err
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

// ssoFlags reads the OpenID Connect settings; without an issuer single
// sign-on is off. The secret is read from the environment only, so that
// it does not show in the process list.
func ssoFlags(fs *flag.FlagSet, e env, c *oidc.Config) {
	fs.StringVar(&c.Issuer, "oidc-issuer", e.getenv("ANSLAG_OIDC_ISSUER"), "OpenID Connect issuer URL; enables single sign-on (env ANSLAG_OIDC_ISSUER)")
	fs.StringVar(&c.ClientID, "oidc-client-id", e.getenv("ANSLAG_OIDC_CLIENT_ID"), "OpenID Connect client id (env ANSLAG_OIDC_CLIENT_ID)")
	fs.StringVar(&c.RedirectURL, "oidc-redirect-url", e.getenv("ANSLAG_OIDC_REDIRECT_URL"),
		"the callback registered at the provider, https://HOST/login/oidc/callback (env ANSLAG_OIDC_REDIRECT_URL)")
	fs.StringVar(&c.Claim, "oidc-claim", e.getenv("ANSLAG_OIDC_CLAIM"), "the ID-token claim holding the user's e-mail; default email (env ANSLAG_OIDC_CLAIM)")
	c.ClientSecret = e.getenv("ANSLAG_OIDC_CLIENT_SECRET")
}

// selfURL is the address Chromium loads the server's own pages from: the
// loopback on the port listened on, whatever host the listener is bound to.
func selfURL(a net.Addr) string {
	host := "127.0.0.1"
	if t, ok := a.(*net.TCPAddr); ok {
		if ip := t.IP; ip != nil && !ip.IsUnspecified() {
			host = ip.String()
		}
		return "http://" + net.JoinHostPort(host, strconv.Itoa(t.Port))
	}
	return "http://" + a.String()
}
