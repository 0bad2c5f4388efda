package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

func TestIdempotencyRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, ok, err := db.LoadIdempotency(ctx, "a", "k1"); ok || err != nil {
			t.Fatalf("empty: %v, %v", ok, err)
		}
		rec := store.IdempotencyRecord{Actor: "a", Key: "k1", Method: "POST", Path: "/api/v1/payments", RequestHash: "ab",
			Status: 201, Body: []byte(`{"id":7}`), CreatedAt: time.Date(2017, 2, 10, 9, 0, 0, 0, time.UTC)}
		if err := db.SaveIdempotency(ctx, rec); err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.LoadIdempotency(ctx, "a", "k1")
		if !ok || err != nil || got.Status != 201 || string(got.Body) != `{"id":7}` || !got.CreatedAt.Equal(rec.CreatedAt) || got.RequestHash != "ab" {
			t.Fatalf("load: %+v, %v, %v", got, ok, err)
		}
		if _, ok, _ := db.LoadIdempotency(ctx, "b", "k1"); ok {
			t.Error("keys must be scoped to the actor")
		}
		if err := db.SaveIdempotency(ctx, rec); grant.ErrorCode(err) != grant.ECONFLICT {
			t.Errorf("second save: %v, want conflict", err)
		}
	})
}
