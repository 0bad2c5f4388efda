package web

import (
	"context"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// orgFollowup is the page's conditions and reports sections; Show is false
// for those who may not see them.
type orgFollowup struct {
	Show       bool
	Conditions []orgCondition
	Reports    []orgReport
	Totals     grant.ReportTotals
}

type orgCondition struct {
	PotName, Title, Kind, Status string
	Due                          grant.Date
	Overdue, Late                bool
}

type orgReport struct {
	PotName, Submitted string
	Paid, Used, Unused money.Amount
	Claimed            bool
}

// orgFollowup adds the conditions with their status and the reports of
// use; the service shows them to the organisation's coordinators and to
// oversight only.
func (h *Handler) orgFollowup(ctx context.Context, lang string, page *orgPage, reads *orgReads) error {
	if h.cfg.FollowUp == nil {
		return nil
	}
	f := app.ListFilter{OrgCode: page.Org.Code}
	conds, _, err := h.cfg.FollowUp.ConditionStatuses(ctx, f)
	switch grant.ErrorCode(err) {
	case "":
	case grant.EUNAUTHORIZED, grant.EFORBIDDEN:
		return nil
	default:
		return err
	}
	reports, totals, err := h.cfg.FollowUp.Reports(ctx, f)
	if err != nil {
		return err
	}
	fu := &page.Followup
	fu.Show, fu.Totals = true, totals
	for _, c := range conds {
		fu.Conditions = append(fu.Conditions, orgCondition{PotName: reads.pots[c.PotID].Name, Title: c.Title,
			Kind: conditionKind(lang, c.Kind), Status: fulfilmentStatus(lang, c.Status), Due: c.DueDate, Overdue: c.Overdue, Late: c.Late})
	}
	for _, r := range reports {
		fu.Reports = append(fu.Reports, orgReport{PotName: reads.pots[r.PotID].Name, Submitted: r.SubmittedAt,
			Paid: r.Paid, Used: r.Used, Unused: r.Unused, Claimed: r.ClaimID != 0})
	}
	return nil
}
