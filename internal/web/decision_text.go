package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
	"github.com/anslag/anslag/internal/money"
)

// The decision-text pages: a coordinator pastes or uploads a decision or
// press release; anslag proposes its lines in the sub-allocation editor,
// where the user corrects and confirms them. Nothing is saved until then.

// decisionTextPage is the paste-or-upload form.
type decisionTextPage struct {
	Org     grant.Organisation
	Form    *form
	MaxSize string
}

// maxDecisionUpload bounds the posted form: the pasted text and a file,
// each at most importer.MaxDecisionBytes, and the multipart framing.
const maxDecisionUpload = 2*importer.MaxDecisionBytes + 64<<10

func (h *Handler) decisionTextForm(w http.ResponseWriter, r *http.Request) {
	o, ok := h.actingOrg(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	h.renderDecisionText(w, r, http.StatusOK, o, emptyForm(language(r), nil))
}

func (h *Handler) renderDecisionText(w http.ResponseWriter, r *http.Request, status int, o grant.Organisation, f *form) {
	page := decisionTextPage{Org: o, Form: f, MaxSize: "1 MB"}
	h.render(w, r, status, "dectext", pick(f.Lang, "Read a decision text: ", "Läs in beslutstext: ")+org(o.Name, o.Code), page)
}

// readDecisionText shows the proposal in the sub-allocation editor, or the
// form again with what was wrong.
func (h *Handler) readDecisionText(w http.ResponseWriter, r *http.Request) {
	o, ok := h.actingOrg(w, r, r.PathValue("code"))
	if !ok {
		return
	}
	lang := language(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxDecisionUpload)
	f := emptyForm(lang, nil)
	text, field, err := decisionTextInput(r)
	if err == nil {
		var d app.DecisionText
		if d, err = h.cfg.Local.ReadDecisionText(r.Context(), o.Code, text); err == nil {
			h.proposalEditor(w, r, d)
			return
		}
	}
	if r.PostForm != nil && len(r.PostForm["text"]) > 0 && len(r.PostForm.Get("text")) <= importer.MaxDecisionBytes {
		f.Values.Set("text", r.PostForm.Get("text")) // keep what was pasted, to correct it
	}
	var ge *grant.Error
	switch {
	case errors.As(err, &ge) && ge.Code == grant.EINVALID:
		f.Errors[field] = pick(lang, ge.Message, ge.Swedish)
	default:
		h.fail(w, r, err)
		return
	}
	h.renderDecisionText(w, r, http.StatusUnprocessableEntity, o, f)
}

// decisionTextInput reads the uploaded file, or else the pasted text, and
// names the field an error is about.
func decisionTextInput(r *http.Request) (text, field string, err error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return "", "text", grant.Errorf(grant.EINVALID, "text", "the text and the file are larger than %d bytes together",
				"texten och filen är tillsammans större än %d byte", maxDecisionUpload)
		}
		return "", "text", grant.Errorf(grant.EINVALID, "text", "the form could not be read: %v", "formuläret kunde inte läsas: %v", err)
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	file, header, err := r.FormFile("file")
	switch {
	case err == nil && header.Size > 0:
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, importer.MaxDecisionBytes+1))
		if err != nil {
			return "", "file", fmt.Errorf("web: read the uploaded decision: %w", err)
		}
		text, err = importer.DecisionFile(data, header.Filename, header.Header.Get("Content-Type"))
		return text, "file", fileField(app.DecisionTextError(err))
	case err == nil:
		file.Close()
	}
	text, err = importer.DecisionFile([]byte(r.PostFormValue("text")), "", "")
	return text, "text", app.DecisionTextError(err)
}

// fileField moves an error on "text" to the upload's field.
func fileField(err error) error {
	if e, ok := errors.AsType[*grant.Error](err); ok && e.Field == "text" {
		c := *e
		c.Field = "file"
		return &c
	}
	return err
}

// proposalView is the proposal shown above the editor.
type proposalView struct {
	Lines        []proposalLine // every amount, in the order of the text
	Sum          string         // of the sub-allocation and initiative lines
	Stated       string         // the total the text states, "" if none
	StatedLine   int
	Matches      bool // Sum equals Stated
	Date         string
	Rows         int // lines put in the editor
	Unmatched    int // of those, without a receiver
	Left         int // lines that did not fit in the editor
	Initiatives  int
	OtherAmounts int
	NoMoney      bool // the organisation has received nothing to pass on: the form is not shown
}

// proposalLine is one amount the text holds and what became of it.
type proposalLine struct {
	N                        int
	Kind                     string // the importer's kind
	KindLabel                string
	Amount, Written          string
	Sentence, Recipient      string
	Match, MatchCode, Reason string
	Row                      int    // the editor's line, from 1; 0: not in the editor
	To                       string // the editor's receiver field of that line
	Flag                     string // why the user must choose
	Link                     string // a prefilled new-initiative form
	Note                     string
}

