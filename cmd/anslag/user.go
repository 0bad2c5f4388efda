package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const userUsage = `Usage:
  anslag user add --email E --name N --role ROLE [--role ROLE…] [--password-stdin]
  anslag user set-password --email E [--password-stdin]
  anslag user disable --email E
  anslag user list
  anslag user role add|remove --email E --role ROLE
ROLE is admin, auditor or coordinator:ORGCODE. Without --password-stdin the
password is asked for twice on the terminal; there is no default password.`

const tokenUsage = `Usage:
  anslag token create --email E --name N
  anslag token revoke --id N`

// userFlags are the flags of the user and token subcommands; each
// subcommand registers the ones it takes.
type userFlags struct {
	db          dbFlags
	email, name string
	roles       []grant.Role
	pwStdin     bool
	id          int64
}

// parse reads args into a flag set of name with the flags that register adds.
func (uf *userFlags) parse(name string, args []string, e env, register func(fs *flag.FlagSet)) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	uf.db.register(fs, e)
	register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", name, fs.Arg(0))}
	}
	return nil
}

func (uf *userFlags) emailFlag(fs *flag.FlagSet) {
	fs.StringVar(&uf.email, "email", "", "the user's e-mail address")
}

func (uf *userFlags) roleFlag(fs *flag.FlagSet) {
	fs.Func("role", "admin, auditor or coordinator:ORGCODE (repeatable)", func(s string) error {
		r, err := parseRole(s)
		uf.roles = append(uf.roles, r)
		return err
	})
}

// parseRole reads "admin", "auditor" or "coordinator:CODE".
func parseRole(s string) (grant.Role, error) {
	kind, org, _ := strings.Cut(strings.TrimSpace(s), ":")
	r := grant.Role{Kind: grant.RoleKind(kind), OrgCode: org}
	if err := r.Validate(); err != nil {
		return r, err
	}
	return r, nil
}

func need(name, value string) error {
	if strings.TrimSpace(value) == "" {
		return usageError{"--" + name + " is required"}
	}
	return nil
}

// withService opens the database of --db, runs fn with the service as the
// command-line actor, and closes it.
func withService(ctx context.Context, url string, e env, fn func(context.Context, *app.Service) error) error {
	db, svc, _, err := openService(ctx, url, false, slog.New(slog.NewTextHandler(e.stderr, nil)))
	if err != nil {
		return err
	}
	defer db.Close()
	// The audit log names the command line as the actor of its changes.
	return fn(app.WithActor(ctx, app.Operator("cli")), svc)
}

func runUser(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return usageError{"user: expected add, set-password, disable, list or role\n" + userUsage}
	}
	var uf userFlags
	switch args[0] {
	case "add":
		err := uf.parse("user add", args[1:], e, func(fs *flag.FlagSet) {
			uf.emailFlag(fs)
			fs.StringVar(&uf.name, "name", "", "the user's full name")
			uf.roleFlag(fs)
			fs.BoolVar(&uf.pwStdin, "password-stdin", false, "read the password from the first line of standard input")
		})
		if err != nil {
			return err
		}
		if err := errors.Join(need("email", uf.email), need("name", uf.name)); err != nil {
			return usageError{oneLine(err.Error())}
		}
		pw, err := readPassword(e, uf.pwStdin)
		if err != nil {
			return err
		}
		return withService(ctx, uf.db.url, e, func(ctx context.Context, svc *app.Service) error {
			u, err := svc.AddUser(ctx, grant.User{Email: uf.email, Name: uf.name, Roles: uf.roles}, pw)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "added user %d %s (%s)\n", u.ID, u.Email, rolesText(u.Roles))
			return nil
		})
	case "set-password":
		if err := uf.parse("user set-password", args[1:], e, func(fs *flag.FlagSet) {
			uf.emailFlag(fs)
			fs.BoolVar(&uf.pwStdin, "password-stdin", false, "read the password from the first line of standard input")
		}); err != nil {
			return err
		}
		if err := need("email", uf.email); err != nil {
			return err
		}
		pw, err := readPassword(e, uf.pwStdin)
		if err != nil {
			return err
		}
		return withService(ctx, uf.db.url, e, func(ctx context.Context, svc *app.Service) error {
			if err := svc.SetPassword(ctx, uf.email, pw); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "password of %s changed; the user's sessions have ended\n", uf.email)
			return nil
		})
	case "disable":
		if err := uf.parse("user disable", args[1:], e, uf.emailFlag); err != nil {
			return err
		}
		if err := need("email", uf.email); err != nil {
			return err
		}
		return withService(ctx, uf.db.url, e, func(ctx context.Context, svc *app.Service) error {
			if err := svc.DisableUser(ctx, uf.email); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "disabled %s; the user's sessions have ended\n", uf.email)
			return nil
		})
	case "list":
		if err := uf.parse("user list", args[1:], e, func(*flag.FlagSet) {}); err != nil {
			return err
		}
		return withService(ctx, uf.db.url, e, func(ctx context.Context, svc *app.Service) error {
			users, _, err := svc.Users(ctx, app.ListFilter{})
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tEMAIL\tNAME\tROLES\tSTATUS")
			for _, u := range users {
				status := "active"
				if u.Disabled {
					status = "disabled"
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, rolesText(u.Roles), status)
			}
			return w.Flush()
		})
	case "role":
		return runUserRole(ctx, args[1:], e)
	}
	return usageError{fmt.Sprintf("user: unknown subcommand %q\n%s", args[0], userUsage)}
}

