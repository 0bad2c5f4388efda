package web

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// Helpers shared by the requisition and follow-up pages.

// choice is one choice of a select on the work lists, marked when chosen.
type choice struct {
	Value, Label string
	Selected     bool
}

// listQuery is the filter of a list page, as the query names it: year,
// pot, org and status.
type listQuery struct {
	Year, Org, Status, Pot string
}

func readListQuery(r *http.Request) (listQuery, app.ListFilter) {
	q := r.URL.Query()
	lq := listQuery{Year: strings.TrimSpace(q.Get("year")), Org: strings.TrimSpace(q.Get("org")),
		Status: strings.TrimSpace(q.Get("status")), Pot: strings.TrimSpace(q.Get("pot"))}
	f := app.ListFilter{OrgCode: lq.Org, Status: lq.Status}
	if y, err := strconv.Atoi(lq.Year); err == nil {
		f.Year = y
	}
	if p, err := strconv.ParseInt(lq.Pot, 10, 64); err == nil {
		f.PotID = p
	}
	return lq, f
}

// potOptions are the pots to filter by, the selected one marked.
func potOptions(pots map[int64]potInfo, ids []int64, selected string) []choice {
	list := []choice{}
	for _, id := range ids {
		v := strconv.FormatInt(id, 10)
		list = append(list, choice{Value: v, Label: strconv.Itoa(pots[id].Year) + ": " + pots[id].Name, Selected: v == selected})
	}
	return list
}

// statusOptions marks the selected one of values, each with its label.
func statusOptions(selected string, pairs ...string) []choice {
	var list []choice
	for i := 0; i+1 < len(pairs); i += 2 {
		list = append(list, choice{Value: pairs[i], Label: pairs[i+1], Selected: pairs[i] == selected})
	}
	return list
}

// potsAndNames reads what the work lists show beside their ids: the pots
// with their years, and the organisations' names.
func (h *Handler) potsAndNames(ctx context.Context) (map[int64]potInfo, map[string]string, error) {
	pots, err := h.potsByID(ctx)
	if err != nil {
		return nil, nil, err
	}
	names, err := h.orgNames(ctx)
	return pots, names, err
}

// orgNames maps every organisation's code to its name; without the
// organisation reads the codes stand alone.
func (h *Handler) orgNames(ctx context.Context) (map[string]string, error) {
	names := map[string]string{}
	if h.cfg.Organisations == nil {
		return names, nil
	}
	list, _, err := h.cfg.Organisations.Organisations(ctx, app.ListFilter{})
	if err != nil {
		return nil, err
	}
	for _, o := range list {
		names[o.Code] = o.Name
	}
	return names, nil
}

// newKey is an idempotency key for a form that records money: put in the
// form when it is shown, it makes a second submit of the same form a retry
// that the service answers with the first record.
func newKey() string { return rand.Text() }

// myOrg is the organisation a coordinator of exactly one acts for.
func myOrg(ctx context.Context) string {
	if orgs := coordinated(ctx); len(orgs) == 1 {
		return orgs[0]
	}
	return ""
}

// coordinated are the organisations the actor coordinates.
func coordinated(ctx context.Context) []string {
	var orgs []string
	for _, role := range app.ActorFrom(ctx).Roles {
		if role.Kind == grant.RoleCoordinator {
			orgs = append(orgs, role.OrgCode)
		}
	}
	return orgs
}

// backTo is the list page to return to after an action: its path with the
// filter the form carried back (only the filter's own keys).
func backTo(path, raw string) string {
	q, _ := url.ParseQuery(raw)
	out := url.Values{}
	for _, k := range []string{"year", "pot", "org", "status", "lang"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	if len(out) == 0 {
		return path
	}
	return path + "?" + out.Encode()
}

// stale is the refusal of an action based on a record that has changed.
func stale() error {
	return grant.Errorf(grant.EPRECONDITION, "", "the record changed after the page was shown", "uppgiften ändrades efter att sidan visades")
}

// parseQuery reads a query a form carried back; a broken one is empty.
func parseQuery(raw string) (url.Values, error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return url.Values{}, err
	}
	return q, nil
}

// pager leads through a long list a page at a time; the links keep the
// list's filters.
type pager struct {
	From, To, Total int
	Prev, Next      string
}

// newPager is the pager of a page of n rows from offset, of size rows at
// most, out of total (app.TotalUnknown: more follow when the page is full).
func newPager(path string, q url.Values, offset, size, n, total int) pager {
	link := func(offset int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("offset", strconv.Itoa(offset))
		v.Del("format")
		return path + "?" + v.Encode()
	}
	p := pager{Total: total}
	if n > 0 {
		p.From, p.To = offset+1, offset+n
	}
	if offset > 0 {
		p.Prev = link(max(offset-size, 0))
	}
	if total == app.TotalUnknown && n == size || offset+n < total {
		p.Next = link(offset + size)
	}
	return p
}
