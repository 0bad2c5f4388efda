package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/population"
)

// request builds the engine's input for a pot from its recipients, key,
// population table, bounds and set-asides.
func (s *Service) request(ctx context.Context, tx Tx, p grant.Pot) (allocate.Request, error) {
	req := allocate.Request{Pot: p.Amount, Unit: p.Unit, Key: allocate.Key{Kind: p.Key, ReferenceDate: string(p.ReferenceDate)}}
	if p.Recipients == "" {
		return req, grant.Errorf(grant.EINVALID, "recipients", "the pot has no recipients to split among", "potten saknar mottagare att fördela mellan")
	}
	orgs, err := p.Recipients.Resolve(s.reg)
	if err != nil {
		return req, userError(grant.EINVALID, "recipients", err)
	}
	req.Recipients = make([]allocate.Recipient, len(orgs))
	codes := make([]string, len(orgs))
	for i, o := range orgs {
		req.Recipients[i] = allocate.Recipient{Code: o.Code, Name: o.Name, County: o.CountyCode}
		codes[i] = o.Code
	}
	if p.Key == allocate.KeyPopulation {
		if p.PopulationTableID == 0 {
			return req, grant.Errorf(grant.EINVALID, "population_table_id", "a population key needs a population table", "en befolkningsnyckel kräver en befolkningstabell")
		}
		filter, err := population.ParseFilter(p.Ages, p.Sex)
		if err != nil {
			return req, userError(grant.EINVALID, "ages", err)
		}
		meta, table, err := s.loadPopulation(ctx, tx, p.PopulationTableID)
		if err != nil {
			return req, err
		}
		counts, err := table.Counts(codes, filter)
		if err != nil {
			return req, userError(grant.EINVALID, "population_table_id", err)
		}
		for i, c := range counts {
			req.Recipients[i].Weight = uint64(c)
		}
		req.Key.Description, req.Key.Source = filter.String(), meta.Name
		if req.Key.ReferenceDate == "" {
			req.Key.ReferenceDate = string(meta.ReferenceDate)
		}
	}
	for _, b := range p.Bounds {
		i := slices.Index(codes, b.Code)
		if i < 0 {
			return req, grant.Errorf(grant.EINVALID, "bounds", "%q is not among the pot's recipients", "%q är inte bland pottens mottagare", b.Code)
		}
		req.Recipients[i].Floor, req.Recipients[i].Cap = b.Floor, b.Cap
	}
	req.SetAsides = slices.Clone(p.SetAsides)
	return req, nil
}

// compute runs the engine, turning its errors into user errors.
func compute(req allocate.Request) (*allocate.Result, error) {
	res, err := allocate.Allocate(req)
	if err != nil {
		return nil, userError(grant.EINVALID, "", err)
	}
	return res, nil
}

// Preview computes a pot's split without storing anything.
func (s *Service) Preview(ctx context.Context, potID int64) (res *allocate.Result, err error) {
	if err := RequireOversight(ctx); err != nil {
		return nil, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		_, _, res, err = s.computePot(ctx, tx, potID)
		return err
	})
	return res, err
}

// computePot splits a pot as it is now.
func (s *Service) computePot(ctx context.Context, tx Tx, potID int64) (grant.Pot, allocate.Request, *allocate.Result, error) {
	p, err := tx.Pot(ctx, potID)
	if err != nil {
		return p, allocate.Request{}, nil, err
	}
	req, err := s.request(ctx, tx, p)
	if err != nil {
		return p, req, nil, err
	}
	res, err := compute(req)
	return p, req, res, err
}

// CreateRun computes a pot's split and stores it as a draft.
func (s *Service) CreateRun(ctx context.Context, potID int64) (run grant.AllocationRun, err error) {
	if err := requireAdmin(ctx); err != nil {
		return run, err
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		if _, err := tx.DecidedRun(ctx, potID); err == nil {
			return grant.Errorf(grant.ECONFLICT, "", "the pot's split is already decided", "pottens fördelning är redan beslutad")
		} else if grant.ErrorCode(err) != grant.ENOTFOUND {
			return err
		}
		p, req, res, err := s.computePot(ctx, tx, potID)
		if err != nil {
			return err
		}
		a := ActorFrom(ctx)
		run = grant.AllocationRun{PotID: potID, Status: grant.RunDraft, Method: res.Method, Inputs: req, PopulationTableID: p.PopulationTableID,
			Total: res.Total, Lines: res.Lines, CreatedAt: s.stamp(), CreatedBy: a.User, Version: 1}
		if err := tx.InsertRun(ctx, &run); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "allocation_run", run.ID, nil, runSummary(run))
	})
	return run, err
}

// RecomputeRun recomputes a draft from the pot as it is now.
func (s *Service) RecomputeRun(ctx context.Context, id, version int64) (run grant.AllocationRun, err error) {
	if err := requireAdmin(ctx); err != nil {
		return run, err
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Run(ctx, id)
		if err != nil {
			return err
		}
		if before.Status != grant.RunDraft {
			return grant.Errorf(grant.ECONFLICT, "", "a decided run cannot be recomputed", "en beslutad körning kan inte räknas om")
		}
		p, req, res, err := s.computePot(ctx, tx, before.PotID)
		if err != nil {
			return err
		}
		run = before
		run.Inputs, run.Method, run.Total, run.Lines, run.PopulationTableID, run.Version = req, res.Method, res.Total, res.Lines, p.PopulationTableID, version
		if run.Version, err = tx.ReplaceDraftRun(ctx, run); err != nil {
			return err
		}
		return s.audit(ctx, tx, "recompute", "allocation_run", id, runSummary(before), runSummary(run))
	})
	return run, err
}

