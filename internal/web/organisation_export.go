package web

// orgSheets are the organisation page's tables as downloads, by the name
// ?table= gives them; a section the reader may not see exports empty.
func orgSheets(p *orgPage) map[string]*sheet {
	name := func(what string) string { return what + "-" + p.Org.Code }
	allocated := &sheet{Name: name("tilldelat"), Header: []string{"År", "Pott", "Belopp (kr)"}}
	for _, a := range p.Allocated {
		allocated.add(a.Year, a.PotName, a.Amount)
	}
	passedOn := &sheet{Name: name("fordelat-vidare"), Header: []string{"Till", "Kod", "Belopp (kr)", "Beslut", "Datum", "Status"}}
	for _, l := range p.PassedOn {
		passedOn.add(l.To, l.ToCode, l.Amount, l.DecisionRef, l.DecidedOn, l.Status)
	}
	initiatives := &sheet{Name: name("insatser"), Header: []string{"Insats", "Typ", "Belopp (kr)", "År", "Målgrupp"}}
	for _, in := range p.Initiatives {
		initiatives.add(in.Title, in.Kind, in.Amount, in.Years, in.TargetGroup)
	}
	requisitions := &sheet{Name: name("rekvisitioner"), Header: []string{"Pott", "Belopp (kr)", "Utbetalt (kr)", "Inskickad", "Status"}}
	for _, q := range p.Requisitions {
		requisitions.add(q.PotName, q.Amount, q.Paid, q.Submitted, q.Status)
	}
	conditions := &sheet{Name: name("villkor"), Header: []string{"Villkor", "Pott", "Typ", "Senast", "Status", "Försenat"}}
	for _, c := range p.Followup.Conditions {
		conditions.add(c.Title, c.PotName, c.Kind, string(c.Due), c.Status, yesNo(c.Overdue))
	}
	reports := &sheet{Name: name("redovisningar"), Header: []string{"Pott", "Utbetalt (kr)", "Använt (kr)", "Ej använt (kr)", "Inlämnad", "Återkrävs"}}
	for _, r := range p.Followup.Reports {
		reports.add(r.PotName, r.Paid, r.Used, r.Unused, r.Submitted, yesNo(r.Claimed))
	}
	return map[string]*sheet{"allocated": allocated, "passed-on": passedOn, "initiatives": initiatives,
		"requisitions": requisitions, "conditions": conditions, "reports": reports}
}

// yesNo is a flag in an exported table, in Swedish like its headers.
func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nej"
}
