package remind_test

import (
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/emersion/go-smtp"
)

// received is one message as the SMTP server got it, decoded.
type received struct {
	From    string
	To      []string
	Subject string
	Body    string
	Header  mail.Header
}

// smtpServer is a real SMTP server on the loopback that keeps what it is
// sent; refuse makes it turn every message away at DATA.
type smtpServer struct {
	Addr   string
	refuse atomic.Bool
	mu     sync.Mutex
	got    []received
	t      testing.TB
}

func startSMTP(t testing.TB) *smtpServer {
	t.Helper()
	s := &smtpServer{t: t}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{srv: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

type session struct {
	srv  *smtpServer
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if x.srv.refuse.Load() {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 3, 0}, Message: "refused for the test"}
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		x.srv.t.Errorf("not a mail message: %v\n%s", err, raw)
		return err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		x.srv.t.Errorf("subject: %v", err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		x.srv.t.Errorf("body: %v", err)
	}
	x.srv.mu.Lock()
	x.srv.got = append(x.srv.got, received{From: x.from, To: append([]string(nil), x.to...), Subject: subject, Body: string(body), Header: m.Header})
	x.srv.mu.Unlock()
	return nil
}
