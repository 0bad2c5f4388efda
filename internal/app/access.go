package app

import (
	"context"
	"slices"

	"github.com/anslag/anslag/internal/grant"
)

// Every use case decides who may run it here, in the application layer, so
// that the API, the web pages and the command line share one set of rules:
//
//   - an administrator may do everything;
//   - an auditor may read everything, including drafts and the audit log,
//     and change nothing;
//   - a coordinator acts for an organisation: its requisitions, reports,
//     conditions, sub-allocations, initiatives and action plans, and those
//     of its committees and units; it reads decided national data;
//   - the public (no login) reads decided and published data only.

// Actor is who is doing something, with the roles they hold.
type Actor struct {
	User      string       // e-mail; "" for the public
	Name      string       // display name, for pages to greet the user by
	Roles     []grant.Role // what the user may do
	ActingFor string       // the organisation a write is for; set by the use case, for the audit log
}

type actorKey struct{}

// WithActor returns a context that carries the actor of the request.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of a context. A context without one belongs
// to the operator's own tools (command line, demo loader), which act as
// the administrator "system"; every HTTP request carries its actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Operator("system")
}

// HasActor reports whether ctx carries an actor, so that a server can
// refuse to serve a request nobody has authenticated.
func HasActor(ctx context.Context) bool {
	_, ok := ctx.Value(actorKey{}).(Actor)
	return ok
}

// Operator is an administrator acting through the operator's own tools,
// named as the audit log should show it ("cli", "demo").
func Operator(name string) Actor {
	return Actor{User: name, Roles: []grant.Role{{Kind: grant.RoleAdmin}}}
}

// PublicActor is someone who has not logged in.
func PublicActor() Actor { return Actor{} }

// UserActor is a logged-in user acting with the roles they hold.
func UserActor(u grant.User) Actor {
	return Actor{User: u.Email, Name: u.Name, Roles: slices.Clone(u.Roles)}
}

func (a Actor) has(k grant.RoleKind) bool {
	return slices.ContainsFunc(a.Roles, func(r grant.Role) bool { return r.Kind == k })
}

// Admin reports whether the actor may do everything.
func (a Actor) Admin() bool { return a.has(grant.RoleAdmin) }

// Oversight reports whether the actor may read everything.
func (a Actor) Oversight() bool { return a.Admin() || a.has(grant.RoleAuditor) }

// LoggedIn reports whether the actor is someone rather than the public.
func (a Actor) LoggedIn() bool { return a.User != "" }

// coordinated lists the organisations the actor coordinates directly.
func (a Actor) coordinated() []string {
	var orgs []string
	for _, r := range a.Roles {
		if r.Kind == grant.RoleCoordinator {
			orgs = append(orgs, r.OrgCode)
		}
	}
	return orgs
}

func loginRequired() error {
	return grant.Errorf(grant.EUNAUTHORIZED, "", "log in to do this", "logga in för att göra detta")
}

// allow is nil when ok; otherwise the public is asked to log in (401) and
// anyone else is refused with the reason (403).
func allow(a Actor, ok bool, en, sv string, args ...any) error {
	switch {
	case ok:
		return nil
	case !a.LoggedIn():
		return loginRequired()
	}
	return grant.Errorf(grant.EFORBIDDEN, "", en, sv, args...)
}

// requireAdmin lets only an administrator on: national set-up, decisions,
// approvals and payments.
func requireAdmin(ctx context.Context) error {
	a := ActorFrom(ctx)
	return allow(a, a.Admin(), "only a national administrator may do this", "bara en nationell administratör får göra detta")
}

// RequireOversight lets an administrator or auditor on: reads of drafts,
// previews and the audit log, and the server's metrics.
func RequireOversight(ctx context.Context) error {
	a := ActorFrom(ctx)
	return allow(a, a.Oversight(), "only an administrator or auditor may see this", "bara en administratör eller revisor får se detta")
}

// requireSelf lets users manage what is theirs, such as their API tokens;
// an administrator may manage anyone's.
func requireSelf(ctx context.Context, email string) error {
	a := ActorFrom(ctx)
	return allow(a, a.Admin() || (a.LoggedIn() && a.User == email), "you may manage only your own account", "du får bara hantera ditt eget konto")
}

// coordinates reports whether the actor coordinates org, directly or as
// the organisation a committee or unit belongs to.
func (s *Service) coordinates(ctx context.Context, tx Tx, a Actor, org string) (bool, error) {
	mine := a.coordinated()
	if len(mine) == 0 || org == "" {
		return false, nil
	}
	// A unit belongs to a committee that belongs to a region: three steps up
	// reach any principal; the bound also stops a cycle.
	for range 4 {
		if slices.Contains(mine, org) {
			return true, nil
		}
		o, err := tx.Organisation(ctx, org)
		if grant.ErrorCode(err) == grant.ENOTFOUND {
			return false, nil
		} else if err != nil {
			return false, err
		}
		if org = o.ParentCode; org == "" {
			return false, nil
		}
	}
	return false, nil
}

// actFor lets the actor write on behalf of org: an administrator, or a
// coordinator of org. The returned context records org for the audit log.
func (s *Service) actFor(ctx context.Context, tx Tx, org string) (context.Context, error) {
	a := ActorFrom(ctx)
	ok := a.Admin()
	if !ok && a.LoggedIn() {
		var err error
		if ok, err = s.coordinates(ctx, tx, a, org); err != nil {
			return ctx, err
		}
	}
	if err := allow(a, ok, "you may not act for %s", "du får inte agera för %s", orDash(org)); err != nil {
		return ctx, err
	}
	a.ActingFor = org
	return WithActor(ctx, a), nil
}

// mayRead lets the actor see a record of org that is not public: an
// administrator, an auditor, or a coordinator of org.
func (s *Service) mayRead(ctx context.Context, tx Tx, org string) error {
	a := ActorFrom(ctx)
	ok := a.Oversight()
	if !ok && a.LoggedIn() {
		var err error
		if ok, err = s.coordinates(ctx, tx, a, org); err != nil {
			return err
		}
	}
	return allow(a, ok, "you may not see the records of %s", "du får inte se uppgifterna för %s", orDash(org))
}

// scopeList narrows a list of records that are not public to what the
// actor may see. A coordinator's list is of one organisation: the one the
// filter names, or by default the one the coordinator acts for.
func (s *Service) scopeList(ctx context.Context, tx Tx, f *ListFilter) error {
	a := ActorFrom(ctx)
	if f.OrgCode == "" && !a.Oversight() {
		if mine := a.coordinated(); len(mine) == 1 {
			f.OrgCode = mine[0]
		} else if len(mine) > 1 {
			return grant.Errorf(grant.EINVALID, "org", "you coordinate several organisations; name one with org", "du samordnar flera organisationer; ange en med org")
		}
	}
	return s.mayRead(ctx, tx, f.OrgCode)
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
