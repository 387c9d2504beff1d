package provider

import (
	"fmt"
	"log"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

var httpURL = regexp.MustCompile(`^https?://`)

// clientPool lends libopenai_ft clients to resource operations. A client
// serves one call at a time and Terraform runs operations in parallel (a
// create may wait for minutes), so each operation takes its own; idle ones
// are kept for their open connections.
type clientPool struct {
	opts         openaift.Options
	pollInterval time.Duration // 0: the library's default

	mu   sync.Mutex
	idle []*openaift.Client
}

// newClientPool checks the options by making the first client.
func newClientPool(opts openaift.Options, pollInterval time.Duration) (*clientPool, error) {
	c, err := openaift.NewClient(opts)
	if err != nil {
		return nil, err
	}
	return &clientPool{opts: opts, pollInterval: pollInterval, idle: []*openaift.Client{c}}, nil
}

// get lends a client; give it back with put.
func (p *clientPool) get() (*openaift.Client, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	p.mu.Unlock()
	return openaift.NewClient(p.opts)
}

func (p *clientPool) put(c *openaift.Client) {
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

// libraryLog sends libopenai_ft's lines to the plugin log (TF_LOG).
func libraryLog(level openaift.LogLevel, msg string) {
	tag := map[openaift.LogLevel]string{openaift.LogError: "ERROR", openaift.LogWarn: "WARN",
		openaift.LogInfo: "INFO"}[level]
	if tag == "" {
		tag = "DEBUG"
	}
	log.Printf("[%s] libopenai_ft: %s", tag, msg)
}

// providerAttributes are the settings a client error may be about.
var providerAttributes = map[string]string{"api_key": "api_key", "admin_key": "admin_key",
	"base_url": "base_url", "organization": "organization", "project": "project"}

// addClientError reports a client that could not be made from the settings.
func addClientError(diags *diag.Diagnostics, err error) {
	detail := err.Error()
	for prefix, attr := range providerAttributes {
		if strings.HasPrefix(detail, prefix+":") {
			diags.AddAttributeError(path.Root(attr), "Invalid provider configuration", detail)
			return
		}
	}
	diags.AddError("Invalid provider configuration", detail)
}

// addAPIError reports a failed API call: what was being done, the server's
// answer and a hint for the usual causes.
func addAPIError(diags *diag.Diagnostics, what string, err error) {
	detail := err.Error()
	if e, ok := err.(*openaift.Error); ok {
		switch e.Status {
		case openaift.ErrAuth:
			detail += "\n\nCheck the provider's api_key (or OPENAI_API_KEY), and admin_key " +
				"(or OPENAI_ADMIN_KEY) for checkpoint permissions."
		case openaift.ErrPermission:
			detail += "\n\nThe key lacks the permission; checkpoint permissions need an admin key " +
				"(admin_key or OPENAI_ADMIN_KEY)."
		case openaift.ErrNetwork:
			detail += "\n\nCheck base_url (or OPENAI_BASE_URL) and the network."
		}
	}
	diags.AddError(fmt.Sprintf("Could not %s", what), detail)
}

// withClient runs fn with a client of the pool, reporting a failure to get one.
func (p *clientPool) withClient(diags *diag.Diagnostics, fn func(*openaift.Client)) {
	c, err := p.get()
	if err != nil {
		addClientError(diags, err)
		return
	}
	defer p.put(c)
	fn(c)
}

// poolFrom is the Configure of resources and data sources: the pool the
// provider made, or nil while the provider is not configured yet.
func poolFrom(providerData any, diags *diag.Diagnostics) *clientPool {
	if providerData == nil {
		return nil
	}
	p, ok := providerData.(*clientPool)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("got %T, want *clientPool", providerData))
		return nil
	}
	return p
}
