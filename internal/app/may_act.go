package app

import "context"

// MayActFor reports, as nil, that the actor may write on behalf of org (an
// administrator, or a coordinator of org or of an organisation above it),
// so that pages offer forms only to those whose submit would be let through.
func (s *Service) MayActFor(ctx context.Context, org string) error {
	return s.store.Read(ctx, func(tx Tx) error {
		_, err := s.actFor(ctx, tx, org)
		return err
	})
}
