package openaift

// #include <stdlib.h>
// #include "glue.h"
import "C"

import (
	"context"
	"runtime/cgo"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// LogLevel is a library log level (oft_log_level).
type LogLevel int

// Log levels; LogDefault takes the level from OPENAI_LOG, then OFT_LOG_LEVEL.
const (
	LogDefault LogLevel = 0
	LogOff     LogLevel = -1
	LogError   LogLevel = C.OFT_LOG_ERROR
	LogWarn    LogLevel = C.OFT_LOG_WARN
	LogInfo    LogLevel = C.OFT_LOG_INFO
	LogDebug   LogLevel = C.OFT_LOG_DEBUG
)

// Options configure a Client: the fields of oft_client_options. The zero
// value takes everything from the environment and the library's defaults.
type Options struct {
	APIKey       string // "": OPENAI_API_KEY
	AdminKey     string // "": OPENAI_ADMIN_KEY, else APIKey (checkpoint permissions)
	Organization string // "": OPENAI_ORG_ID
	Project      string // "": OPENAI_PROJECT_ID
	BaseURL      string // "": OPENAI_BASE_URL, else https://api.openai.com/v1

	Timeout           time.Duration // one attempt; 0: 600 s
	ConnectTimeout    time.Duration // 0: 5 s
	MaxRetries        *int          // retries after the first attempt; nil: 2; 0 disables them
	InitialRetryDelay time.Duration // 0: 500 ms
	MaxRetryDelay     time.Duration // 0: 8 s
	RetryAfterCap     time.Duration // largest Retry-After honoured; 0: 120 s

	Headers          map[string]string // sent with every request
	UserAgentSuffix  string
	CAFile, CAPath   string // TLS verification is always on
	IdempotencyKeys  bool   // an Idempotency-Key on POSTs, the same on each retry
	MaxResponseBytes int64  // largest body held in memory; 0: 64 MiB

	// Logger receives the library's log lines (never a key). It may be
	// called from the library's upload threads. nil: lines at a level from
	// the environment go to standard error.
	Logger   func(level LogLevel, message string)
	LogLevel LogLevel
}

// Client is one libopenai_ft client. Its methods may be called from several
// goroutines; they run one at a time.
type Client struct {
	mu   sync.Mutex
	c    *C.oft_client // nil once closed
	opts Options
	log  *logSink
	logH cgo.Handle
}

// logSink receives the library's log lines (through a cgo.Handle).
type logSink struct {
	logger func(LogLevel, string)
	off    bool // LogOff: lines are dropped whatever the environment says
	mu     sync.Mutex
	bootup bool // a client is being created: its failure is oft_error_last()'s
}

// NewClient creates a client from opts. A missing API key, a malformed base
// URL or header is an *Error with Status ErrInvalid naming the option.
func NewClient(opts Options) (*Client, error) {
	cl := &Client{opts: opts, log: &logSink{logger: opts.Logger, off: opts.LogLevel == LogOff}}
	cl.logH = cgo.NewHandle(cl.log)
	c, err := newCClient(&cl.opts, cl.log, cl.logH)
	if err != nil {
		cl.logH.Delete()
		return nil, err
	}
	cl.c = c
	return cl, nil
}

// Close frees the C client. Calls made after it return ErrClosed.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c == nil {
		return nil
	}
	C.oft_client_free(c.c)
	c.c = nil
	c.logH.Delete()
	return nil
}

// BaseURL is the base URL in use (no trailing slash).
func (c *Client) BaseURL() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c == nil {
		return ""
	}
	return C.GoString(C.oft_client_base_url(c.c))
}

// cstrings are the C copies of one call's strings, freed together. A string
// with a NUL byte cannot cross into C whole: the first is the call's error.
type cstrings struct {
	list []*C.char
	err  error
}

// add copies an optional string: "" is NULL (the library's default).
func (s *cstrings) add(name, v string) *C.char {
	if v == "" {
		return nil
	}
	return s.must(name, v)
}

// must copies a string even when empty, so that the library names it.
func (s *cstrings) must(name, v string) *C.char {
	if strings.IndexByte(v, 0) >= 0 && s.err == nil {
		s.err = &Error{Status: ErrInvalid, RetryAfter: -1, Message: name + ": contains a NUL byte"}
	}
	p := C.CString(v)
	s.list = append(s.list, p)
	return p
}

