package importer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/anslag/anslag/internal/money"
)

// MaxDecisionBytes bounds a pasted or uploaded decision text.
const MaxDecisionBytes = 1 << 20

// MaxDecisionAmounts bounds the amounts in one text: a decision has a
// handful; thousands mean a table, which belongs in a CSV import.
const MaxDecisionAmounts = 500

// Kind is what a proposal would become if the user confirms it.
type Kind string

const (
	KindSubAllocation Kind = "sub-allocation" // money passed to a known organisation
	KindInitiative    Kind = "initiative"     // money put into an effort named in the text
	KindTotal         Kind = "total"          // the sum of other lines, not a line itself
	KindMention       Kind = "mention"        // an amount with nothing to attach it to
)

// Candidate is an organisation the recipient phrase may name.
type Candidate struct {
	Code string
	Name string
}

// Match is the organisation a recipient phrase was matched to.
type Match struct {
	Code       string
	Name       string
	Confidence string // "exact": same normalised name; "partial": all the name's words occur
	Reason     string // English
}

// TotalCheck says whether a total amount equals the lines that follow it.
type TotalCheck struct {
	Lines   []int        // indexes in Decision.Proposals of the lines summed
	Sum     money.Amount // their sum
	Matches bool         // Sum equals the total
}

// Proposal is one amount found in the text with what anslag guesses it is.
type Proposal struct {
	Amount      money.Amount
	Approximate bool   // a qualifier such as "drygt" came before it
	Span        Span   // the amount as written
	Sentence    Span   // the sentence around it
	Preposition string // "till", "i", "åt" or "för"; empty if none
	Recipient   string // the phrase after the preposition ("hälso- och sjukvårdsnämnden")
	Match       *Match // the organisation the recipient names, if any
	Kind        Kind
	Recurring   bool   // "årligen", "per år", "varje år": a yearly amount
	Title       string // for initiatives: a title from the recipient phrase
	Total       *TotalCheck
	Note        string // why the kind was chosen when it is not obvious (English)
}

// Decision is what ReadDecision found; nothing is saved from it until a
// user confirms the lines.
type Decision struct {
	Proposals []Proposal
}

// Lines returns the proposals that would become sub-allocation or
// initiative lines.
func (d *Decision) Lines() []Proposal {
	var out []Proposal
	for _, p := range d.Proposals {
		if p.Kind == KindSubAllocation || p.Kind == KindInitiative {
			out = append(out, p)
		}
	}
	return out
}

// DecisionError is a decision text anslag cannot read at all.
type DecisionError struct {
	Reason string // English
	Sv     string // Swedish
}

func (e *DecisionError) Error() string { return "decision text: " + e.Reason }

// Swedish returns the message in Swedish.
func (e *DecisionError) Swedish() string { return "beslutstext: " + e.Sv }

// ReadDecision finds the amounts in a Swedish decision or press release and
// proposes a line for each: a sub-allocation when the recipient is one of
// orgs, an initiative when it names something else, a total when the
// amounts after it sum to it. A text without amounts gives no proposals and
// no error.
func ReadDecision(text string, orgs []Candidate) (*Decision, error) {
	switch {
	case len(text) > MaxDecisionBytes:
		return nil, &DecisionError{Reason: fmt.Sprintf("the text is longer than %d bytes", MaxDecisionBytes),
			Sv: fmt.Sprintf("texten är längre än %d byte", MaxDecisionBytes)}
	case !utf8.ValidString(text):
		return nil, &DecisionError{Reason: "the text is not UTF-8; save it as UTF-8 and try again",
			Sv: "texten är inte UTF-8; spara den som UTF-8 och försök igen"}
	case strings.TrimSpace(text) == "":
		return nil, &DecisionError{Reason: "the text is empty", Sv: "texten är tom"}
	}
	names := normaliseCandidates(orgs)
	d := &Decision{}
	amounts := scanAmounts(text)
	if len(amounts) > MaxDecisionAmounts {
		return nil, &DecisionError{Reason: fmt.Sprintf("the text has %d amounts; at most %d can be read at once", len(amounts), MaxDecisionAmounts),
			Sv: fmt.Sprintf("texten har %d belopp; högst %d kan läsas på en gång", len(amounts), MaxDecisionAmounts)}
	}
	for _, f := range amounts {
		p := Proposal{Amount: f.parsed.Amount, Approximate: f.parsed.Approximate, Span: f.span}
		p.Sentence = sentence(text, f.span)
		p.Preposition, p.Recipient = recipient(text[f.span.End:p.Sentence.End])
		p.Recurring = yearly(p.Sentence.Text)
		if p.Recipient != "" {
			p.Match = matchOrg(p.Recipient, names)
		}
		d.Proposals = append(d.Proposals, p)
	}
	markTotals(text, d.Proposals)
	for i := range d.Proposals {
		classify(&d.Proposals[i])
	}
	dropRepeatedHeadings(text, d.Proposals)
	return d, nil
}

