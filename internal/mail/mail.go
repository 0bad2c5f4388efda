// Package mail sends e-mail through an SMTP server: one plain-text UTF-8
// message at a time, with STARTTLS and PLAIN authentication when asked.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Config says which server to send through and as whom.
type Config struct {
	Addr     string // host:port
	From     string // the sender's address
	User     string // "" sends without authentication
	Password string
	StartTLS bool // upgrade the connection before authenticating
	// TLS configures STARTTLS; nil verifies the server's certificate
	// against the system roots for the host of Addr.
	TLS *tls.Config
	// Timeout bounds one message's whole conversation; 0 means 30 seconds.
	Timeout time.Duration
}

// Message is one e-mail to one or more recipients.
type Message struct {
	To      []string
	Subject string
	Text    string // the body, plain text
}

// Sender sends messages through one SMTP server. It holds no connection
// between messages: reminders are few and hours apart.
type Sender struct {
	cfg Config
}

// New checks cfg and makes a Sender.
func New(cfg Config) (*Sender, error) {
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		return nil, fmt.Errorf("smtp address %q: expected host:port: %w", cfg.Addr, err)
	}
	if _, err := mail.ParseAddress(cfg.From); err != nil {
		return nil, fmt.Errorf("smtp sender %q: %w", cfg.From, err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Sender{cfg: cfg}, nil
}

// Send delivers m; an error means the server did not accept it.
func (s *Sender) Send(ctx context.Context, m Message) error {
	body, err := Compose(s.cfg.From, m, time.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("smtp connect %s: %w", s.cfg.Addr, err)
	}
	// The deadline holds the whole conversation to ctx, since the SMTP
	// client's calls take none.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	var c *smtp.Client
	if s.cfg.StartTLS {
		tc := s.cfg.TLS
		if tc == nil {
			host, _, _ := net.SplitHostPort(s.cfg.Addr)
			tc = &tls.Config{ServerName: host}
		}
		if c, err = smtp.NewClientStartTLS(conn, tc); err != nil {
			conn.Close()
			return fmt.Errorf("smtp starttls %s: %w", s.cfg.Addr, err)
		}
	} else {
		c = smtp.NewClient(conn)
	}
	defer c.Close()
	if s.cfg.User != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.cfg.User, s.cfg.Password)); err != nil {
			return fmt.Errorf("smtp auth as %s: %w", s.cfg.User, err)
		}
	}
	if err := c.SendMail(s.cfg.From, m.To, bytes.NewReader(body)); err != nil {
		return fmt.Errorf("smtp send to %s: %w", strings.Join(m.To, ", "), err)
	}
	if err := c.Quit(); err != nil {
		return fmt.Errorf("smtp quit: %w", err)
	}
	return nil
}

// Compose renders m as a MIME message: UTF-8 text, quoted-printable, the
// subject encoded for non-ASCII letters (å, ä, ö).
func Compose(from string, m Message, now time.Time) ([]byte, error) {
	if len(m.To) == 0 {
		return nil, fmt.Errorf("compose: no recipient")
	}
	for _, v := range append([]string{from, m.Subject}, m.To...) {
		if strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("compose: a header value contains a line break: %q", v)
		}
	}
	var id [12]byte
	rand.Read(id[:])
	_, domain, _ := strings.Cut(from, "@")
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", from)
	fmt.Fprintf(&b, "To: %s\r\n", strings.Join(m.To, ", "))
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", now.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id[:]), strings.Trim(domain, "<>"))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	w := quotedprintable.NewWriter(&b)
	text := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n")
	if _, err := w.Write([]byte(text)); err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	return b.Bytes(), nil
}
