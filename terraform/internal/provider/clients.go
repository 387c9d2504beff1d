package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

var httpURL = regexp.MustCompile(`^https?://`)

// clientPool holds the provider's client. Terraform runs operations in
// parallel (a create may wait for minutes): the binding's Client serves them
// at once, each call on a C client of its own pool.
type clientPool struct {
	client       *openaift.Client
	pollInterval time.Duration // 0: the library's default
}

// newClientPool checks the options by making the client.
func newClientPool(opts openaift.Options, pollInterval time.Duration) (*clientPool, error) {
	c, err := openaift.NewClient(opts)
	if err != nil {
		return nil, err
	}
	return &clientPool{client: c, pollInterval: pollInterval}, nil
}

// librarySubsystem names the library's lines in the provider's log.
const librarySubsystem = "libopenai_ft"

// libraryLog sends libopenai_ft's lines (its requests: method, path, status,
// time and request ID; its retries; never a key) to the provider's log
// through tflog, at the level the user asked Terraform for (TF_LOG_PROVIDER,
// else TF_LOG): the library formats no line that would be dropped. ctx is
// the Configure call's; the lines go to a subsystem of its logger, which
// does not carry that call's fields (they come from every later call).
func libraryLog(ctx context.Context) (func(openaift.LogLevel, string), openaift.LogLevel) {
	ctx = tflog.NewSubsystem(ctx, librarySubsystem)
	logger := func(level openaift.LogLevel, msg string) {
		switch level {
		case openaift.LogError:
			tflog.SubsystemError(ctx, librarySubsystem, msg)
		case openaift.LogWarn:
			tflog.SubsystemWarn(ctx, librarySubsystem, msg)
		case openaift.LogInfo:
			tflog.SubsystemInfo(ctx, librarySubsystem, msg)
		default:
			tflog.SubsystemDebug(ctx, librarySubsystem, msg)
		}
	}
	return logger, libraryLevel(os.Getenv("TF_LOG_PROVIDER"), os.Getenv("TF_LOG"))
}

// libraryLevel is the library's level for Terraform's log level (provider,
// else general): off when Terraform logs nothing.
func libraryLevel(provider, general string) openaift.LogLevel {
	level := provider
	if level == "" {
		level = general
	}
	switch strings.ToUpper(level) {
	case "TRACE", "JSON", "DEBUG":
		return openaift.LogDebug
	case "INFO":
		return openaift.LogInfo
	case "WARN":
		return openaift.LogWarn
	case "ERROR":
		return openaift.LogError
	}
	return openaift.LogOff
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
	{
		switch {
		case errors.Is(err, openaift.ErrAuth):
			detail += "\n\nCheck the provider's api_key (or OPENAI_API_KEY), and admin_key " +
				"(or OPENAI_ADMIN_KEY) for checkpoint permissions."
		case errors.Is(err, openaift.ErrPermission):
			detail += "\n\nThe key lacks the permission; checkpoint permissions need an admin key " +
				"(admin_key or OPENAI_ADMIN_KEY)."
		case errors.Is(err, openaift.ErrNetwork):
			detail += "\n\nCheck base_url (or OPENAI_BASE_URL) and the network."
		}
	}
	diags.AddError(fmt.Sprintf("Could not %s", what), detail)
}

// withClient runs fn with the provider's client.
func (p *clientPool) withClient(_ *diag.Diagnostics, fn func(*openaift.Client)) {
	fn(p.client)
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
