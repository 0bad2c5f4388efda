// Package auth holds the cryptography of logging in: argon2id password
// hashes in PHC string form and random bearer tokens stored only as hashes.
// It knows nothing of users or storage, so that it can be reviewed alone.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams follow OWASP's argon2id advice with some margin: 64 MiB and
// three passes take about a fifth of a second on a small server, slow for an
// attacker with a stolen table, fast enough for a login.
var DefaultParams = Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}

// TestParams make hashing cheap for tests; never use them in production.
var TestParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 8, KeyLen: 16}

// Bounds on parameters read from a stored hash, so that a corrupt or hostile
// string cannot make Verify allocate gigabytes or spin for minutes.
const (
	maxMemory  = 256 * 1024 // KiB: 256 MiB, four times the default
	maxTime    = 16
	maxKeyLen  = 1024
	maxSaltLen = 1024
)

var b64 = base64.RawStdEncoding

// ErrMalformed is the error of a string that is not an argon2id PHC hash
// anslag can verify.
var ErrMalformed = errors.New("auth: malformed password hash")

// Hash derives an argon2id hash of pw with a fresh random salt and returns
// it as a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func Hash(pw string, p Params) (string, error) {
	if err := p.check(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify tells whether pw matches a PHC hash made by Hash, using the
// parameters stored in the hash. The comparison takes constant time; a
// malformed hash is an error wrapping ErrMalformed.
func Verify(phc, pw string) (bool, error) {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func (p Params) check() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("%w: t=%d out of range", ErrMalformed, p.Time)
	case p.Threads < 1:
		return fmt.Errorf("%w: p=%d out of range", ErrMalformed, p.Threads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory: // argon2 needs 8 KiB per lane
		return fmt.Errorf("%w: m=%d out of range", ErrMalformed, p.Memory)
	case p.SaltLen < 8 || p.SaltLen > maxSaltLen:
		return fmt.Errorf("%w: salt length %d out of range", ErrMalformed, p.SaltLen)
	case p.KeyLen < 16 || p.KeyLen > maxKeyLen:
		return fmt.Errorf("%w: key length %d out of range", ErrMalformed, p.KeyLen)
	}
	return nil
}

// parsePHC splits $argon2id$v=19$m=M,t=T,p=P$salt$hash and checks every part.
func parsePHC(phc string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("%w: expected $argon2id$v=…$m=…,t=…,p=…$salt$hash", ErrMalformed)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("%w: unsupported version %q", ErrMalformed, parts[2])
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return p, nil, nil, fmt.Errorf("%w: expected m=…,t=…,p=…", ErrMalformed)
	}
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok {
			return p, nil, nil, fmt.Errorf("%w: expected %s= in %q", ErrMalformed, name, fields[i])
		}
		bits := 32
		if name == "p" {
			bits = 8
		}
		n, err := strconv.ParseUint(v, 10, bits)
		if err != nil {
			return p, nil, nil, fmt.Errorf("%w: %s: %w", ErrMalformed, name, err)
		}
		switch name {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			p.Threads = uint8(n)
		}
	}
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: salt: %w", ErrMalformed, err)
	}
	key, err := b64.Strict().DecodeString(parts[5])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: hash: %w", ErrMalformed, err)
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.check(); err != nil {
		return p, nil, nil, err
	}
	return p, salt, key, nil
}