// DecideRun freezes a draft: from now on it is the pot's split, every line
// enters the ledger as allocated money, and nothing about it can change.
func (s *Service) DecideRun(ctx context.Context, id, version int64) (run grant.AllocationRun, err error) {
	if err := requireAdmin(ctx); err != nil {
		return run, err
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Run(ctx, id)
		if err != nil {
			return err
		}
		if before.Status != grant.RunDraft {
			return grant.Errorf(grant.ECONFLICT, "", "the run is already decided", "körningen är redan beslutad")
		}
		if err := tx.LockPot(ctx, before.PotID); err != nil {
			return err
		}
		if _, err := tx.DecidedRun(ctx, before.PotID); err == nil {
			return grant.Errorf(grant.ECONFLICT, "", "another run of this pot is already decided", "en annan körning av potten är redan beslutad")
		} else if grant.ErrorCode(err) != grant.ENOTFOUND {
			return err
		}
		// The draft must still be the pot's split as it is now: a pot changed
		// after the draft was computed would be decided on stale figures.
		p, req, _, err := s.computePot(ctx, tx, before.PotID)
		if err != nil {
			return err
		}
		if stale, err := differ(req, before.Inputs); err != nil {
			return err
		} else if stale || before.Total != p.Amount {
			return grant.Errorf(grant.ECONFLICT, "", "the pot has changed since this draft was computed; recompute it before deciding",
				"potten har ändrats sedan utkastet räknades fram; räkna om det innan beslut")
		}
		a := ActorFrom(ctx)
		run = before
		run.Status, run.DecidedAt, run.DecidedBy = grant.RunDecided, s.stamp(), a.User
		if run.Version, err = tx.DecideRun(ctx, id, version, run.DecidedAt, a.User); err != nil {
			return err
		}
		entries := make([]grant.LedgerEntry, 0, len(run.Lines))
		for _, l := range run.Lines {
			if l.Amount != 0 {
				entries = append(entries, grant.LedgerEntry{Kind: grant.EntryAllocated, AgreementID: p.AgreementID, PotID: p.ID,
					OrgCode: l.Code, Amount: l.Amount, RefType: "allocation_run", RefID: id})
			}
		}
		if err := s.ledger(ctx, tx, entries...); err != nil {
			return err
		}
		return s.audit(ctx, tx, "decide", "allocation_run", id, runSummary(before), runSummary(run))
	})
	return run, err
}

// VerifyRun recomputes a stored run from its stored inputs and reports
// whether every line comes out exactly as stored.
func (s *Service) VerifyRun(ctx context.Context, id int64) (same bool, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		run, err := tx.Run(ctx, id)
		if err != nil {
			return err
		}
		if err := mayReadRun(ctx, run); err != nil {
			return err
		}
		res, err := compute(run.Inputs)
		if err != nil {
			return err
		}
		same = res.Method == run.Method && slices.Equal(res.Lines, run.Lines)
		return nil
	})
	return same, err
}

// Run reads one run with its lines.
func (s *Service) Run(ctx context.Context, id int64) (run grant.AllocationRun, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if run, err = tx.Run(ctx, id); err != nil {
			return err
		}
		return mayReadRun(ctx, run)
	})
	if err != nil {
		return grant.AllocationRun{}, err
	}
	return run, nil
}

// mayReadRun lets anyone read a decided run, which is public; a draft only
// an administrator or auditor.
func mayReadRun(ctx context.Context, run grant.AllocationRun) error {
	if run.Status == grant.RunDecided {
		return nil
	}
	return RequireOversight(ctx)
}

// Runs lists runs (without lines) by pot. Only an administrator or auditor
// sees drafts; everyone else gets the decided runs.
func (s *Service) Runs(ctx context.Context, f ListFilter) (list []grant.AllocationRun, total int, err error) {
	if !ActorFrom(ctx).Oversight() {
		if f.Status != "" && f.Status != string(grant.RunDecided) {
			return nil, 0, RequireOversight(ctx)
		}
		f.Status = string(grant.RunDecided)
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListRuns(ctx, f)
		return err
	})
	return list, total, err
}

// OrgLines lists an organisation's lines with money in the decided runs
// (of one pot if potID is not 0): public, as the decided runs are. It reads
// them by organisation, where reading every run to find one line each
// would read all 311 lines of every pot.
func (s *Service) OrgLines(ctx context.Context, org string, potID int64) (lines []grant.OrgLine, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		lines, err = tx.OrgLines(ctx, org, potID)
		return err
	})
	return lines, err
}

// DecidedRecipients counts, for every decided run, the lines that give
// money: public, as the decided runs are.
func (s *Service) DecidedRecipients(ctx context.Context) (counts map[int64]int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		counts, err = tx.DecidedRecipients(ctx)
		return err
	})
	return counts, err
}

// runSummary is what the audit log keeps of a run: everything but the lines,
// which the run's own rows keep.
func runSummary(r grant.AllocationRun) grant.AllocationRun {
	r.Lines = nil
	r.Inputs.Recipients = nil
	return r
}

// differ tells whether two engine inputs differ, compared as stored: in JSON.
func differ(a, b allocate.Request) (bool, error) {
	ja, err := json.Marshal(a)
	if err != nil {
		return false, fmt.Errorf("compare inputs: %w", err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		return false, fmt.Errorf("compare inputs: %w", err)
	}
	return !bytes.Equal(ja, jb), nil
}
