package allocate

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/anslag/anslag/internal/money"
)

// Lang selects the language of an explanation.
type Lang string

// The languages anslag speaks.
const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// Why explains in words how line i of the result got its amount.
func (r *Result) Why(i int, lang Lang) string {
	l := r.Lines[i]
	t := wordingFor(lang)
	if l.Kind == KindSetAside {
		rate := ""
		for _, sa := range r.SetAsides {
			if sa.County == l.County {
				rate = sa.Rate.String()
			}
		}
		return fmt.Sprintf(t.joint, l.County, rate, l.Contributors, l.Amount)
	}
	var b strings.Builder
	exact := exactAmount(l.Quota, r.Unit, lang)
	switch l.Bound {
	case ZeroWeight:
		b.WriteString(t.zero)
	case AtFloor:
		fmt.Fprintf(&b, t.floor, l.Floor, exact)
	case AtCap:
		fmt.Fprintf(&b, t.cap, l.Cap, exact)
	default:
		fmt.Fprintf(&b, t.share, money.Group(l.Weight), money.Group(l.Quota.Denominator), r.Shared, exact, money.Amount(l.Quota.Whole)*r.Unit)
		if l.Quota.Remainder == 0 {
			b.WriteString(t.exact)
		} else {
			fmt.Fprintf(&b, t.rank, l.Rank, r.countFree(), r.Leftover, r.Unit)
			if l.ExtraUnit {
				fmt.Fprintf(&b, t.extra, r.Unit)
			} else {
				b.WriteString(t.noExtra)
			}
		}
	}
	if l.SetAside != 0 {
		fmt.Fprintf(&b, t.setAside, l.SetAside, l.County)
	}
	fmt.Fprintf(&b, t.final, l.Amount)
	return b.String()
}

// countFree counts the lines that shared by the key and were ranked.
func (r *Result) countFree() int {
	n := 0
	for _, l := range r.Lines {
		if l.Kind == KindRecipient && l.Bound == Unbound {
			n++
		}
	}
	return n
}

// exactAmount writes an exact quota in kronor, with two decimals and "≈"
// when the öre are not exact.
func exactAmount(q Quota, unit money.Amount, lang Lang) string {
	if q.Denominator == 0 {
		return money.Amount(0).String()
	}
	// öre = (whole + rem/den) × unit, computed in big to stay exact.
	num := new(big.Int).Mul(new(big.Int).SetUint64(q.Whole), new(big.Int).SetUint64(q.Denominator))
	num.Add(num, new(big.Int).SetUint64(q.Remainder))
	num.Mul(num, big.NewInt(int64(unit)))
	ore, rest := new(big.Int).QuoRem(num, new(big.Int).SetUint64(q.Denominator), new(big.Int))
	s := ore.String() + " öre"
	if ore.IsInt64() {
		s = money.Amount(ore.Int64()).String()
	}
	if rest.Sign() != 0 {
		if lang == English {
			return "about " + s
		}
		return "cirka " + s
	}
	return s
}

type wording struct {
	share, exact, rank, extra, noExtra, floor, cap, zero, setAside, final, joint string
}

// wordingFor returns the phrases of a language; Swedish unless English is asked for.
func wordingFor(lang Lang) wording {
	if lang != English {
		return wording{
			share:    "Andel %s av %s av %s ger exakt %s; hela enheter %s. ",
			exact:    "Andelen går jämnt upp. ",
			rank:     "Resten har plats %d av %d; de %d största resterna fick %s extra, ",
			extra:    "så raden fick %s extra. ",
			noExtra:  "så raden fick inget extra. ",
			floor:    "Golvet %s gäller: enbart nyckeln hade gett %s. ",
			cap:      "Taket %s gäller: enbart nyckeln hade gett %s. ",
			zero:     "Vikten är 0, så raden får ingen andel. ",
			setAside: "Därav avsätts %s till den länsgemensamma potten för län %s. ",
			final:    "Belopp: %s.",
			joint:    "Länsgemensam pott för län %s: %s av %d mottagares medel, sammanlagt %s.",
		}
	}
	return wording{
		share:    "Share %s of %s of %s gives exactly %s; whole units %s. ",
		exact:    "The share is exact. ",
		rank:     "The remainder ranks %d of %d; the %d largest remainders got %s extra, ",
		extra:    "so the line got %s extra. ",
		noExtra:  "so the line got nothing extra. ",
		floor:    "The floor %s applies: the key alone would have given %s. ",
		cap:      "The cap %s applies: the key alone would have given %s. ",
		zero:     "The weight is 0, so the line gets no share. ",
		setAside: "Of this %s is set aside to the county-joint pot of county %s. ",
		final:    "Amount: %s.",
		joint:    "County-joint pot of county %s: %s of %d recipients' money, %s in all.",
	}
}
