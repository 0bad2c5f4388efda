package loadbench_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// getter is one load client.
type getter interface {
	get(path string) (status int, body []byte, err error)
	close()
}

// clients makes n load clients: raw ones, or with ANSLAG_BENCH_CLIENT=net/http
// ones on net/http's client (as before session 8), for comparison.
func (s *serverProc) clients(n int) []getter {
	out := make([]getter, n)
	if os.Getenv("ANSLAG_BENCH_CLIENT") == "net/http" {
		tr := &http.Transport{MaxIdleConns: n, MaxIdleConnsPerHost: n, IdleConnTimeout: time.Minute}
		for i := range out {
			out[i] = netClient{&http.Client{Transport: tr, Timeout: time.Minute}, s.base, s.token}
		}
		return out
	}
	for i := range out {
		out[i] = &rawClient{addr: strings.TrimPrefix(s.base, "http://"), token: s.token}
	}
	return out
}

// netClient is a load client on net/http's client.
type netClient struct {
	c           *http.Client
	base, token string
}

func (n netClient) get(path string) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, n.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+n.token)
	req.Header.Set("Accept-Encoding", "gzip") // so the transport decompresses nothing
	resp, err := n.c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		return resp.StatusCode, body, nil
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil, err
}

func (n netClient) close() { n.c.CloseIdleConnections() }

// rawClient is one load client: a kept-alive HTTP/1.1 connection that
// sends GET requests and reads each answer whole, into no buffer. The
// clients share the server's two cores, so each microsecond they spend is
// taken from the server being measured: net/http's client spent about as
// much per request as the server did on a cached answer (two goroutines
// per connection, a header map per answer). This one parses no more than
// the status, Content-Length, chunking and Connection headers.
type rawClient struct {
	addr, token string
	conn        net.Conn
	r           *bufio.Reader
	req         []byte
}

// get sends GET path and reads the answer, returning its status and, for
// any status but 200, up to 4 kB of its body to show in a failure. It asks
// for gzip, as browsers and HTTP libraries do, and decompresses nothing: a
// real client does that on its own processor, not on the server's cores.
func (c *rawClient) get(path string) (int, []byte, error) {
	if c.conn == nil {
		conn, err := net.Dial("tcp", c.addr)
		if err != nil {
			return 0, nil, err
		}
		c.conn, c.r = conn, bufio.NewReaderSize(conn, 16<<10)
	}
	c.req = append(c.req[:0], "GET "...)
	c.req = append(c.req, path...)
	c.req = append(c.req, " HTTP/1.1\r\nHost: "...)
	c.req = append(c.req, c.addr...)
	c.req = append(c.req, "\r\nAuthorization: Bearer "...)
	c.req = append(c.req, c.token...)
	c.req = append(c.req, "\r\nAccept-Encoding: gzip\r\n\r\n"...)
	if _, err := c.conn.Write(c.req); err != nil {
		c.close()
		return 0, nil, err
	}
	status, body, err := c.read()
	if err != nil {
		c.close()
	}
	return status, body, err
}

func (c *rawClient) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

// read reads one answer: the status line, the headers and the body.
func (c *rawClient) read() (int, []byte, error) {
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return 0, nil, fmt.Errorf("status line: %w", err)
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, nil, fmt.Errorf("status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, nil, fmt.Errorf("status line %q", line)
	}
	length, chunked, closing := int64(-1), false, false
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return 0, nil, fmt.Errorf("header: %w", err)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil {
				return 0, nil, fmt.Errorf("Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			closing = bytes.EqualFold(value, []byte("close"))
		}
	}
	var body io.Writer = io.Discard
	var kept bytes.Buffer
	if status != 200 {
		body = &limitedWriter{&kept, 4 << 10}
	}
	switch {
	case chunked:
		err = c.chunks(body)
	case length >= 0:
		_, err = io.CopyN(body, c.r, length)
	default:
		return status, nil, errors.New("an answer with neither Content-Length nor chunks")
	}
	if err != nil {
		return status, nil, fmt.Errorf("body: %w", err)
	}
	if closing {
		c.close()
	}
	return status, kept.Bytes(), nil
}

// chunks reads a chunked body to its end.
func (c *rawClient) chunks(w io.Writer) error {
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(";"))
		n, err := strconv.ParseInt(string(size), 16, 64)
		if err != nil {
			return fmt.Errorf("chunk size %q", line)
		}
		if _, err := io.CopyN(w, c.r, n); err != nil {
			return err
		}
		if _, err := c.r.Discard(2); err != nil { // the chunk's CRLF
			return err
		}
		if n == 0 {
			return nil // no trailers are sent
		}
	}
}

// limitedWriter keeps the first n bytes written to it.
type limitedWriter struct {
	buf *bytes.Buffer
	n   int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if room := l.n - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