func runUserRole(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "remove") {
		return usageError{"user role: expected add or remove\n" + userUsage}
	}
	var uf userFlags
	if err := uf.parse("user role "+args[0], args[1:], e, func(fs *flag.FlagSet) { uf.emailFlag(fs); uf.roleFlag(fs) }); err != nil {
		return err
	}
	if err := need("email", uf.email); err != nil {
		return err
	}
	if len(uf.roles) != 1 {
		return usageError{"user role: give exactly one --role"}
	}
	return withService(ctx, uf.db.url, e, func(ctx context.Context, svc *app.Service) error {
		change, verb := svc.GrantRole, "granted"
		if args[0] == "remove" {
			change, verb = svc.RevokeRole, "revoked"
		}
		if err := change(ctx, uf.email, uf.roles[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s %s: %s\n", verb, uf.email, uf.roles[0])
		return nil
	})
}

func runToken(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return usageError{"token: expected create or revoke\n" + tokenUsage}
	}
	var uf userFlags
	switch args[0] {
	case "create":
		if err := uf.parse("token create", args[1:], e, func(fs *flag.FlagSet) {
			uf.emailFlag(fs)
			fs.StringVar(&uf.name, "name", "", "what the token is for, e.g. \"nightly export\"")
		}); err != nil {
			return err
		}
		if err := errors.Join(need("email", uf.email), need("name", uf.name)); err != nil {
			return usageError{oneLine(err.Error())}
		}
		return withService(ctx, uf.db.url, e, func(ctx context.Context, svc *app.Service) error {
			plain, k, err := svc.CreateToken(ctx, uf.email, uf.name)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, plain)
			fmt.Fprintf(e.stderr, "token %d %q for %s: store it now; it cannot be shown again / spara den nu; den kan inte visas igen\n",
				k.ID, k.Name, uf.email)
			return nil
		})
	case "revoke":
		if err := uf.parse("token revoke", args[1:], e, func(fs *flag.FlagSet) {
			fs.Int64Var(&uf.id, "id", 0, "the token's id")
		}); err != nil {
			return err
		}
		if uf.id <= 0 {
			return usageError{"--id is required"}
		}
		return withService(ctx, uf.db.url, e, func(ctx context.Context, svc *app.Service) error {
			if err := svc.RevokeToken(ctx, uf.id); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "revoked token %s\n", strconv.FormatInt(uf.id, 10))
			return nil
		})
	}
	return usageError{fmt.Sprintf("token: unknown subcommand %q\n%s", args[0], tokenUsage)}
}

func rolesText(roles []grant.Role) string {
	if len(roles) == 0 {
		return "-"
	}
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = r.String()
	}
	return strings.Join(s, ",")
}

// readPassword takes the password from the first line of stdin when asked,
// else from the terminal, typed twice without echo. Without a terminal
// and without --password-stdin it refuses: there is no default password.
func readPassword(e env, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		pw := strings.TrimRight(line, "\r\n")
		if pw == "" {
			return "", usageError{"--password-stdin: standard input holds no password"}
		}
		return pw, nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageError{"no terminal to ask for the password: pipe it in with --password-stdin"}
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(e.stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		return string(b), nil
	}
	pw, err := ask("Lösenord / Password: ")
	if err != nil {
		return "", err
	}
	again, err := ask("Igen / Again: ")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", errors.New("the passwords differ / lösenorden skiljer sig åt")
	}
	return pw, nil
}
