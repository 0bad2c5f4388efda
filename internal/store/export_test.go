package store

import "context"

// ExecForTest runs a statement on the write pool, for tests that must
// reach past the app layer (to prove that it refuses what they do).
func (db *DB) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := db.write.ExecContext(ctx, q, args...)
	return err
}
