package main

import (
	"fmt"
	"strings"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
)

// parseUnit reads a rounding unit: a name or any amount.
func parseUnit(s string) (money.Amount, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "öre", "ore":
		return money.Ore, nil
	case "krona", "kronor", "kr", "1":
		return money.Krona, nil
	case "100", "hundra":
		return 100 * money.Krona, nil
	case "1000", "1 000", "tusen":
		return 1000 * money.Krona, nil
	}
	a, err := money.Parse(s)
	if err != nil || a <= 0 {
		return 0, usageError{fmt.Sprintf("--unit %q: expected öre, krona, 100, 1000 or a positive amount such as \"500 kr\"", s)}
	}
	return a, nil
}

// applyBounds sets floors or caps from flags "AMOUNT" (every recipient) or
// "CODE:AMOUNT" (one recipient; it must be among the recipients).
func applyBounds(specs []string, flagName string, rs []allocate.Recipient, set func(*allocate.Recipient, money.Amount)) error {
	for _, spec := range specs {
		code, amount, hasCode := strings.Cut(spec, ":")
		if !hasCode || strings.TrimSpace(amount) == "-" { // "1 000:-" is an amount, not a code
			code, amount = "", spec
		}
		a, err := money.Parse(amount)
		if err != nil {
			return fmt.Errorf("%s %q: %w", flagName, spec, err)
		}
		found := false
		for i := range rs {
			if code == "" || rs[i].Code == strings.TrimSpace(code) {
				set(&rs[i], a)
				found = true
			}
		}
		if !found {
			return usageError{fmt.Sprintf("%s %q: %s is not among the recipients", flagName, spec, code)}
		}
	}
	return nil
}

// parseSetAside reads "COUNTY:PERCENT:HOLDER", e.g. "01:4%:storsthlm".
func parseSetAside(s string, reg *refdata.Register) (allocate.SetAside, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return allocate.SetAside{}, usageError{fmt.Sprintf("--set-aside %q: expected COUNTY:PERCENT:HOLDER, e.g. 01:4%%:storsthlm", s)}
	}
	county, holder := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[2])
	if o, ok := reg.Lookup(county); !ok || o.Kind != refdata.Region {
		return allocate.SetAside{}, usageError{fmt.Sprintf("--set-aside %q: %q is not a county code (expected two digits such as 01)", s, county)}
	}
	rate, err := allocate.ParseRate(parts[1])
	if err != nil {
		return allocate.SetAside{}, usageError{fmt.Sprintf("--set-aside %q: %v", s, err)}
	}
	name := holder
	if o, ok := reg.Lookup(holder); ok {
		name = o.Name
	}
	return allocate.SetAside{County: county, Rate: rate, Holder: holder, HolderName: name}, nil
}
