package app

import (
	"context"
	"slices"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// Board is a county's requirements board for one year: every condition of
// the year's pots (columns) for every principal of the county (rows), with
// the county-joint set-asides and what they fund.
type Board struct {
	County  string        `json:"county"`
	Year    int           `json:"year"`
	AsOf    grant.Date    `json:"as_of" jsonschema:"description=the day overdue is reckoned on"`
	Columns []BoardColumn `json:"columns"`
	Rows    []BoardRow    `json:"rows"`
	Joint   []JointPot    `json:"joint"`
}

// BoardColumn is one condition, with how many principals are on track
// (not overdue) and overdue with it.
type BoardColumn struct {
	ConditionID int64               `json:"condition_id"`
	PotID       int64               `json:"pot_id"`
	Kind        grant.ConditionKind `json:"kind"`
	Title       string              `json:"title"`
	DueDate     grant.Date          `json:"due_date"`
	OnTrack     int                 `json:"on_track"`
	Overdue     int                 `json:"overdue"`
}

// BoardRow is one principal, its cells in the order of the columns.
type BoardRow struct {
	OrgCode string      `json:"org_code"`
	OrgName string      `json:"org_name"`
	Kind    string      `json:"kind"`
	Cells   []BoardCell `json:"cells"`
	OnTrack int         `json:"on_track"`
	Overdue int         `json:"overdue"`
}

// BoardCell is a principal's status with one condition. Applies is false
// when the principal has no money in the condition's pot.
type BoardCell struct {
	Applies bool                   `json:"applies"`
	Status  grant.FulfilmentStatus `json:"status,omitempty"`
	Overdue bool                   `json:"overdue"`
	Late    bool                   `json:"late"`
}

// RequirementsBoard reads a county's board for a year in four queries
// whatever the number of principals: the county's principals, every
// condition × recipient status, the joint set-asides and their uses.
//
// It follows the conditions pages: logged in only; administrators and
// auditors see every principal, a coordinator the rows of the principals
// they coordinate.
func (s *Service) RequirementsBoard(ctx context.Context, county string, year int) (b Board, err error) {
	a := ActorFrom(ctx)
	if err := allow(a, a.LoggedIn(), "", ""); err != nil {
		return b, err
	}
	if !validCountyCode(county) {
		return b, grant.Errorf(grant.EINVALID, "county", "%q is not a county code (01–25)", "%q är inte en länskod (01–25)", county)
	}
	if year < 2000 || year > 2100 {
		return b, grant.Errorf(grant.EINVALID, "year", "year must be 2000–2100, not %d", "året måste vara 2000–2100, inte %d", year)
	}
	now := s.now()
	b = Board{County: county, Year: year, AsOf: grant.Date(now.Format(time.DateOnly))}
	var statuses []grant.ConditionStatus
	err = s.store.Read(ctx, func(tx Tx) error {
		b.Rows = nil // a read may run twice (Store)
		orgs, _, err := tx.ListOrganisations(ctx, ListFilter{County: county})
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if o.Kind != grant.OrgRegion && o.Kind != grant.OrgMunicipality {
				continue
			}
			if !a.Oversight() && !slices.Contains(a.coordinated(), o.Code) {
				continue
			}
			b.Rows = append(b.Rows, BoardRow{OrgCode: o.Code, OrgName: o.Name, Kind: string(o.Kind)})
		}
		if statuses, _, err = tx.ListConditionStatuses(ctx, ListFilter{County: county, Year: year}, b.AsOf); err != nil {
			return err
		}
		b.Joint, err = tx.JointSetAsides(ctx, county, year)
		return err
	})
	if err != nil {
		return Board{}, err
	}
	// The region first, then the municipalities by code.
	slices.SortStableFunc(b.Rows, func(x, y BoardRow) int {
		if (x.Kind == string(grant.OrgRegion)) != (y.Kind == string(grant.OrgRegion)) {
			if x.Kind == string(grant.OrgRegion) {
				return -1
			}
			return 1
		}
		return 0
	})
	col := map[int64]int{}
	for _, st := range statuses { // in due date order, so the columns are too
		if _, ok := col[st.ConditionID]; !ok {
			col[st.ConditionID] = len(b.Columns)
			b.Columns = append(b.Columns, BoardColumn{ConditionID: st.ConditionID, PotID: st.PotID, Kind: st.Kind, Title: st.Title, DueDate: st.DueDate})
		}
	}
	row := map[string]int{}
	for i := range b.Rows {
		row[b.Rows[i].OrgCode] = i
		b.Rows[i].Cells = make([]BoardCell, len(b.Columns))
	}
	for _, st := range statuses {
		r, ok := row[st.OrgCode]
		if !ok {
			continue // not a principal of the county, or not the actor's to see
		}
		c := col[st.ConditionID]
		cell := BoardCell{Applies: true, Status: st.Status, Overdue: grant.Overdue(st.DueDate, st.Status, now),
			Late: st.SubmittedAt != "" && st.DueDate != "" && len(st.SubmittedAt) >= 10 && st.SubmittedAt[:10] > string(st.DueDate)}
		b.Rows[r].Cells[c] = cell
		if cell.Overdue {
			b.Rows[r].Overdue++
			b.Columns[c].Overdue++
		} else {
			b.Rows[r].OnTrack++
			b.Columns[c].OnTrack++
		}
	}
	return b, nil
}

func validCountyCode(c string) bool {
	return len(c) == 2 && c >= "01" && c <= "25" && c[0] >= '0' && c[0] <= '2' && c[1] >= '0' && c[1] <= '9'
}
