package app

import (
	"errors"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
)

// swedisher is an error that can also say itself in Swedish, as the errors
// of the money, population, importer and allocate packages can.
type swedisher interface {
	error
	Swedish() string
}

// userError turns an error from a pure package into a grant.Error with the
// given code and field, keeping its Swedish wording when it has one.
func userError(code, field string, err error) error {
	if err == nil {
		return nil
	}
	var ge *grant.Error
	if errors.As(err, &ge) {
		return err
	}
	var ae *allocate.Error
	if errors.As(err, &ae) && ae.Field != "" && field == "" {
		field = ae.Field
	}
	e := &grant.Error{Code: code, Field: field, Message: err.Error(), Swedish: err.Error()}
	var sw swedisher
	if errors.As(err, &sw) {
		e.Swedish = sw.Swedish()
	}
	return e
}
