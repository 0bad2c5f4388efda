package web

import (
	"fmt"
	"net/http"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// flowPage is the money-flow diagram of a year and its data table.
type flowPage struct {
	Year    int
	Years   []int
	Chart   flowChart
	Desc    string
	State   money.Amount // from the state: the year's pots
	Decided money.Amount // split by decided runs between recipients
}

// recipientGroup sorts a recipient into the diagram's aggregate: regions,
// municipalities, or joint recipients (associations holding a county's
// pooled money), so that 311 lines become three readable bands.
func recipientGroup(code string) int {
	switch {
	case len(code) == 2 && isDigits(code):
		return 0
	case len(code) == 4 && isDigits(code):
		return 1
	}
	return 2
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// flow draws state → pot → recipients (by kind) → what they passed on.
func (h *Handler) flow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(r)
	y, err := readRequestedYear(r, h.cfg.Statistics)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := flowPage{Year: y.Year, Years: y.Years}
	var nodes []*flowNode
	var links []*flowLink
	state := &flowNode{Label: pick(lang, "The state", "Staten"), Col: 0}
	nodes = append(nodes, state)
	groupNames := [3]string{pick(lang, "regions", "regioner"), pick(lang, "municipalities", "kommuner"), pick(lang, "joint recipients", "gemensamma mottagare")}
	groups := [3]*flowNode{}
	members := [3]map[string]bool{{}, {}, {}}
	groupOf := map[string]int{}
	kept := &flowNode{Label: pick(lang, "Not split by formula", "Inte fördelat med formel"), Col: 2}
	type potFlows struct {
		node  *flowNode
		to    [3]money.Amount
		other money.Amount
	}
	var pots []potFlows
	for _, dp := range y.Pots {
		pf := potFlows{node: &flowNode{Label: dp.Pot.Name, Col: 1, Amount: dp.Pot.Amount}}
		state.Amount += dp.Pot.Amount
		rest := dp.Pot.Amount
		for _, l := range dp.Run.Lines {
			if l.Amount == 0 {
				continue
			}
			g := recipientGroup(l.Code)
			members[g][l.Code] = true
			groupOf[l.Code] = g
			pf.to[g] += l.Amount
			rest -= l.Amount
			page.Decided += l.Amount
		}
		pf.other = max(rest, 0)
		pots = append(pots, pf)
	}
	page.State = state.Amount
	for _, pf := range pots {
		nodes = append(nodes, pf.node)
		links = append(links, &flowLink{From: state, To: pf.node, Amount: pf.node.Amount})
	}
	for g := range groups {
		groups[g] = &flowNode{Label: fmt.Sprintf("%d %s", len(members[g]), groupNames[g]), Col: 2}
	}
	for g, n := range groups {
		for _, pf := range pots {
			if pf.to[g] > 0 {
				n.Amount += pf.to[g]
				links = append(links, &flowLink{From: pf.node, To: n, Amount: pf.to[g]})
			}
		}
		if n.Amount > 0 {
			nodes = append(nodes, n)
		}
	}
	for _, pf := range pots {
		if pf.other > 0 {
			kept.Amount += pf.other
			links = append(links, &flowLink{From: pf.node, To: kept, Amount: pf.other})
		}
	}
	if kept.Amount > 0 {
		nodes = append(nodes, kept)
	}
	// What the recipients passed on inside their organisations, by kind of
	// receiver, and what they kept.
	subs, _, err := h.cfg.Statistics.SubAllocations(ctx, app.ListFilter{Year: y.Year, Status: string(grant.SubAllocActive)})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	committees := &flowNode{Label: pick(lang, "Committees and units", "Nämnder och enheter"), Col: 3}
	initiatives := &flowNode{Label: pick(lang, "Initiatives", "Insatser"), Col: 3}
	notPassed := &flowNode{Label: pick(lang, "Not passed on", "Inte vidarefördelat"), Col: 3}
	var toCommittees, toInitiatives [3]money.Amount
	for _, s := range subs {
		g, ok := groupOf[s.FromOrg]
		if !ok {
			continue // money from a line of another year's split
		}
		if s.ToOrg != "" {
			toCommittees[g] += s.Amount
		} else {
			toInitiatives[g] += s.Amount
		}
	}
	for g, n := range groups {
		if n.Amount == 0 {
			continue
		}
		rest := n.Amount - toCommittees[g] - toInitiatives[g]
		for _, f := range []struct {
			to     *flowNode
			amount money.Amount
		}{{committees, toCommittees[g]}, {initiatives, toInitiatives[g]}, {notPassed, rest}} {
			if f.amount > 0 {
				f.to.Amount += f.amount
				links = append(links, &flowLink{From: n, To: f.to, Amount: f.amount})
			}
		}
	}
	for _, n := range []*flowNode{committees, initiatives, notPassed} {
		if n.Amount > 0 {
			nodes = append(nodes, n)
		}
	}
	if state.Amount == 0 {
		nodes, links = nil, nil
	}
	page.Chart = layoutFlow(nodes, links, 560)
	page.Desc = fmt.Sprintf(pick(lang, "Of %s from the state in %d, %s was split between recipients by decided allocations.",
		"Av %s från staten %d fördelades %s mellan mottagare genom beslutade fördelningar."), page.State.HTML(), y.Year, page.Decided.HTML())
	out := &sheet{Name: fmt.Sprintf("penningflode-%d", y.Year), Header: []string{"Från", "Till", "Belopp (kr)"}}
	for _, l := range links {
		out.add(l.From.Label, l.To.Label, l.Amount)
	}
	if h.exported(w, r, out) {
		return
	}
	h.render(w, r, http.StatusOK, "flow", fmt.Sprintf("%s %d", pick(lang, "Money flow", "Penningflöde"), y.Year), page)
}
