package api

import (
	"mime"
	"net/http"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
)

// DecisionTextIn is a decision or press release to read.
type DecisionTextIn struct {
	Text string `json:"text" jsonschema:"description=The decision or press release as text (HTML is stripped of its tags); at most 1 MiB"`
}

// DecisionProposal is what anslag read in a decision text: a proposal,
// nothing saved. Confirm the lines by sending them to
// POST /api/v1/sub-allocations/decisions (and initiatives to
// POST /api/v1/initiatives).
type DecisionProposal struct {
	Org        string              `json:"org" jsonschema:"description=The organisation whose decision it is"`
	DecidedOn  grant.Date          `json:"decided_on,omitempty" jsonschema:"description=The first date in the text; check it"`
	Lines      []DecisionLine      `json:"lines" jsonschema:"description=Every amount found, in the order of the text"`
	Sum        Money               `json:"sum" jsonschema:"description=The sum of the sub-allocation and initiative lines"`
	Stated     *DecisionTotal      `json:"stated_total,omitempty" jsonschema:"description=The total the text states, if any"`
	Candidates []DecisionCandidate `json:"candidates" jsonschema:"description=The organisations recipients were matched against; for a line without a match, choose among those that are committees or units"`
}

// DecisionLine is one amount with what anslag guesses it is.
type DecisionLine struct {
	Kind        string         `json:"kind" jsonschema:"enum=sub-allocation,enum=initiative,enum=total,enum=mention,description=sub-allocation: to a matched organisation; initiative: to an effort the text names; total: the sum of other lines; mention: nothing to attach it to"`
	Amount      Money          `json:"amount"`
	Written     string         `json:"written" jsonschema:"description=The amount as the text writes it,example=13 410 000 kr"`
	Line        int            `json:"line" jsonschema:"description=The line of the text it is on, from 1"`
	Sentence    string         `json:"sentence" jsonschema:"description=The sentence the amount came from"`
	Approximate bool           `json:"approximate,omitzero" jsonschema:"description=A qualifier such as drygt came before it"`
	Recurring   bool           `json:"recurring,omitzero" jsonschema:"description=The text calls it yearly (årligen, per år)"`
	Preposition string         `json:"preposition,omitempty" jsonschema:"description=till, i, åt or för"`
	Recipient   string         `json:"recipient,omitempty" jsonschema:"description=The phrase the amount goes to, as written"`
	Match       *DecisionMatch `json:"match,omitempty" jsonschema:"description=The organisation the recipient names; absent: none matched, the user chooses"`
	Title       string         `json:"title,omitempty" jsonschema:"description=For an initiative: a title made of the recipient phrase"`
	TotalOf     []int          `json:"total_of,omitempty" jsonschema:"description=For a total: the indexes in lines of the amounts that add up to it"`
	Note        string         `json:"note,omitempty" jsonschema:"description=Why the kind was chosen when it is not obvious"`
}

// DecisionMatch is the organisation a recipient phrase was matched to.
type DecisionMatch struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Confidence string `json:"confidence" jsonschema:"enum=exact,enum=partial,description=exact: the same name; partial: every word of the name is in the phrase"`
	Reason     string `json:"reason"`
}

// DecisionTotal is a total the text states and whether its lines add up to it.
type DecisionTotal struct {
	Amount  Money  `json:"amount"`
	Line    int    `json:"line" jsonschema:"description=The line of the text it is on"`
	Sum     *Money `json:"sum,omitempty" jsonschema:"description=The sum of the lines after it that add up to it"`
	Matches bool   `json:"matches" jsonschema:"description=The proposed lines add up to the stated total"`
}

// DecisionCandidate is an organisation a recipient may be.
type DecisionCandidate struct {
	Code string `json:"code"`
	Kind string `json:"kind"`
	Name string `json:"name"`
}

func (h *Handler) registerDecisionText(rt *Router) {
	rt.Handle(Route{Method: "POST", Pattern: "/api/v1/organisations/{code}/decision-text", Summary: "Read a decision text",
		Tags: []string{"sub-allocations"},
		Description: "Reads a Swedish decision or press release of the organisation and proposes sub-allocation, initiative and total lines " +
			"with the sentence each came from. Saves nothing: send the lines you confirm to POST /api/v1/sub-allocations/decisions. " +
			"The body is JSON {text}, or the text itself as text/plain or text/html (UTF-8 or Windows-1252). " +
			"For those who may record the organisation's sub-allocations.",
		Path: []Param{{Name: "code", Description: "The organisation whose decision it is"}},
		Body: DecisionTextIn{}, TextBody: []string{"text/plain", "text/html"},
		Response: DecisionProposal{},
		Handler: func(w http.ResponseWriter, r *http.Request) {
			text, err := decisionTextBody(r)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			d, err := h.svc.ReadDecisionText(ctx(r), r.PathValue("code"), text)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			out, err := decisionProposalOut(d)
			respond(w, r, http.StatusOK, out, err)
		}})
}

// decisionTextBody reads the text from a JSON body or a text one. A body
// too large is refused on field "text", the one thing the body holds.
func decisionTextBody(r *http.Request) (string, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var text string
	switch mt {
	case "text/plain", "text/html":
		body, err := readBody(r.Body, MaxBodyBytes)
		if err != nil {
			return "", textField(err)
		}
		if text, err = importer.DecisionFile(body, "", mt); err != nil {
			return "", app.DecisionTextError(err)
		}
	default:
		var in DecisionTextIn
		if err := Decode(r, &in); err != nil {
			return "", textField(err)
		}
		text = in.Text
	}
	return text, nil
}

func textField(err error) error {
	if e, ok := err.(*grant.Error); ok && e.Code == ETOOLARGE {
		c := *e
		c.Field = "text"
		return &c
	}
	return err
}

func decisionProposalOut(d app.DecisionText) (DecisionProposal, error) {
	sum, err := d.Sum()
	if err != nil {
		return DecisionProposal{}, err
	}
	out := DecisionProposal{Org: d.Org.Code, DecidedOn: d.Date, Lines: []DecisionLine{}, Sum: M(sum), Candidates: []DecisionCandidate{}}
	for _, p := range d.Decision.Proposals {
		l := DecisionLine{Kind: string(p.Kind), Amount: M(p.Amount), Written: p.Span.Text, Line: p.Span.Line, Sentence: p.Sentence.Text,
			Approximate: p.Approximate, Recurring: p.Recurring, Preposition: p.Preposition, Recipient: p.Recipient, Title: p.Title, Note: p.Note}
		if m := p.Match; m != nil {
			l.Match = &DecisionMatch{Code: m.Code, Name: m.Name, Confidence: m.Confidence, Reason: m.Reason}
		}
		if p.Total != nil {
			l.TotalOf = p.Total.Lines
		}
		out.Lines = append(out.Lines, l)
	}
	if s := d.Stated(); s != nil {
		t := &DecisionTotal{Amount: M(s.Amount), Line: s.Span.Line, Matches: s.Amount == sum}
		if s.Total != nil && s.Total.Matches {
			m := M(s.Total.Sum)
			t.Sum = &m
		}
		out.Stated = t
	}
	for _, c := range d.Candidates {
		out.Candidates = append(out.Candidates, DecisionCandidate{Code: c.Code, Kind: string(c.Kind), Name: c.Name})
	}
	return out, nil
}
