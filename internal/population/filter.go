package population

import (
	"strconv"
	"strings"
)

// MaxAge is the highest age a table may hold. As the upper end of an
// AgeBand it means "and older".
const MaxAge = 130

// Sex selects rows by sex. The values of Male and Female are SCB's codes.
type Sex uint8

// The sexes. SexAll in a Filter means both; in a table without a sex
// column every row has SexAll.
const (
	SexAll Sex = iota
	Male
	Female
)

// String returns the Swedish word used in filter descriptions: "alla",
// "män" or "kvinnor".
func (s Sex) String() string {
	switch s {
	case SexAll:
		return "alla"
	case Male:
		return "män"
	case Female:
		return "kvinnor"
	}
	return "Sex(" + strconv.Itoa(int(s)) + ")"
}

// AgeBand is an inclusive range of ages in whole years. To may be MaxAge,
// meaning "and older".
type AgeBand struct{ From, To int }

// String returns "13–25" (with an en dash), or "17" for a single year.
func (b AgeBand) String() string {
	if b.From == b.To {
		return strconv.Itoa(b.From)
	}
	return strconv.Itoa(b.From) + "–" + strconv.Itoa(b.To)
}

func (b AgeBand) valid() bool { return 0 <= b.From && b.From <= b.To && b.To <= MaxAge }

// Filter selects the part of the population that counts. The zero Filter
// selects everyone.
type Filter struct {
	Ages []AgeBand // a row counts if its age lies in any band; empty: all ages
	Sex  Sex       // SexAll: both sexes
}

// String describes the filter in Swedish, for run reports and the command
// line: "hela befolkningen", "kvinnor", "ålder 13–25",
// "ålder 0–17 och 65–130, kvinnor". Bands are listed as given.
func (f Filter) String() string {
	var parts []string
	if n := len(f.Ages); n > 0 {
		bands := make([]string, n)
		for i, b := range f.Ages {
			bands[i] = b.String()
		}
		list := bands[n-1]
		if n > 1 {
			list = strings.Join(bands[:n-1], ", ") + " och " + list
		}
		parts = append(parts, "ålder "+list)
	}
	if f.Sex != SexAll {
		parts = append(parts, f.Sex.String())
	}
	if len(parts) == 0 {
		return "hela befolkningen"
	}
	return strings.Join(parts, ", ")
}

func (f Filter) all() bool { return len(f.Ages) == 0 && f.Sex == SexAll }

func (f Filter) match(r row) bool {
	if f.Sex != SexAll && r.sex != f.Sex {
		return false
	}
	if len(f.Ages) == 0 {
		return true
	}
	for _, b := range f.Ages {
		if b.From <= int(r.age) && int(r.age) <= b.To {
			return true
		}
	}
	return false
}

// ParseFilter builds a Filter from command-line text. ages is a
// comma-separated list of bands — "13-25" (or "13–25"), "65-" or "65+" for 65
// and older, "17" for one year — or "" for all ages. sex is "" or "alla" for
// both sexes, or any of the words the CSV sex column accepts ("kvinnor",
// "män", "2", ...). Errors are *Error with Field "age" or "sex".
func ParseFilter(ages, sex string) (Filter, error) {
	var f Filter
	if s := strings.TrimSpace(ages); s != "" {
		for item := range strings.SplitSeq(s, ",") {
			b, err := parseBand(strings.TrimSpace(item))
			if err != nil {
				return Filter{}, err
			}
			f.Ages = append(f.Ages, b)
		}
	}
	switch s := strings.ToLower(strings.TrimSpace(sex)); s {
	case "", "alla", "all", "båda", "both":
	default:
		var ok bool
		if f.Sex, ok = parseSex(s); !ok {
			return Filter{}, &Error{Field: colSex, Value: strings.TrimSpace(sex),
				Reason:        `expected "kvinnor", "män" or "alla"`,
				SwedishReason: `förväntade "kvinnor", "män" eller "alla"`}
		}
	}
	return f, nil
}

// parseBand reads one ParseFilter band. The en dash is accepted because
// Filter.String writes it, so a description can be pasted back.
func parseBand(item string) (AgeBand, error) {
	s := strings.ReplaceAll(item, "–", "-")
	if open, ok := strings.CutSuffix(s, "+"); ok {
		s = open + "-"
	}
	from, to, isRange := strings.Cut(s, "-")
	lo, ok := smallInt(strings.TrimSpace(from))
	hi := lo
	if ok && isRange {
		hi = MaxAge
		if to = strings.TrimSpace(to); to != "" {
			hi, ok = smallInt(to)
		}
	}
	bad := &Error{Field: colAge, Value: item,
		Reason:        `expected an age band such as "13-25", "65-" or "17"`,
		SwedishReason: `förväntade ett åldersintervall som "13-25", "65-" eller "17"`}
	if !ok {
		return AgeBand{}, bad
	}
	if b := (AgeBand{lo, hi}); b.valid() {
		return b, nil
	}
	bad.Reason = "expected ages from 0 to 130, the lower first"
	bad.SwedishReason = "förväntade åldrar från 0 till 130, den lägre först"
	return AgeBand{}, bad
}

// smallInt parses 1–3 ASCII digits; longer input can never be a valid age.
func smallInt(s string) (int, bool) {
	if len(s) == 0 || len(s) > 3 || !digits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

// digits reports whether s is non-empty and all ASCII digits. strconv alone
// would also take a sign, which the format does not allow.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
