package importer

import (
	"bufio"
	"io"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// decoder turns SCB's encodings into UTF-8 as it streams: Statistikdatabasen
// offers UTF-8 (with or without a byte order mark) and, for Excel, ISO-8859-1
// or Windows-1252. It passes bytes through until the first non-ASCII one;
// if that starts a valid UTF-8 sequence the file is UTF-8, otherwise it is
// decoded as Windows-1252 (a superset of ISO-8859-1's printable range).
// A file mixing the two is read as UTF-8 and its invalid bytes fail later
// as unreadable text rather than silently becoming other letters.
type decoder struct {
	br   *bufio.Reader
	mode int // 0 undecided, 1 UTF-8, 2 Windows-1252
	cp   io.Reader
}

func newDecoder(r io.Reader) io.Reader {
	return &decoder{br: bufio.NewReaderSize(r, 64<<10)}
}

func (d *decoder) Read(p []byte) (int, error) {
	switch d.mode {
	case 1:
		return d.br.Read(p)
	case 2:
		return d.cp.Read(p)
	}
	if len(p) == 0 {
		return 0, nil
	}
	head, err := d.br.Peek(min(len(p), d.br.Size()))
	if len(head) == 0 {
		return 0, err
	}
	i := 0
	for i < len(head) && head[i] < utf8.RuneSelf {
		i++
	}
	if i > 0 { // the ASCII prefix is the same in every encoding
		n := copy(p, head[:i])
		d.br.Discard(n)
		return n, nil
	}
	seq, _ := d.br.Peek(utf8.UTFMax)
	if r, size := utf8.DecodeRune(seq); r != utf8.RuneError || size > 1 {
		d.mode = 1
	} else {
		d.mode = 2
		d.cp = charmap.Windows1252.NewDecoder().Reader(d.br)
	}
	return d.Read(p)
}

// CountingReader counts the bytes read through it, for progress reports
// from another goroutine.
type CountingReader struct {
	R io.Reader
	n atomic.Int64
}

func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// N is the number of bytes read so far.
func (c *CountingReader) N() int64 { return c.n.Load() }