// classify sets Kind and Title from what was found, unless already a total.
func classify(p *Proposal) {
	switch {
	case p.Kind == KindTotal:
	case p.Match != nil:
		p.Kind = KindSubAllocation
	case p.Recipient != "":
		p.Kind, p.Title = KindInitiative, title(p.Recipient)
	default:
		p.Kind, p.Note = KindMention, "nothing in the sentence says what the amount goes to"
	}
}

// markTotals marks an amount as a total when the amounts after it, from
// some point on and at least two of them, add up to it exactly, or when
// "totalt"/"sammanlagt" comes just before it or "varav" just after.
func markTotals(text string, ps []Proposal) {
	for i := range ps {
		if check := sumAfter(ps, i); check != nil {
			ps[i].Kind, ps[i].Total = KindTotal, check
			continue
		}
		before := strings.ToLower(lastWords(text[ps[i].Sentence.Start:ps[i].Span.Start], 3))
		after := strings.ToLower(firstWords(text[ps[i].Span.End:ps[i].Sentence.End], 2))
		if strings.Contains(before, "totalt") || strings.Contains(before, "sammanlagt") ||
			strings.Contains(before, "sammantaget") || strings.Contains(after, "varav") {
			ps[i].Kind = KindTotal
			ps[i].Total = &TotalCheck{}
			ps[i].Note = "called a total in the text, but the amounts after it do not add up to it"
		}
	}
}

func sumAfter(ps []Proposal, i int) *TotalCheck {
	// A total comes shortly before its lines; the bounds keep a long list of
	// small amounts from costing n³.
	const near, most = 20, 50
	total := ps[i].Amount
	for j := i + 1; j < min(len(ps), i+1+near); j++ {
		var sum money.Amount
		for k := j; k < min(len(ps), j+most); k++ {
			sum += ps[k].Amount
			if sum > total || sum < 0 {
				break
			}
			if sum == total && k > j {
				c := &TotalCheck{Sum: sum, Matches: true}
				for l := j; l <= k; l++ {
					c.Lines = append(c.Lines, l)
				}
				return c
			}
		}
	}
	return nil
}

// dropRepeatedHeadings turns a line in a heading into a mention when the
// body states the same amount: "50 miljoner till bättre vård" above
// "satsar 50 miljoner kronor i ett utbildningspaket" is one effort.
func dropRepeatedHeadings(text string, ps []Proposal) {
	for i := range ps {
		if ps[i].Kind != KindInitiative && ps[i].Kind != KindSubAllocation || !heading(text, ps[i]) {
			continue
		}
		for j := range ps {
			if j != i && ps[j].Amount == ps[i].Amount && !heading(text, ps[j]) {
				ps[i].Kind, ps[i].Title = KindMention, ""
				ps[i].Note = fmt.Sprintf("a heading repeating the amount on line %d", ps[j].Span.Line)
				break
			}
		}
	}
}

// heading reports whether p stands on a short line of its own without a
// sentence's full stop, as titles do.
func heading(text string, p Proposal) bool {
	lo := max(0, p.Span.Start-window)
	k := strings.LastIndexByte(text[lo:p.Span.Start], '\n')
	if k < 0 && lo > 0 {
		return false // a line this long is not a heading
	}
	start := lo + k + 1
	hi := min(len(text), p.Span.End+window)
	end := hi
	if k := strings.IndexByte(text[p.Span.End:hi], '\n'); k >= 0 {
		end = p.Span.End + k
	} else if hi < len(text) {
		return false
	}
	line := strings.TrimSpace(text[start:end])
	return len(line) <= 100 && !strings.ContainsAny(line, ".!?•") && !strings.HasPrefix(line, "-")
}
