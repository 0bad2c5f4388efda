package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// window bounds how far sentence looks for the ends of a sentence.
const window = 1000

// sentence returns the sentence around s: from after the previous full
// stop, line break or bullet to the next full stop or line break.
func sentence(text string, s Span) Span {
	// A sentence is looked for within window bytes either side, so a text
	// without full stops does not make every amount scan all of it.
	start := max(0, s.Start-window)
	for i := s.Start - 1; i >= start; i-- {
		c := text[i]
		if c == '\n' || (strings.ContainsRune(".!?", rune(c)) && i+1 < len(text) && unicode.IsSpace(rune(text[i+1]))) {
			start = i + 1
			break
		}
		if strings.HasPrefix(text[i:], "•") {
			start = i + len("•")
			break
		}
	}
	end := min(len(text), s.End+window)
	for i := s.End; i < end; i++ {
		c := text[i]
		if c == '\n' || (strings.ContainsRune(".!?", rune(c)) && (i+1 == len(text) || unicode.IsSpace(rune(text[i+1])))) {
			end = i
			break
		}
	}
	for start < s.Start {
		r, n := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for start > 0 && !utf8.RuneStart(text[start]) {
		start++
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	line := s.Line - strings.Count(text[start:s.Start], "\n")
	return Span{Start: start, End: end, Line: line, Text: text[start:end]}
}

// recipientStop reports words that end a recipient phrase: the next
// preposition or clause.
func recipientStop(w string) bool {
	switch w {
	case "ur", "för", "avseende", "som", "med", "från", "under", "inom", "genom", "på",
		"vid", "att", "till", "i", "åt", "efter", "samt", "där", "år":
		return true
	}
	return false
}

// recipient finds the phrase the amount goes to in rest, the sentence after
// the amount: "till X" within a few words is preferred; otherwise "i X",
// "åt X" or "för X" (but not "för att …", which is a purpose).
func recipient(rest string) (prep, phrase string) {
	words := strings.Fields(rest)
	if len(words) > 12 {
		words = words[:12]
	}
	at := -1
	for i, w := range words {
		if strings.ContainsAny(w, ",;:") {
			break
		}
		if strings.ToLower(w) == "till" {
			at = i
			break
		}
	}
	if at < 0 {
		for i, w := range words[:min(len(words), 3)] {
			lw := strings.ToLower(w)
			if lw == "i" || lw == "åt" || (lw == "för" && (i+1 >= len(words) || strings.ToLower(words[i+1]) != "att")) {
				at = i
				break
			}
			if strings.ContainsAny(w, ",;:") {
				break
			}
		}
	}
	if at < 0 || at+1 >= len(words) {
		return "", ""
	}
	var out []string
	for _, w := range words[at+1:] {
		clean := strings.TrimRight(w, ",;:.!?)\"”")
		lw := strings.ToLower(clean)
		if recipientStop(lw) || clean == "" || strings.IndexFunc(clean, unicode.IsDigit) >= 0 || len(out) == 8 {
			break
		}
		out = append(out, clean)
		if clean != w {
			break
		}
	}
	if len(out) == 0 {
		return "", ""
	}
	return strings.ToLower(words[at]), strings.Join(out, " ")
}

// yearly reports whether the sentence calls the amount yearly.
func yearly(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"årligen", "per år", "varje år", "om året", "/år", "i året"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// title makes an initiative title of a recipient phrase: without a leading
// article, first letter upper-case.
func title(phrase string) string {
	for _, a := range []string{"ett ", "en ", "det ", "den ", "de "} {
		if rest, ok := strings.CutPrefix(strings.ToLower(phrase), a); ok && rest != "" {
			phrase = phrase[len(a):]
			break
		}
	}
	r, n := utf8.DecodeRuneInString(phrase)
	return string(unicode.ToUpper(r)) + phrase[n:]
}

type normalised struct {
	c     Candidate
	words []string
}

func normaliseCandidates(orgs []Candidate) []normalised {
	out := make([]normalised, 0, len(orgs))
	for _, c := range orgs {
		if w := normaliseName(c.Name); len(w) > 0 {
			out = append(out, normalised{c: c, words: w})
		}
	}
	return out
}

// normaliseName returns the words of an organisation name as compared:
// lower-case, without punctuation, without "Region X", with definite
// forms made indefinite ("nämnden" → "nämnd", "styrelsen" → "styrelse").
func normaliseName(s string) []string {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var out []string
	for i := 0; i < len(fields); i++ {
		w := fields[i]
		if w == "region" {
			i++ // "Region Kronoberg": the region is the organisation's owner, not its name
			continue
		}
		for _, suf := range [][2]string{{"nämnden", "nämnd"}, {"styrelsen", "styrelse"}, {"förvaltningen", "förvaltning"}} {
			if strings.HasSuffix(w, suf[0]) {
				w = strings.TrimSuffix(w, suf[0]) + suf[1]
			}
		}
		out = append(out, w)
	}
	return out
}

// matchOrg returns the candidate the phrase names: the same normalised
// words ("exact"), or, failing that, the only candidate all of whose words
// occur in the phrase ("partial").
func matchOrg(phrase string, orgs []normalised) *Match {
	words := normaliseName(phrase)
	if len(words) == 0 {
		return nil
	}
	key := strings.Join(words, " ")
	for _, o := range orgs {
		if strings.Join(o.words, " ") == key {
			return &Match{Code: o.c.Code, Name: o.c.Name, Confidence: "exact", Reason: "the recipient is the organisation's name"}
		}
	}
	var hit *Match
	for _, o := range orgs {
		if containsAll(words, o.words) {
			if hit != nil {
				return nil // two candidates fit: let the user choose
			}
			hit = &Match{Code: o.c.Code, Name: o.c.Name, Confidence: "partial", Reason: "every word of the organisation's name is in the recipient"}
		}
	}
	return hit
}

func containsAll(have, want []string) bool {
	set := make(map[string]bool, len(have))
	for _, w := range have {
		set[w] = true
	}
	for _, w := range want {
		if !set[w] {
			return false
		}
	}
	return true
}

// lastWords returns the last n words of s; firstWords the first n.
func lastWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[max(0, len(f)-n):], " ")
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}
