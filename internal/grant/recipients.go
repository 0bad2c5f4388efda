// Package grant holds the domain of state grants: agreements, pots and who
// receives them, and the rules that keep them consistent. It does no I/O.
package grant

import (
	"fmt"
	"slices"
	"strings"

	"github.com/anslag/anslag/internal/refdata"
)

// RecipientSet names who shares a pot, as a comma-separated list of terms:
//
//	municipalities   all 290 municipalities
//	regions          all 21 regions
//	principals       both: every region and municipality
//	county:07        the municipalities of county 07
//	0780, 07         one municipality or region by its code
//
// Repeated organisations are kept once. The empty set is an error.
type RecipientSet string

// Resolve lists the organisations of the set in code order.
func (s RecipientSet) Resolve(reg *refdata.Register) ([]refdata.Org, error) {
	seen := make(map[string]bool)
	var out []refdata.Org
	add := func(orgs ...refdata.Org) {
		for _, o := range orgs {
			if !seen[o.Code] {
				seen[o.Code] = true
				out = append(out, o)
			}
		}
	}
	for term := range strings.SplitSeq(string(s), ",") {
		term = strings.TrimSpace(term)
		switch {
		case term == "municipalities" || term == "kommuner":
			add(reg.Municipalities()...)
		case term == "regions" || term == "regioner":
			add(reg.Regions()...)
		case term == "principals" || term == "huvudmän":
			add(reg.Regions()...)
			add(reg.Municipalities()...)
		case strings.HasPrefix(term, "county:") || strings.HasPrefix(term, "län:"):
			_, code, _ := strings.Cut(term, ":")
			if o, ok := reg.Lookup(code); !ok || o.Kind != refdata.Region {
				return nil, fmt.Errorf("recipients %q: %q is not a county code (expected two digits such as 07)", s, code)
			}
			add(reg.MunicipalitiesIn(code)...)
		case term == "":
			return nil, fmt.Errorf("recipients %q: empty term (expected municipalities, regions, principals, county:NN or a code)", s)
		default:
			o, ok := reg.Lookup(term)
			if !ok {
				return nil, fmt.Errorf("recipients %q: unknown term or code %q (expected municipalities, regions, principals, county:NN or a code)", s, term)
			}
			add(o)
		}
	}
	slices.SortFunc(out, func(a, b refdata.Org) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}
