package oidc

// Error is a failed login as Finish reports it. Message and Swedish are safe
// to show the user; they never contain tokens or text chosen by the identity
// provider. Err carries the detail for the log.
type Error struct {
	// Code is a stable, machine-readable reason, one of the Code* constants,
	// so the caller can count or branch without comparing prose.
	Code    string
	Message string // English, for the user
	Swedish string // Swedish, for the user
	Err     error  // the cause, for the log; may be nil
}

// Reasons a login can fail, as Error.Code.
const (
	CodeNoCookie   = "no_cookie"  // no login in progress in this browser (expired, other browser, cookies off)
	CodeState      = "state"      // the callback's state is not the one this browser started with
	CodeDenied     = "denied"     // the provider returned ?error=access_denied
	CodeProvider   = "provider"   // the provider returned some other ?error=
	CodeNoCode     = "no_code"    // the callback carries neither code nor error
	CodeExchange   = "exchange"   // the token endpoint refused the code (includes a PKCE mismatch)
	CodeToken      = "token"      // the ID token is missing or fails verification
	CodeExpired    = "expired"    // the ID token has expired
	CodeNonce      = "nonce"      // the ID token's nonce is not the one this browser started with
	CodeClaim      = "claim"      // the configured claim is missing, empty or not a string
	CodeUnverified = "unverified" // email_verified is present and not true
	CodeInternal   = "internal"   // a fault on our side, e.g. a malformed claim name
)

// Error returns the English message and, for the log, the cause.
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}
	return e.Message + ": " + e.Err.Error()
}

// Unwrap returns the cause, so errors.Is and errors.As see through Error.
func (e *Error) Unwrap() error { return e.Err }

// fail builds the Error for code; the texts live here so every path that
// fails for the same reason tells the user the same thing.
func fail(code string, err error) *Error {
	en, sv := "", ""
	switch code {
	case CodeNoCookie:
		en = "the login was not completed: no login was started in this browser, or it took more than 10 minutes; start again"
		sv = "inloggningen slutfördes inte: ingen inloggning påbörjades i den här webbläsaren, eller så tog den mer än 10 minuter; börja om"
	case CodeState:
		en = "the login was not completed: the state does not match; start again"
		sv = "inloggningen slutfördes inte: tillståndet stämmer inte; börja om"
	case CodeDenied:
		en = "the login was not completed: the login was declined at the identity provider"
		sv = "inloggningen slutfördes inte: inloggningen avböjdes hos identitetsleverantören"
	case CodeProvider:
		en = "the login was not completed: the identity provider reported an error; start again"
		sv = "inloggningen slutfördes inte: identitetsleverantören rapporterade ett fel; börja om"
	case CodeNoCode:
		en = "the login was not completed: the identity provider sent no authorisation code; start again"
		sv = "inloggningen slutfördes inte: identitetsleverantören skickade ingen auktoriseringskod; börja om"
	case CodeExchange:
		en = "the login was not completed: the identity provider did not accept the authorisation code; start again"
		sv = "inloggningen slutfördes inte: identitetsleverantören godtog inte auktoriseringskoden; börja om"
	case CodeToken:
		en = "the login was not completed: the identity provider's answer could not be verified"
		sv = "inloggningen slutfördes inte: identitetsleverantörens svar kunde inte verifieras"
	case CodeExpired:
		en = "the login was not completed: the identity provider's answer has expired; start again"
		sv = "inloggningen slutfördes inte: identitetsleverantörens svar har gått ut; börja om"
	case CodeNonce:
		en = "the login was not completed: the identity provider's answer belongs to another login; start again"
		sv = "inloggningen slutfördes inte: identitetsleverantörens svar hör till en annan inloggning; börja om"
	case CodeClaim:
		en = "the login was not completed: the identity provider did not say who you are"
		sv = "inloggningen slutfördes inte: identitetsleverantören uppgav inte vem du är"
	case CodeUnverified:
		en = "the login was not completed: the identity provider has not verified your email address"
		sv = "inloggningen slutfördes inte: identitetsleverantören har inte verifierat din e-postadress"
	default:
		code = CodeInternal
		en = "the login was not completed: an internal error occurred"
		sv = "inloggningen slutfördes inte: ett internt fel uppstod"
	}
	return &Error{Code: code, Message: en, Swedish: sv, Err: err}
}
