package app

import (
	"context"
)

// MayActFor tells whether the actor may write on behalf of org (an
// administrator, or a coordinator of org or of an organisation above it),
// so that pages can show a form, or refuse it, before the user fills it in.
// It is the same check every write makes; the write checks again.
func (s *Service) MayActFor(ctx context.Context, org string) error {
	return s.store.Read(ctx, func(tx Tx) error {
		_, err := s.actFor(ctx, tx, org)
		return err
	})
}
