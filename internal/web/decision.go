package web

import (
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// decisionPage is a run laid out as a printable decision ("Beslut"): the
// agreement, the pot, how the split was computed and every recipient.
// setAside is a county's pooled share, with the county named.
type setAside struct {
	allocate.SetAside
	CountyName string
}

type decisionPage struct {
	Run       grant.AllocationRun
	Pot       grant.Pot
	Agreement grant.Agreement
	Key       allocate.Key
	Unit      money.Amount // the rounding unit; the engine's 0 is whole kronor
	Heading   string       // the agreement's title, with its year unless the title has it
	SetAsides []setAside
	Bounded   int // recipients with a floor or a cap
	Lines     []runLine
	Total     money.Amount
	Draft     bool
	PDF       bool // a PDF of the decision can be had
}

func (h *Handler) registerDecision(mux Mux) {
	if h.cfg.Allocations == nil {
		return
	}
	mux.Handle("GET /allocations/{run}/decision", http.HandlerFunc(h.decision))
	mux.Handle("GET /allocations/{run}/decision.pdf", http.HandlerFunc(h.decisionPDF))
}

// decision shows one run as a decision document. The service lets the
// public read decided runs only; a draft is marked as not decided.
func (h *Handler) decision(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	run, err := h.decisionRun(w, r)
	if err != nil {
		return
	}
	if run.Status != grant.RunDecided {
		// Belt and braces: only oversight may print a draft, even if a
		// service one day shows drafts to more readers.
		if err := app.RequireOversight(ctx); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	pot, agreement, err := h.potWithAgreement(ctx, run.PotID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := run.Inputs
	page := decisionPage{Run: run, Pot: pot, Agreement: agreement, Key: in.Key, Unit: in.Unit,
		Heading: agreement.Title, Draft: run.Status != grant.RunDecided}
	if year := strconv.Itoa(agreement.Year); !strings.Contains(agreement.Title, year) {
		page.Heading += " " + year
	}
	for _, sa := range in.SetAsides {
		page.SetAsides = append(page.SetAsides, setAside{SetAside: sa, CountyName: cmp.Or(h.counties[sa.County], sa.County)})
	}
	page.PDF = h.cfg.PDF != nil && !page.Draft
	if page.Unit == 0 {
		page.Unit = money.Krona
	}
	for _, rc := range in.Recipients {
		if rc.Floor != 0 || rc.Cap != 0 {
			page.Bounded++
		}
	}
	out := &sheet{Name: fmt.Sprintf("beslut-%d-%s", agreement.Year, pot.Name), Header: []string{"Mottagare", "Kod", "Län", "Belopp (kr)"}}
	for _, l := range run.Lines {
		if l.Amount == 0 {
			continue
		}
		out.add(l.Name, l.Code, h.counties[l.County], l.Amount)
		if page.Total, err = page.Total.Add(l.Amount); err != nil {
			h.fail(w, r, err)
			return
		}
		page.Lines = append(page.Lines, runLine{Name: l.Name, Code: l.Code, County: h.counties[l.County], Amount: l.Amount})
	}
	if h.exported(w, r, out) {
		return
	}
	title := pick(language(r), "Decision: ", "Beslut: ") + pot.Name
	h.render(w, r, http.StatusOK, "decision", title, page)
}

// decisionRun reads the run the path names, answering the request itself
// when it cannot.
func (h *Handler) decisionRun(w http.ResponseWriter, r *http.Request) (grant.AllocationRun, error) {
	run, err := h.pathRun(r)
	if err != nil {
		h.fail(w, r, err)
	}
	return run, err
}

// decisionPDF prints a decided run's decision page to PDF. Chromium loads
// the page as the public, so a draft has no PDF: it prints from the page.
func (h *Handler) decisionPDF(w http.ResponseWriter, r *http.Request) {
	run, err := h.decisionRun(w, r)
	if err != nil {
		return
	}
	if h.cfg.PDF == nil || run.Status != grant.RunDecided {
		h.fail(w, r, grant.NotFound("PDF decision", "beslutet som PDF", r.PathValue("run")))
		return
	}
	pdf, err := h.cfg.PDF(r.Context(), fmt.Sprintf("/allocations/%d/decision?lang=%s", run.ID, language(r)))
	if err != nil {
		h.fail(w, r, fmt.Errorf("decision %d as PDF: %w", run.ID, err))
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="beslut-%d.pdf"`, run.ID))
	w.Write(pdf)
}