func (s *cstrings) free() {
	for _, p := range s.list {
		C.free(unsafe.Pointer(p))
	}
	s.list = nil
}

func millis(d time.Duration) C.long { return C.long(d / time.Millisecond) }

func newCClient(o *Options, sink *logSink, h cgo.Handle) (*C.oft_client, error) {
	if o.MaxResponseBytes < 0 {
		return nil, &Error{Status: ErrInvalid, RetryAfter: -1,
			Message: "MaxResponseBytes: must not be negative"}
	}
	var co C.oft_client_options
	if rc := C.oft_client_options_init(&co, C.OFT_CLIENT_OPTIONS_VERSION); rc != C.OFT_OK {
		return nil, errorFrom(rc, nil)
	}
	var strs cstrings
	defer strs.free()
	co.api_key = strs.add("api_key", o.APIKey)
	co.admin_key = strs.add("admin_key", o.AdminKey)
	co.organization = strs.add("organization", o.Organization)
	co.project = strs.add("project", o.Project)
	co.base_url = strs.add("base_url", o.BaseURL)
	co.timeout_ms = millis(o.Timeout)
	co.connect_timeout_ms = millis(o.ConnectTimeout)
	if o.MaxRetries != nil {
		co.max_retries = C.int(*o.MaxRetries)
	}
	co.initial_retry_delay_ms = millis(o.InitialRetryDelay)
	co.max_retry_delay_ms = millis(o.MaxRetryDelay)
	co.retry_after_cap_ms = millis(o.RetryAfterCap)
	co.user_agent_suffix = strs.add("user_agent_suffix", o.UserAgentSuffix)
	co.ca_file = strs.add("ca_file", o.CAFile)
	co.ca_path = strs.add("ca_path", o.CAPath)
	if o.IdempotencyKeys {
		co.idempotency_keys = 1
	}
	co.max_response_bytes = C.size_t(o.MaxResponseBytes)
	if o.LogLevel > 0 {
		co.log_level = C.int(o.LogLevel)
	}
	kv, n := kvArray("headers", o.Headers, &strs)
	defer C.free(unsafe.Pointer(kv))
	co.headers, co.headers_count = kv, n
	if strs.err != nil {
		return nil, strs.err
	}

	sink.mu.Lock()
	sink.bootup = true
	sink.mu.Unlock()
	var c *C.oft_client
	var cerr *C.oft_error
	rc := C.goft_client_new(&c, &co, C.uintptr_t(h), &cerr)
	sink.mu.Lock()
	sink.bootup = false
	sink.mu.Unlock()
	if rc != C.OFT_OK {
		return nil, errorFrom(rc, cerr) // the reason: oft_error_last()
	}
	return c, nil
}

// call runs one library call on the C client, holding the client, with ctx
// wired to oft_client_interrupt. fn makes the cgo call and returns its status
// and the copy of the error it made.
func (c *Client) call(ctx context.Context, fn func(*C.oft_client, **C.oft_error) C.int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c == nil {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return &Error{Status: ErrInterrupted, RetryAfter: -1, cause: context.Cause(ctx),
			Message: "not started: " + context.Cause(ctx).Error()}
	}
	cc := c.c
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		C.oft_client_interrupt(cc)
		close(interrupted)
	})
	var cerr *C.oft_error
	rc := fn(cc, &cerr)
	if !stop() {
		// The interrupt was made: it must be over before anything may free
		// the client, and when it came too late to stop this call it would
		// stop the next one, so the client is replaced by a fresh one.
		<-interrupted
		if rc != C.OFT_EINTERRUPTED {
			c.renew()
		}
	}
	if rc == C.OFT_OK {
		return nil
	}
	e := errorFrom(rc, cerr)
	if rc == C.OFT_EINTERRUPTED && ctx.Err() != nil {
		e.cause = context.Cause(ctx)
	}
	return e
}

// renew replaces the C client by a new one with the same options (the old
// one holds an interrupt meant for a call that had already finished).
func (c *Client) renew() {
	fresh, err := newCClient(&c.opts, c.log, c.logH)
	C.oft_client_free(c.c)
	c.c = fresh
	if err != nil {
		// It was created with these options once: only memory can fail now.
		c.c = nil
		c.logH.Delete()
	}
}
