package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// Organisation is what a route answers; its json tags make its schema.
type Organisation struct {
	Code    string    `json:"code" jsonschema:"description=SCB code: 2 digits for a region, 4 for a municipality"`
	Name    string    `json:"name"`
	Granted api.Money `json:"granted"`
	Version int64     `json:"version"`
}

// A domain route is declared once: the Router serves it with the checks
// its flags ask for, and OpenAPI documents it.
func ExampleRouter() {
	rt := api.NewRouter(api.Config{})
	rt.Handle(api.Route{
		Method: "GET", Pattern: "/api/v1/organisations/{code}", Summary: "Get an organisation", Tags: []string{"organisations"},
		Response: Organisation{}, ETag: true,
		Handler: func(w http.ResponseWriter, r *http.Request) {
			if r.PathValue("code") != "0780" {
				api.WriteError(w, r, grant.NotFound("organisation", "organisation", r.PathValue("code")))
				return
			}
			o := Organisation{Code: "0780", Name: "Växjö", Granted: api.M(2_970_000 * money.Krona), Version: 3}
			if api.NotModified(w, r, o.Version) {
				return
			}
			api.Write(w, r, http.StatusOK, o)
		},
	})
	mux := http.NewServeMux()
	rt.Mount(mux)

	for _, path := range []string{"/api/v1/organisations/0780", "/api/v1/organisations/0781"} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", path, nil)
		r.Header.Set("Accept-Language", "sv")
		mux.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("ETag"), w.Body)
	}
	doc, _ := rt.OpenAPI(api.Info{Title: "anslag", Version: "1"})
	fmt.Println(strings.Contains(string(doc), `"operationId": "getOrganisationsByCode"`))
	// Output:
	// 200 "v3" {"code":"0780","name":"Växjö","granted":{"ore":297000000,"formatted":"2 970 000 kr"},"version":3}
	// 404  {"type":"https://anslag.se/problems/not_found","title":"Finns inte","status":404,"detail":"organisation 0781 finns inte","instance":"/api/v1/organisations/0781","code":"not_found"}
	// true
}
