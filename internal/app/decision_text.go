package app

import (
	"context"
	"errors"
	"unicode"
	"unicode/utf8"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
	"github.com/anslag/anslag/internal/money"
)

// DecisionText is what anslag reads in an organisation's decision or press
// release: proposed lines for the user to confirm or correct. Nothing of it
// is stored; the confirmed lines are saved as any sub-allocation decision.
type DecisionText struct {
	Org grant.Organisation
	// Candidates are whom the recipients were matched against: the
	// organisation's committees, units and other organisations beneath it,
	// and the partners of its initiatives.
	Candidates []grant.Organisation
	Decision   *importer.Decision
	Text       string     // the text read; spans index into it
	Date       grant.Date // the first date in the text, "" if none
}

// ReadDecisionText reads text for org, which the actor must act for (as to
// record a sub-allocation). A text anslag cannot read is EINVALID on field
// "text"; one without amounts gives no proposals.
func (s *Service) ReadDecisionText(ctx context.Context, org, text string) (DecisionText, error) {
	var out DecisionText
	err := s.store.Read(ctx, func(tx Tx) error {
		if _, err := s.actFor(ctx, tx, org); err != nil {
			return err
		}
		var err error
		if out.Org, err = tx.Organisation(ctx, org); err != nil {
			return err
		}
		children, _, err := tx.ListOrganisations(ctx, ListFilter{OrgCode: org})
		if err != nil {
			return err
		}
		out.Candidates = children
		initiatives, _, err := tx.ListInitiatives(ctx, ListFilter{OrgCode: org})
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, c := range children {
			seen[c.Code] = true
		}
		for _, in := range initiatives {
			if in.PartnerCode == "" || seen[in.PartnerCode] {
				continue
			}
			seen[in.PartnerCode] = true
			p, err := tx.Organisation(ctx, in.PartnerCode)
			if err != nil {
				return err
			}
			out.Candidates = append(out.Candidates, p)
		}
		return nil
	})
	if err != nil {
		return DecisionText{}, err
	}
	candidates := make([]importer.Candidate, len(out.Candidates))
	for i, c := range out.Candidates {
		candidates[i] = importer.Candidate{Code: c.Code, Name: c.Name}
	}
	out.Decision, err = importer.ReadDecision(text, candidates)
	if err != nil {
		return DecisionText{}, DecisionTextError(err)
	}
	onlyInitiatives(out.Decision, out.Candidates)
	out.Text, out.Date = text, grant.Date(importer.DecisionDate(text))
	return out, nil
}

// onlyInitiatives makes a line to a matched partner (or any organisation
// that is not a committee or unit) an initiative: a sub-allocation may go
// only to a committee or unit, so money to a partner goes through an
// initiative with the partner named.
func onlyInitiatives(d *importer.Decision, candidates []grant.Organisation) {
	kinds := map[string]grant.OrgKind{}
	for _, c := range candidates {
		kinds[c.Code] = c.Kind
	}
	for i := range d.Proposals {
		p := &d.Proposals[i]
		if p.Kind != importer.KindSubAllocation || p.Match == nil {
			continue
		}
		if k := kinds[p.Match.Code]; k != grant.OrgCommittee && k != grant.OrgUnit {
			r, n := utf8.DecodeRuneInString(p.Recipient)
			p.Kind, p.Title = importer.KindInitiative, string(unicode.ToUpper(r))+p.Recipient[n:]
			p.Note = "the recipient is a " + string(k) + ", not a committee or unit: money to it goes through an initiative"
		}
	}
}

// DecisionTextError is the EINVALID error on field "text" of a text or
// file the importer refused; other errors pass through.
func DecisionTextError(err error) error {
	if de, ok := errors.AsType[*importer.DecisionError](err); ok {
		return &grant.Error{Code: grant.EINVALID, Field: "text", Message: de.Error(), Swedish: de.Swedish()}
	}
	return err
}

// Sum adds the proposed lines (sub-allocations and initiatives).
func (d DecisionText) Sum() (money.Amount, error) {
	var sum money.Amount
	for _, l := range d.Decision.Lines() {
		var err error
		if sum, err = sum.Add(l.Amount); err != nil {
			return 0, grant.Errorf(grant.EINVALID, "text", "the amounts in the text add up to more than anslag can count",
				"beloppen i texten blir tillsammans mer än anslag kan räkna")
		}
	}
	return sum, nil
}

// Stated is the total the text states: the first amount the lines after it
// add up to, or else the first one called a total; nil if none.
func (d DecisionText) Stated() *importer.Proposal {
	var called *importer.Proposal
	for i, p := range d.Decision.Proposals {
		if p.Kind != importer.KindTotal {
			continue
		}
		if p.Total != nil && p.Total.Matches {
			return &d.Decision.Proposals[i]
		}
		if called == nil {
			called = &d.Decision.Proposals[i]
		}
	}
	return called
}
