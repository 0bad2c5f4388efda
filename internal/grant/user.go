package grant

import (
	"strings"
	"unicode/utf8"
)

// RoleKind says what a user may do.
type RoleKind string

// The roles of anslag.
const (
	RoleAdmin       RoleKind = "admin"       // everything, including users
	RoleCoordinator RoleKind = "coordinator" // acts for one organisation
	RoleAuditor     RoleKind = "auditor"     // reads everything, changes nothing
)

// Role is one grant of rights; a coordinator's names its organisation.
type Role struct {
	Kind    RoleKind `json:"kind"`
	OrgCode string   `json:"org_code,omitempty"`
}

// Validate checks that the organisation code is there exactly when the
// kind needs one.
func (r Role) Validate() error {
	switch r.Kind {
	case RoleCoordinator:
		if r.OrgCode == "" {
			return Errorf(EINVALID, "role", "a coordinator acts for an organisation; give its code (coordinator:CODE)",
				"en samordnare agerar för en organisation; ange dess kod (coordinator:KOD)")
		}
	case RoleAdmin, RoleAuditor:
		if r.OrgCode != "" {
			return Errorf(EINVALID, "role", "the role %s is not tied to an organisation", "rollen %s är inte knuten till någon organisation", r.Kind)
		}
	default:
		return Errorf(EINVALID, "role", "unknown role %q (expected admin, coordinator or auditor)",
			"okänd roll %q (förväntade admin, coordinator eller auditor)", r.Kind)
	}
	return nil
}

// String writes a role as the CLI reads it: "admin", "coordinator:0180".
func (r Role) String() string {
	if r.OrgCode == "" {
		return string(r.Kind)
	}
	return string(r.Kind) + ":" + r.OrgCode
}

// User is a person (or a service behind an API token) who logs in. The
// password hash is not part of it, so that it cannot leak into JSON.
type User struct {
	ID        int64  `json:"id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Disabled  bool   `json:"disabled"`
	Roles     []Role `json:"roles"`
	CreatedAt string `json:"created_at"`
	Version   int64  `json:"version"`
}

// Validate normalises the e-mail and name and checks the roles.
func (u *User) Validate() error {
	email, err := NormaliseEmail(u.Email)
	if err != nil {
		return err
	}
	u.Email, u.Name = email, strings.TrimSpace(u.Name)
	if u.Name == "" || utf8.RuneCountInString(u.Name) > 200 {
		return Errorf(EINVALID, "name", "a name of 1–200 characters is required", "ett namn på 1–200 tecken krävs")
	}
	for i, r := range u.Roles {
		if err := r.Validate(); err != nil {
			return err
		}
		for _, prev := range u.Roles[:i] {
			if prev == r {
				return Errorf(EINVALID, "role", "the role %s is given twice", "rollen %s anges två gånger", r)
			}
		}
	}
	return nil
}

// NormaliseEmail trims and lower-cases an e-mail address, so that one
// person cannot get two accounts by capitalisation, and checks that it
// looks like one: a single @, a local part, and a domain with a dot.
func NormaliseEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(s))
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") || len(e) > 254 ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.ContainsAny(e, " \t\r\n") {
		return "", Errorf(EINVALID, "email", "%q is not an e-mail address", "%q är inte en e-postadress", s)
	}
	return e, nil
}

// Password length bounds, in characters. The upper bound keeps a login
// request from making the server hash megabytes.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 1024
)

// CheckPassword enforces the password rule: 12–1024 characters and not the
// e-mail address itself.
func CheckPassword(pw, email string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen || n > MaxPasswordLen {
		return Errorf(EINVALID, "password", "a password has %d–%d characters", "ett lösenord har %d–%d tecken", MinPasswordLen, MaxPasswordLen)
	}
	if e, err := NormaliseEmail(email); err == nil && strings.EqualFold(strings.TrimSpace(pw), e) {
		return Errorf(EINVALID, "password", "the password must not be the e-mail address", "lösenordet får inte vara e-postadressen")
	}
	return nil
}

// Session is one login in a browser. The token is known only to the
// browser; the database holds its hash.
type Session struct {
	ID         int64  `json:"id"`
	UserID     int64  `json:"user_id"`
	CreatedAt  string `json:"created_at"`
	LastSeenAt string `json:"last_seen_at"`
	ExpiresAt  string `json:"expires_at"` // absolute end, however active the session
}

// APIToken is a long-lived secret for scripts, shown once at creation.
type APIToken struct {
	ID         int64  `json:"id"`
	UserID     int64  `json:"user_id"`
	Name       string `json:"name"`
	Prefix     string `json:"prefix"` // the first 12 characters of the token, to recognise it
	CreatedAt  string `json:"created_at"`
	LastUsedAt string `json:"last_used_at,omitempty"`
	RevokedAt  string `json:"revoked_at,omitempty"`
}
