package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	isoDate     = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	swedishDate = regexp.MustCompile(`(?i)\b(\d{1,2})(?:\s|\x{00a0})+(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)(?:\s|\x{00a0})+(\d{4})\b`)
	months      = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
)

// DecisionDate is the first date in the text, as YYYY-MM-DD, written either
// so or as Swedes write it ("21 augusti 2018"); "" if the text has none.
// A press release dates itself at its top, so the first date is the
// decision's day more often than not; the user checks it before saving.
func DecisionDate(text string) string {
	text = text[:min(len(text), MaxDecisionBytes)]
	best, at := "", len(text)+1
	for _, m := range isoDate.FindAllStringSubmatchIndex(text, 50) {
		y, _ := strconv.Atoi(text[m[2]:m[3]])
		mo, _ := strconv.Atoi(text[m[4]:m[5]])
		d, _ := strconv.Atoi(text[m[6]:m[7]])
		if s, ok := validDate(y, mo, d); ok {
			best, at = s, m[0]
			break
		}
	}
	for _, m := range swedishDate.FindAllStringSubmatchIndex(text, 50) {
		if m[0] > at {
			break
		}
		d, _ := strconv.Atoi(text[m[2]:m[3]])
		y, _ := strconv.Atoi(text[m[6]:m[7]])
		mo := slices.Index(months, strings.ToLower(text[m[4]:m[5]])) + 1
		if s, ok := validDate(y, mo, d); ok {
			return s
		}
	}
	return best
}

// validDate formats a date that exists in a plausible year.
func validDate(y, m, d int) (string, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || y > 2999 || t.Month() != time.Month(m) || t.Day() != d {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}
