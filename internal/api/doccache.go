package api

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/go-json-experiment/json"

	"github.com/anslag/anslag/internal/allocate"
)

// DocCacheBytes bounds the memory the cache of decided runs may hold. A
// national year's 30 runs of 311 explained lines take about 0.7 MB
// compressed, so this keeps some twenty years of them.
const DocCacheBytes = 16 << 20

// docCache keeps the encoded answers of documents that can no longer
// change (decided runs), gzip-compressed, so that serving one again costs
// a copy instead of reading 311 lines and writing 180 kB of JSON. The
// least recently served go first when the byte budget is spent.
type docCache struct {
	// writers are gzip writers to reuse: each new one allocates some
	// hundreds of kilobytes of compressor state, which at a warm-up of 600
	// documents doubled the heap the server started with.
	writers sync.Pool

	mu    sync.Mutex
	max   int
	size  int
	order *list.List // of *docEntry, most recently served first
	byKey map[docKey]*list.Element
}

type docKey struct {
	id   int64
	lang allocate.Lang
}

type docEntry struct {
	key     docKey
	version int64
	gz      []byte
}

func newDocCache(maxBytes int) *docCache {
	return &docCache{max: maxBytes, order: list.New(), byKey: map[docKey]*list.Element{}}
}

func (c *docCache) get(k docKey) (*docEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*docEntry), true
}

// fits reports whether n more bytes fit without pushing anything out.
func (c *docCache) fits(n int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size+n <= c.max
}

func (c *docCache) put(e *docEntry) {
	if len(e.gz) > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[e.key]; ok {
		c.size -= len(el.Value.(*docEntry).gz)
		c.order.Remove(el)
	}
	c.byKey[e.key] = c.order.PushFront(e)
	c.size += len(e.gz)
	for c.size > c.max {
		old := c.order.Remove(c.order.Back()).(*docEntry)
		delete(c.byKey, old.key)
		c.size -= len(old.gz)
	}
}

// encode encodes v as Write would and compresses it. The result is copied
// to its exact size: the buffer it grew in may be up to twice as large, and
// the cache counts, and keeps, what it holds.
func (c *docCache) encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := c.writers.Get().(*gzip.Writer)
	if zw == nil {
		var err error
		if zw, err = gzip.NewWriterLevel(&buf, gzip.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		zw.Reset(&buf)
	}
	if err := json.MarshalWrite(zw, v, json.Deterministic(true)); err != nil {
		return nil, fmt.Errorf("api: encode %T: %w", v, err)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	c.writers.Put(zw)
	return bytes.Clone(buf.Bytes()), nil
}

// writeGzipped answers 200 with a cached document and its ETag (or 304),
// compressed for a client that accepts gzip and expanded for one that
// does not.
func writeGzipped(w http.ResponseWriter, r *http.Request, e *docEntry) {
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	if NotModified(w, r, e.version) {
		return
	}
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(e.gz)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(e.gz)
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(e.gz))
	if err != nil {
		WriteError(w, r, fmt.Errorf("api: cached document: %w", err))
		return
	}
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, zr) // the client has gone if this fails; nothing to do
}

// acceptsGzip tells whether Accept-Encoding lists gzip without q=0.
func acceptsGzip(r *http.Request) bool {
	for _, h := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(h, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
