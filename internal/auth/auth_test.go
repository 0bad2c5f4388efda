package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/auth"
)

func TestHashVerify(t *testing.T) {
	h, err := auth.Hash("correct horse battery", auth.TestParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q", h)
	}
	h2, _ := auth.Hash("correct horse battery", auth.TestParams)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		name, pw string
		want     bool
	}{
		{"right", "correct horse battery", true},
		{"wrong", "correct horse batterx", false},
		{"empty", "", false},
		{"prefix", "correct horse", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := auth.Verify(h, tc.pw)
			if err != nil || ok != tc.want {
				t.Fatalf("Verify = %v, %v; want %v", ok, err, tc.want)
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	good, err := auth.Hash("pw", auth.TestParams)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	for _, tc := range []struct{ name, phc string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuv"},
		{"argon2i", strings.Replace(good, "argon2id", "argon2i", 1)},
		{"version", strings.Replace(good, "v=19", "v=16", 1)},
		{"too few parts", "$argon2id$v=19$m=64,t=1,p=1$" + parts[4]},
		{"params order", strings.Replace(good, "m=64,t=1,p=1", "t=1,m=64,p=1", 1)},
		{"p overflow", strings.Replace(good, "p=1", "p=300", 1)},
		{"p zero", strings.Replace(good, "p=1", "p=0", 1)},
		{"t zero", strings.Replace(good, "t=1", "t=0", 1)},
		{"huge memory", strings.Replace(good, "m=64", "m=4294967295", 1)},
		{"huge time", strings.Replace(good, "t=1", "t=100000", 1)},
		{"negative", strings.Replace(good, "m=64", "m=-64", 1)},
		{"bad salt", "$argon2id$v=19$m=64,t=1,p=1$!!!$" + parts[5]},
		{"short salt", "$argon2id$v=19$m=64,t=1,p=1$AAAA$" + parts[5]},
		{"empty hash", "$argon2id$v=19$m=64,t=1,p=1$" + parts[4] + "$"},
		{"padded", good + "=="},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := auth.Verify(tc.phc, "pw")
			if ok || !errors.Is(err, auth.ErrMalformed) {
				t.Fatalf("Verify(%q) = %v, %v; want ErrMalformed", tc.phc, ok, err)
			}
		})
	}
}

func TestHashRejectsBadParams(t *testing.T) {
	for _, p := range []auth.Params{{}, {Memory: 64, Time: 1, Threads: 1, SaltLen: 0, KeyLen: 16}, {Memory: 64, Time: 1, Threads: 1, SaltLen: 8, KeyLen: 4}} {
		if _, err := auth.Hash("pw", p); err == nil {
			t.Errorf("Hash with %+v: no error", p)
		}
	}
}

// TestDefaultParamsFormat checks the production parameters' encoding; their
// cost is BenchmarkHashDefault's (docs/benchmarks.md), not a timed test.
func TestDefaultParamsFormat(t *testing.T) {
	h, err := auth.Hash("a password of some length", auth.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q", h)
	}
	if ok, err := auth.Verify(h, "a password of some length"); !ok || err != nil {
		t.Errorf("verify: %v %v", ok, err)
	}
}

// BenchmarkHashDefault is the cost of one login's password check.
//
//	go test -run '^$' -bench HashDefault ./internal/auth/
func BenchmarkHashDefault(b *testing.B) {
	for b.Loop() {
		if _, err := auth.Hash("a password of some length", auth.DefaultParams); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNewToken(t *testing.T) {
	for _, prefix := range []string{auth.SessionPrefix, auth.APITokenPrefix} {
		t.Run(prefix, func(t *testing.T) {
			plain, hash, err := auth.NewToken(prefix)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(plain, prefix) || len(plain) != len(prefix)+43 || strings.ContainsAny(plain, "+/=") {
				t.Fatalf("plain %q", plain)
			}
			if hash != auth.HashToken(plain) || len(hash) != 64 || strings.Contains(hash, plain) {
				t.Fatalf("hash %q", hash)
			}
			other, _, _ := auth.NewToken(prefix)
			if other == plain {
				t.Fatal("two tokens are equal")
			}
		})
	}
}

func TestHashToken(t *testing.T) {
	// SHA-256 of "abc", a published test vector.
	if got := auth.HashToken("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatal(got)
	}
}

func FuzzVerify(f *testing.F) {
	good, err := auth.Hash("pw", auth.TestParams)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, "pw")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, phc, pw string) {
		ok, err := auth.Verify(phc, pw)
		if ok && err != nil {
			t.Fatal("ok with an error")
		}
		if err != nil && !errors.Is(err, auth.ErrMalformed) {
			t.Fatalf("error not ErrMalformed: %v", err)
		}
	})
}
