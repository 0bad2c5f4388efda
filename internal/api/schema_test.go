package api

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

type Pot struct {
	ID int64 `json:"id"`
}

type överföring struct {
	Belopp int64 `json:"belopp"`
}

type pair[A, B any] struct {
	First  A `json:"first"`
	Second B `json:"second"`
}

func TestSchemaName(t *testing.T) {
	tests := []struct {
		t    reflect.Type
		want string
	}{
		{reflect.TypeFor[Pot](), "Pot"},
		{reflect.TypeFor[List[Pot]](), "PotList"},
		{reflect.TypeFor[List[Money]](), "MoneyList"},
		{reflect.TypeFor[List[[]Pot]](), "PotList"},
		{reflect.TypeFor[List[map[string]int]](), "MapStringIntList"},
		{reflect.TypeFor[pair[Pot, List[Money]]](), "PotListMoneypair"},
		{reflect.TypeFor[[]Pot](), ""},
	}
	for _, tt := range tests {
		if got := newSchemas().name(tt.t); got != tt.want {
			t.Errorf("name(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestOpenAPIErrors(t *testing.T) {
	h := func(http.ResponseWriter, *http.Request) {}
	tests := []struct {
		name   string
		routes []Route
		want   string
	}{
		{"two types of one name", []Route{
			{Method: "GET", Pattern: "/api/v1/a", Response: Pot{}, Handler: h},
			{Method: "GET", Pattern: "/api/v1/b", Response: otherPot(), Handler: h},
		}, `"Pot" stands for both`},
		{"type JSON cannot hold", []Route{
			{Method: "GET", Pattern: "/api/v1/a", Response: struct{ F chan int }{}, Handler: h},
		}, "unsupported type"},
		{"type name outside ASCII", []Route{
			{Method: "GET", Pattern: "/api/v1/a", Response: överföring{}, Handler: h},
		}, "cannot name an OpenAPI component"},
		{"error status without a problem response", []Route{
			{Method: "GET", Pattern: "/api/v1/a", Response: Pot{}, Errors: []int{418}, Handler: h},
		}, "status 418"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := NewRouter(Config{})
			for _, r := range tt.routes {
				rt.Handle(r)
			}
			if _, err := rt.OpenAPI(Info{Title: "t", Version: "1"}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("OpenAPI error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// otherPot returns a value of a type named Pot that is not Pot.
func otherPot() any {
	type Pot struct {
		Name string `json:"name"`
	}
	return Pot{}
}

func TestFieldPath(t *testing.T) {
	tests := map[jsontext.Pointer]string{
		"":                "",
		"/amount":         "amount",
		"/lines/2/amount": "lines[2].amount",
		"/lines/0":        "lines[0]",
		"/by_code/0780":   "by_code[0780]",
		"/a~1b/c~0d":      "a/b.c~d",
		"/0":              "0",
	}
	for p, want := range tests {
		if got := fieldPath(p); got != want {
			t.Errorf("fieldPath(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestOperationID(t *testing.T) {
	tests := []struct{ method, path, want string }{
		{"GET", "/pots", "getPots"},
		{"GET", "/pots/{id}", "getPotsById"},
		{"POST", "/allocation-runs/{run_id}/decide", "postAllocationRunsByRunIdDecide"},
		{"DELETE", "/agreements/{id}/pots/{pot}", "deleteAgreementsByIdPotsByPot"},
		{"GET", "/openapi.json", "getOpenapiJson"},
	}
	for _, tt := range tests {
		if got := operationID(tt.method, tt.path); got != tt.want {
			t.Errorf("operationID(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}
