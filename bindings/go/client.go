package openaift

// #include <stdlib.h>
// #include "glue.h"
import "C"

import (
	"context"
	"errors"
	"runtime/cgo"
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
	// called from the library's upload threads, and from several goroutines
	// at once (one per call under way). nil: lines at a level from
	// the environment go to standard error.
	Logger   func(level LogLevel, message string)
	LogLevel LogLevel
}

// Client is a libopenai_ft client for Go: safe for concurrent use. It holds
// a pool of C clients (oft_client), one per call under way, made as calls
// need them and kept idle afterwards for their open connections, as an
// http.Client keeps its connections. Close frees them.
type Client struct {
	opts Options
	log  *logSink
	logH cgo.Handle

	mu     sync.Mutex
	idle   []*C.oft_client
	busy   int
	made   int // C clients made (the tests count them)
	closed bool
}

// logSink receives the library's log lines (through a cgo.Handle).
type logSink struct {
	logger func(LogLevel, string)
	off    bool // LogOff: lines are dropped whatever the environment says
	mu     sync.Mutex
	bootup bool // NewClient is making its first C client: its failure is oft_error_last()'s
}

// NewClient creates a client from opts, making its first C client so that
// a bad option is an error here. A missing API key, a malformed base URL or
// header is an *APIError matching ErrInvalid whose message names the option.
func NewClient(opts Options) (*Client, error) {
	cl := &Client{opts: opts, log: &logSink{logger: opts.Logger, off: opts.LogLevel == LogOff}}
	cl.logH = cgo.NewHandle(cl.log)
	c, err := newCClient(&cl.opts, cl.log, cl.logH, true)
	if err != nil {
		cl.logH.Delete()
		return nil, err
	}
	cl.idle, cl.made = []*C.oft_client{c}, 1
	return cl, nil
}

// Close frees the idle C clients, and each busy one as its call ends. Calls
// made after it return ErrClosed. Closing twice is harmless.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	for _, cc := range c.idle {
		C.oft_client_free(cc)
	}
	c.idle = nil
	if c.busy == 0 {
		c.logH.Delete()
	}
	return nil
}

// BaseURL is the base URL in use (no trailing slash); "" once closed.
func (c *Client) BaseURL() string {
	cc, err := c.acquire()
	if err != nil {
		return ""
	}
	defer c.release(cc)
	return C.GoString(C.oft_client_base_url(cc))
}

// acquire lends a C client of the pool, making one when none is idle.
func (c *Client) acquire() (*C.oft_client, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	c.busy++
	if n := len(c.idle); n > 0 {
		cc := c.idle[n-1]
		c.idle = c.idle[:n-1]
		c.mu.Unlock()
		return cc, nil
	}
	c.mu.Unlock()
	cc, err := newCClient(&c.opts, c.log, c.logH, false)
	if err != nil {
		c.release(nil)
		return nil, err
	}
	c.mu.Lock()
	c.made++
	c.mu.Unlock()
	return cc, nil
}

// release gives back a C client that acquire lent (nil: none was made).
func (c *Client) release(cc *C.oft_client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.busy--
	if c.closed {
		if cc != nil {
			C.oft_client_free(cc)
		}
		if c.busy == 0 {
			c.logH.Delete()
		}
		return
	}
	if cc != nil {
		c.idle = append(c.idle, cc)
	}
}

func millis(d time.Duration) C.int64_t { return C.int64_t(d / time.Millisecond) }

// newCClient makes a C client with the options; first: the client NewClient
// makes, whose failure is reported as an error only (not logged too).
func newCClient(o *Options, sink *logSink, h cgo.Handle, first bool) (*C.oft_client, error) {
	if o.MaxResponseBytes < 0 {
		return nil, &APIError{Err: ErrInvalid, RetryAfter: -1,
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

	if first {
		sink.mu.Lock()
		sink.bootup = true
		sink.mu.Unlock()
	}
	var c *C.oft_client
	var cerr *C.oft_error
	rc := C.goft_client_new(&c, &co, C.uintptr_t(h), &cerr)
	if first {
		sink.mu.Lock()
		sink.bootup = false
		sink.mu.Unlock()
	}
	if rc != C.OFT_OK {
		return nil, errorFrom(rc, cerr) // the reason: oft_error_last()
	}
	return c, nil
}

// call runs one library call on a C client of the pool; see run.
func (c *Client) call(ctx context.Context, fn func(*C.oft_client, **C.oft_error) C.int) error {
	if err := notStarted(ctx); err != nil {
		return err
	}
	cc, err := c.acquire()
	if err != nil {
		return err
	}
	defer c.release(cc)
	return run(ctx, cc, fn)
}

// notStarted is the error of a call whose context is done before it starts.
func notStarted(ctx context.Context) error {
	if ctx.Err() == nil {
		return nil
	}
	return ctxError(ctx, "not started")
}

// ctxError is the error of a call that ctx stopped: ErrTimeout past its
// deadline, else ErrInterrupted; both wrap the context's cause.
func ctxError(ctx context.Context, what string) *APIError {
	cause := context.Cause(ctx)
	e := &APIError{Err: ErrInterrupted, RetryAfter: -1, cause: cause,
		Message: what + ": " + cause.Error()}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		e.Err = ErrTimeout
	}
	return e
}

// run makes one library call on cc, which the caller holds, with ctx wired
// to oft_client_interrupt: fn makes the cgo call and returns its status
// (and, when it made one, the copy of the error). An interrupt that came too
// late to stop the call would stop the next one on cc: it is dropped with
// oft_client_interrupt_clear once it is over, so cc is reused as it is.
func run(ctx context.Context, cc *C.oft_client, fn func(*C.oft_client, **C.oft_error) C.int) error {
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		C.oft_client_interrupt(cc)
		close(interrupted)
	})
	var cerr *C.oft_error
	rc := fn(cc, &cerr)
	if !stop() {
		<-interrupted
		C.oft_client_interrupt_clear(cc)
	}
	if rc == C.OFT_OK || rc == C.OFT_ITEROVER {
		if cerr != nil {
			C.oft_error_free(cerr)
		}
		return nil
	}
	if cerr == nil && C.oft_error_dup(&cerr, C.oft_client_last_error(cc)) != C.OFT_OK {
		cerr = nil
	}
	e := errorFrom(rc, cerr)
	if rc == C.OFT_EINTERRUPTED && ctx.Err() != nil {
		ce := ctxError(ctx, e.Message)
		ce.Message = e.Message
		return ce
	}
	return e
}
