package remind

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/mail"
)

// Message writes the e-mail of reminder r about obligation o: Swedish
// first, then English, with the amount, the pot, the due date and a link
// to the organisation's page under publicURL.
func Message(r grant.Reminder, o grant.Obligation, publicURL string) mail.Message {
	link := strings.TrimRight(publicURL, "/") + "/organisations/" + url.PathEscape(o.OrgCode)
	due, amount := string(o.DueDate), o.Amount.String()
	var subjSV, subjEN, whatSV, whatEN, amountSV, amountEN string
	switch o.Kind {
	case grant.RemindCondition:
		whatSV = fmt.Sprintf("villkoret ”%s” i potten %s", o.Title, o.PotName)
		whatEN = fmt.Sprintf("the condition “%s” of the pot %s", o.Title, o.PotName)
		amountSV, amountEN = "Tilldelat belopp", "Amount allocated"
	case grant.RemindRequisition:
		whatSV = fmt.Sprintf("rekvisition av medel ur potten %s", o.PotName)
		whatEN = fmt.Sprintf("the requisition of money from the pot %s", o.PotName)
		amountSV, amountEN = "Belopp kvar att rekvirera", "Amount left to requisition"
	default:
		whatSV = fmt.Sprintf("redovisning av använda medel ur potten %s", o.PotName)
		whatEN = fmt.Sprintf("the report of use of the pot %s", o.PotName)
		amountSV, amountEN = "Utbetalt belopp", "Amount paid"
	}
	if r.Stage == grant.StageOverdue {
		subjSV = fmt.Sprintf("Försenat: %s för %s skulle vara klart %s", short(o, true), o.OrgName, due)
		subjEN = fmt.Sprintf("Overdue: %s for %s was due %s", short(o, false), o.OrgName, due)
	} else {
		subjSV = fmt.Sprintf("Påminnelse: %s för %s förfaller %s", short(o, true), o.OrgName, due)
		subjEN = fmt.Sprintf("Reminder: %s for %s is due %s", short(o, false), o.OrgName, due)
	}
	var b strings.Builder
	if r.Stage == grant.StageOverdue {
		fmt.Fprintf(&b, "Hej!\n\nSista dag för %s för %s var %s. Vi har ännu inte fått in något.\n", whatSV, o.OrgName, due)
	} else {
		fmt.Fprintf(&b, "Hej!\n\nSista dag för %s för %s är %s.\n", whatSV, o.OrgName, due)
	}
	fmt.Fprintf(&b, "\nPott: %s\n%s: %s\nSista dag: %s\n\nSe och lämna in på organisationens sida:\n%s\n", o.PotName, amountSV, amount, due, link)
	b.WriteString("\nDu får detta meddelande som kontaktperson eller samordnare för organisationen.\n\n-- \n\n")
	if r.Stage == grant.StageOverdue {
		fmt.Fprintf(&b, "Hello,\n\n%s for %s was due %s. We have not received anything yet.\n", capital(whatEN), o.OrgName, due)
	} else {
		fmt.Fprintf(&b, "Hello,\n\n%s for %s is due %s.\n", capital(whatEN), o.OrgName, due)
	}
	fmt.Fprintf(&b, "\nPot: %s\n%s: %s\nDue date: %s\n\nSee and submit on the organisation's page:\n%s\n", o.PotName, amountEN, amount, due, link)
	b.WriteString("\nYou receive this message as a contact person or coordinator of the organisation.\n")
	return mail.Message{To: []string{r.Recipient}, Subject: subjSV + " / " + subjEN, Text: b.String()}
}

// short names the obligation in a subject line.
func short(o grant.Obligation, sv bool) string {
	switch {
	case o.Kind == grant.RemindCondition && sv:
		return "villkoret ”" + o.Title + "”"
	case o.Kind == grant.RemindCondition:
		return "condition “" + o.Title + "”"
	case o.Kind == grant.RemindRequisition && sv:
		return "rekvisition ur " + o.PotName
	case o.Kind == grant.RemindRequisition:
		return "requisition from " + o.PotName
	case sv:
		return "redovisning till " + o.PotName
	}
	return "report of use to " + o.PotName
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
