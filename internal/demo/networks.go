package demo

import (
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// networks is seed 001: Storsthlm runs a coordinator network for all 26
// municipalities of Stockholm county and Region Stockholm four times a
// year. The 2017 meetings are held, with decisions and follow-up tasks
// (one still open and so overdue); 2018 is planned. Storsthlm spends part
// of the 4 % joint set-aside on two project leaders.
func (l *loader) networks() error {
	svc := l.on("2016-12-20")
	orgs, _, err := svc.Organisations(l.ctx, app.ListFilter{County: "01"})
	if err != nil {
		return err
	}
	var members []grant.NetworkMember
	for _, o := range orgs {
		if o.Kind == grant.OrgRegion || o.Kind == grant.OrgMunicipality {
			members = append(members, grant.NetworkMember{OrgCode: o.Code, Role: "samordnare psykisk hälsa"})
		}
	}
	n, err := svc.CreateNetwork(l.ctx, grant.Network{Name: "Samordnarnätverket psykisk hälsa, Stockholms län", County: "01", RunBy: "storsthlm",
		MeetingsPerYear: 4, Members: members,
		Description: "Storsthlm stödjer kommunerna att uppnå kraven för de riktade stimulansmedlen, bland annat genom samordnarnätverket."})
	if err != nil {
		return fmt.Errorf("network: %w", err)
	}
	planned, err := svc.PlanMeetings(l.ctx, n.ID, 2017)
	if err != nil {
		return err
	}
	if _, err := svc.PlanMeetings(l.ctx, n.ID, 2018); err != nil {
		return err
	}
	decisions := [][]string{
		{"Länsgemensam mall för analysen av behoven tas fram.", "4 % av medlen för analys och handlingsplaner avsätts för länsgemensamma insatser."},
		{"Två projektledare anställs för det länsgemensamma utvecklingsarbetet."},
		{"Utkast till länsövergripande handlingsplan skickas på remiss till kommunerna."},
		{"Handlingsplanen 2017 antas; redovisningen till SKL samordnas."},
	}
	tasks := []struct {
		meeting   int
		org, what string
		due       grant.Date
		done      bool
	}{
		{0, "0180", "Dela Stockholms analys som exempel med nätverket", "2017-04-30", true},
		{1, "storsthlm", "Rekrytera två projektledare", "2017-08-31", true},
		{2, "0127", "Lämna synpunkter på utkastet till handlingsplan", "2017-10-15", false}, // still open: overdue
		{3, "01", "Sammanställa regionens del av redovisningen", "2018-01-31", true},
	}
	for i, m := range planned {
		svc = l.on(string(m.PlannedOn))
		m.HeldOn, m.Decisions = m.PlannedOn, decisions[i]
		for j, mb := range members {
			if j%5 != 4 { // most members attend
				m.Participants = append(m.Participants, mb.OrgCode)
			}
		}
		if m, err = svc.UpdateMeeting(l.ctx, m); err != nil {
			return fmt.Errorf("meeting %s: %w", m.PlannedOn, err)
		}
		for _, k := range tasks {
			if k.meeting != i {
				continue
			}
			task, err := svc.CreateTask(l.ctx, grant.Task{NetworkID: n.ID, MeetingID: m.ID, OwnerOrg: k.org, Description: k.what, DueOn: k.due})
			if err != nil {
				return fmt.Errorf("task %q: %w", k.what, err)
			}
			if k.done {
				l.on(string(k.due))
				if _, err := l.svc.SetTaskStatus(l.ctx, task.ID, grant.TaskDone, task.Version); err != nil {
					return err
				}
			}
		}
	}
	return l.jointUse()
}

// jointUse records what Storsthlm did with the joint set-aside it was paid:
// two project leaders (seed 001), as an initiative funded by a sub-allocation.
func (l *loader) jointUse() error {
	svc := l.on("2017-06-01")
	pot := l.pots["Analys och handlingsplaner"]
	in, err := svc.CreateInitiative(l.ctx, grant.Initiative{OrgCode: "storsthlm", Title: "Två projektledare för länsgemensamma insatser",
		Kind: grant.InitiativeOneOff, Amount: 2 * money.Mkr, StartYear: 2017, TargetGroup: grant.TargetAll, AgreementID: pot.AgreementID,
		Description: "Projektledarna driver utvecklingsarbetet som beskrivs i de länsövergripande handlingsplanerna."})
	if err != nil {
		return fmt.Errorf("joint initiative: %w", err)
	}
	_, err = svc.CreateSubAllocation(l.ctx, grant.SubAllocation{AgreementID: pot.AgreementID, FromOrg: "storsthlm", InitiativeID: in.ID,
		Amount: 2 * money.Mkr, DecisionRef: "Storsthlm styrelse 2017-06-01", DecidedOn: "2017-06-01"})
	if err != nil {
		return fmt.Errorf("joint sub-allocation: %w", err)
	}
	return nil
}
