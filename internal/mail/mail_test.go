package mail_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	anslagmail "github.com/anslag/anslag/internal/mail"
)

func TestCompose(t *testing.T) {
	m := anslagmail.Message{To: []string{"a@b.example"}, Subject: "Påminnelse: redovisning förfaller 2018-03-31 / Reminder",
		Text: "Hej!\nÅtta öre.\n"}
	raw, err := anslagmail.Compose("anslag@c.example", m, time.Date(2018, 3, 1, 8, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil || subj != m.Subject {
		t.Errorf("subject %q, %v", subj, err)
	}
	if strings.ContainsAny(msg.Header.Get("Subject"), "åö") {
		t.Error("the subject header must be ASCII (encoded words)")
	}
	if !bytes.Contains(raw, []byte("Hej!\r\n")) || bytes.Contains(raw, []byte("Hej!\n")) {
		t.Error("lines must end in CRLF")
	}
	for _, bad := range []anslagmail.Message{
		{To: []string{"a@b.example"}, Subject: "x\r\nBcc: evil@example.com"},
		{To: []string{"a@b.example\nBcc: evil@example.com"}, Subject: "x"},
		{Subject: "no recipient"},
	} {
		if _, err := anslagmail.Compose("anslag@c.example", bad, time.Now()); err == nil {
			t.Errorf("composed %+v", bad)
		}
	}
}

// authBackend is a real SMTP server that wants PLAIN authentication.
type authBackend struct {
	mu  sync.Mutex
	got []string
}

type authSession struct {
	b    *authBackend
	user string
}

func (s *authSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *authSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "anslag" || pass != "hemligt" {
			return errors.New("bad credentials")
		}
		s.user = user
		return nil
	}), nil
}
func (s *authSession) Reset()        {}
func (s *authSession) Logout() error { return nil }
func (s *authSession) Mail(string, *smtp.MailOptions) error {
	if s.user == "" {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (s *authSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *authSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.b.mu.Lock()
	s.b.got = append(s.b.got, string(b))
	s.b.mu.Unlock()
	return err
}

func TestSendAuthenticates(t *testing.T) {
	b := &authBackend{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &authSession{b: b}, nil }))
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	m := anslagmail.Message{To: []string{"lena@kronoberg.example"}, Subject: "Påminnelse", Text: "Hej"}
	for _, tc := range []struct {
		user, password string
		ok             bool
	}{{"anslag", "fel", false}, {"", "", false}, {"anslag", "hemligt", true}} {
		s, err := anslagmail.New(anslagmail.Config{Addr: ln.Addr().String(), From: "anslag@c.example", User: tc.user, Password: tc.password, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Send(context.Background(), m); (err == nil) != tc.ok {
			t.Errorf("user %q password %q: %v", tc.user, tc.password, err)
		}
	}
	if len(b.got) != 1 || !strings.Contains(b.got[0], "To: lena@kronoberg.example") {
		t.Errorf("delivered: %q", b.got)
	}
	if _, err := anslagmail.New(anslagmail.Config{Addr: "no-port", From: "a@b.example"}); err == nil {
		t.Error("an address without a port was accepted")
	}
}
