package server

import (
	"fmt"
	"log/slog"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/web"
)

// Application makes the Mount of the whole application over one service
// and database: the JSON API with its OpenAPI document, and the pages.
// sso is the OpenID Connect login, or nil.
func Application(svc *app.Service, db *store.DB, log *slog.Logger, sso web.OIDC) (func(*Mux), error) {
	rt := NewAPI(svc, db, log)
	doc, err := rt.OpenAPIHandler(APIInfo())
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	pages, err := web.New(web.Config{Accounts: svc, OIDC: sso, Log: log})
	if err != nil {
		return nil, err
	}
	return func(mux *Mux) {
		rt.Mount(mux)
		mux.Handle("GET /api/openapi.json", doc)
		pages.Register(mux)
	}, nil
}
