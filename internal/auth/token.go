package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// Token prefixes: they tell a leaked secret's kind at a glance and let
// secret scanners recognise anslag's tokens.
const (
	SessionPrefix  = "anslag_s_"
	APITokenPrefix = "anslag_t_"
)

// NewToken makes a bearer secret of 32 random bytes, base64url without
// padding behind prefix, and the hash to store. The plain token is shown
// once and never stored: a copy of the database grants no access.
func NewToken(prefix string) (plain, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: token: %w", err)
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, HashToken(plain), nil
}

// HashToken is the stored form of a token: hex SHA-256. A plain hash is
// enough here, unlike for passwords, because the token has 256 bits of
// entropy and cannot be guessed.
func HashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}
