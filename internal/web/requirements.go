package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// requirementsPage is a county's requirements board: principals × conditions.
type requirementsPage struct {
	app.Board
	CountyName string
	Heads      []string // the columns' headings
	Rows       []boardRow
}

type boardRow struct {
	app.BoardRow
	Cells []boardCell
}

// boardCell says its status in words; the class only adds colour.
type boardCell struct {
	Text, Class string
}

func cellText(lang string, c app.BoardCell) boardCell {
	switch {
	case !c.Applies:
		return boardCell{Text: "–", Class: ""}
	case c.Overdue:
		return boardCell{Text: pick(lang, "overdue", "försenat") + " (" + fulfilmentStatus(lang, c.Status) + ")", Class: "overdue"}
	case c.Status == grant.FulfilApproved:
		return boardCell{Text: fulfilmentStatus(lang, c.Status), Class: "approved"}
	case c.Status == grant.FulfilSubmitted:
		return boardCell{Text: fulfilmentStatus(lang, c.Status), Class: "submitted"}
	}
	return boardCell{Text: fulfilmentStatus(lang, c.Status), Class: "pending"}
}

// requirements shows, and exports, a county's board for a year (this year
// when the query names none).
func (h *Handler) requirements(w http.ResponseWriter, r *http.Request) {
	lang, county := language(r), r.PathValue("code")
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil {
		year = h.now().Year()
	}
	b, err := h.cfg.Networks.RequirementsBoard(r.Context(), county, year)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := requirementsPage{Board: b, CountyName: h.counties[county]}
	header := []string{"Organisation", "Kod"}
	for _, c := range b.Columns {
		head := fmt.Sprintf("%s (%s, %s)", c.Title, conditionKind(lang, c.Kind), c.DueDate)
		page.Heads = append(page.Heads, head)
		header = append(header, fmt.Sprintf("%s (%s, %s)", c.Title, conditionKind("sv", c.Kind), c.DueDate))
	}
	out := &sheet{Name: fmt.Sprintf("kravtavla-%d-lan-%s", year, county), Header: append(header, "I fas", "Försenade")}
	for _, row := range b.Rows {
		br := boardRow{BoardRow: row}
		cells := []any{row.OrgName, row.OrgCode}
		for _, c := range row.Cells {
			br.Cells = append(br.Cells, cellText(lang, c))
			cells = append(cells, cellText("sv", c).Text)
		}
		page.Rows = append(page.Rows, br)
		out.add(append(cells, row.OnTrack, row.Overdue)...)
	}
	if h.exported(w, r, out) {
		return
	}
	title := fmt.Sprintf("%s %s %d", pick(lang, "Requirements board,", "Kravtavla,"), page.CountyName, year)
	h.render(w, r, http.StatusOK, "requirements", title, page)
}
