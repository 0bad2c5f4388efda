package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/mail"
	"github.com/anslag/anslag/internal/remind"
)

// remindFlags configure the reminder e-mails of serve. Without an SMTP
// address no reminders are sent. The password is read from the
// environment only, so that it does not show in the process list.
type remindFlags struct {
	mail      mail.Config
	interval  time.Duration
	days      int
	publicURL string
}

func (r *remindFlags) register(fs *flag.FlagSet, e env) {
	fs.StringVar(&r.mail.Addr, "smtp-addr", e.getenv("ANSLAG_SMTP_ADDR"), "SMTP server host:port for reminder e-mails; empty: no reminders (env ANSLAG_SMTP_ADDR)")
	fs.StringVar(&r.mail.From, "smtp-from", envOr(e, "ANSLAG_SMTP_FROM", "anslag@localhost"), "sender address of reminder e-mails (env ANSLAG_SMTP_FROM)")
	fs.StringVar(&r.mail.User, "smtp-user", e.getenv("ANSLAG_SMTP_USER"), "SMTP user; the password comes from env ANSLAG_SMTP_PASSWORD (env ANSLAG_SMTP_USER)")
	starttls, _ := strconv.ParseBool(e.getenv("ANSLAG_SMTP_STARTTLS"))
	fs.BoolVar(&r.mail.StartTLS, "smtp-starttls", starttls, "upgrade the SMTP connection with STARTTLS (env ANSLAG_SMTP_STARTTLS)")
	fs.DurationVar(&r.interval, "reminder-interval", time.Hour, "time between reminder runs")
	fs.IntVar(&r.days, "reminder-days", 14, "days before the due date the first reminder is sent")
	fs.StringVar(&r.publicURL, "public-url", envOr(e, "ANSLAG_PUBLIC_URL", "http://localhost:8080"), "the site's public address, for links in e-mails (env ANSLAG_PUBLIC_URL)")
	r.mail.Password = e.getenv("ANSLAG_SMTP_PASSWORD")
}

func envOr(e env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

// check refuses settings the scheduler cannot run with, before serve
// opens anything.
func (r *remindFlags) check() error {
	if r.mail.Addr == "" {
		return nil
	}
	if r.interval < time.Minute || r.days < 0 {
		return usageError{fmt.Sprintf("--reminder-interval %s must be at least 1m and --reminder-days %d not negative", r.interval, r.days)}
	}
	if _, err := mail.New(r.mail); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// startReminders starts the scheduler on ctx, or logs that reminders are
// off. The returned wait blocks until the scheduler has stopped.
func startReminders(ctx context.Context, r remindFlags, svc *app.Service, log *slog.Logger) (wait func(), err error) {
	if r.mail.Addr == "" {
		log.Info("reminders off: no --smtp-addr")
		return func() {}, nil
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	sender, err := mail.New(r.mail)
	if err != nil {
		return nil, err
	}
	s := remind.New(remind.Config{Service: svc, Sender: sender, Days: r.days, Interval: r.interval, PublicURL: r.publicURL, Logger: log})
	log.Info("reminders on", "smtp", r.mail.Addr, "from", r.mail.From, "every", r.interval, "days", r.days)
	var wg sync.WaitGroup
	wg.Go(func() { s.Run(ctx) })
	return wg.Wait, nil
}