// proposalEditor renders the sub-allocation editor with the proposed lines
// filled in, and the proposal above it.
func (h *Handler) proposalEditor(w http.ResponseWriter, r *http.Request, d app.DecisionText) {
	ctx, lang := r.Context(), language(r)
	page, err := h.readSubAllocPage(ctx, lang, d.Org.Code)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sum, err := d.Sum()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	kinds := map[string]grant.OrgKind{}
	for _, c := range d.Candidates {
		kinds[c.Code] = c.Kind
	}
	f := emptyForm(lang, nil)
	pv := &proposalView{Sum: sum.HTML(), Date: string(d.Date)}
	if s := d.Stated(); s != nil {
		pv.Stated, pv.StatedLine, pv.Matches = s.Amount.HTML(), s.Span.Line, s.Amount == sum
	}
	for i, p := range d.Decision.Proposals {
		l := proposalLine{N: i + 1, Kind: string(p.Kind), KindLabel: proposalKind(lang, p.Kind), Amount: p.Amount.HTML(), Written: p.Span.Text,
			Sentence: p.Sentence.Text, Recipient: p.Recipient, Note: p.Note}
		if p.Match != nil {
			l.Match, l.MatchCode, l.Reason = p.Match.Name, p.Match.Code, matchReason(lang, p.Match.Confidence)
		}
		committee := p.Match != nil && (kinds[p.Match.Code] == grant.OrgCommittee || kinds[p.Match.Code] == grant.OrgUnit)
		switch {
		case p.Kind == importer.KindSubAllocation && committee, p.Kind == importer.KindInitiative && orgLike(p.Recipient):
			if pv.Rows == maxSubAllocRows {
				pv.Left++
				break
			}
			row := pv.Rows
			pv.Rows++
			l.Row, l.To = row+1, fmt.Sprintf("to-%d", row)
			n := func(s string) string { return fmt.Sprintf("%s-%d", s, row) }
			f.Values.Set(n("amount"), p.Amount.String())
			f.Values.Set(n("date"), string(d.Date))
			if committee {
				f.Values.Set(n("to"), "org:"+p.Match.Code)
			} else {
				pv.Unmatched++
				l.Flag = pick(lang, fmt.Sprintf("No committee or unit of %s is called “%s”: choose the receiver.", d.Org.Name, p.Recipient),
					fmt.Sprintf("Ingen nämnd eller enhet inom %s heter ”%s”: välj mottagare.", d.Org.Name, p.Recipient))
				f.Errors[n("to")] = l.Flag
			}
		case p.Kind == importer.KindSubAllocation, p.Kind == importer.KindInitiative:
			pv.Initiatives++
			l.Link = initiativeLink(d, p, kinds)
		default:
			pv.OtherAmounts++
		}
		pv.Lines = append(pv.Lines, l)
	}
	for i := subAllocRows; i < pv.Rows; i++ {
		page.Rows = append(page.Rows, i)
	}
	f.Values.Set("agreement", proposedAgreement(page.Pools, d.Date, sum))
	pv.NoMoney = len(page.Agreements) == 0
	page.Proposal = pv
	page.Form = f
	page.Remaining = remainingOf(page.Pools, f)
	h.render(w, r, http.StatusOK, "suballoc", pick(lang, "Proposal from a decision text: ", "Förslag från beslutstext: ")+org(page.Org.Name, page.Org.Code), page)
}

// proposedAgreement is the agreement of the decision's year, else the one
// with enough left, else the first.
func proposedAgreement(pools []subAllocPool, date grant.Date, sum money.Amount) string {
	year, _ := strconv.Atoi(string(date[:min(len(date), 4)]))
	chosen := ""
	for _, p := range pools {
		id := strconv.FormatInt(p.AgreementID, 10)
		switch {
		case p.Year == year && p.Remaining > 0:
			return id
		case chosen == "" && p.Remaining >= sum:
			chosen = id
		}
	}
	if chosen == "" && len(pools) > 0 {
		chosen = strconv.FormatInt(pools[0].AgreementID, 10)
	}
	return chosen
}

// orgLike reports a recipient phrase that names a committee or unit, as
// "regionala utvecklingsnämnden" does, rather than an effort.
func orgLike(phrase string) bool {
	for _, w := range strings.Fields(strings.ToLower(phrase)) {
		w = strings.Trim(w, ",.;:")
		for _, suffix := range []string{"nämnden", "nämnd", "styrelsen", "styrelse", "förvaltningen", "förvaltning", "enheten", "kansliet"} {
			if strings.HasSuffix(w, suffix) {
				return true
			}
		}
	}
	return false
}

// initiativeLink is the new-initiative form filled in from p.
func initiativeLink(d app.DecisionText, p importer.Proposal, kinds map[string]grant.OrgKind) string {
	v := url.Values{"title": {cmpOr(p.Title, p.Recipient)}, "amount": {p.Amount.String()}, "kind": {string(grant.InitiativeOneOff)}}
	if p.Recurring {
		v.Set("kind", string(grant.InitiativeRecurring))
	}
	if len(d.Date) >= 4 {
		v.Set("start_year", string(d.Date[:4]))
	}
	if p.Match != nil && kinds[p.Match.Code] == grant.OrgPartner {
		v.Set("partner_code", p.Match.Code)
	}
	if s := []rune(p.Sentence.Text); len(s) > 0 {
		v.Set("description", string(s[:min(len(s), 500)]))
	}
	return "/organisations/" + url.PathEscape(d.Org.Code) + "/initiatives/new?" + v.Encode()
}

func proposalKind(lang string, k importer.Kind) string {
	switch k {
	case importer.KindSubAllocation:
		return pick(lang, "Sub-allocation", "Fördelning")
	case importer.KindInitiative:
		return pick(lang, "Initiative", "Insats")
	case importer.KindTotal:
		return pick(lang, "Total", "Summa")
	}
	return pick(lang, "Other amount", "Annat belopp")
}

func matchReason(lang, confidence string) string {
	if confidence == "exact" {
		return pick(lang, "same name", "samma namn")
	}
	return pick(lang, "every word of the name is in the text", "alla ord i namnet finns i texten")
}
