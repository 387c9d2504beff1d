package provider

// The upstream provider's (mkdev-me/openai) settings beside ours: its names
// of the provider's arguments and environment variables work, with a
// deprecation warning that says what to write instead. Precedence, first
// set wins:
//
//	base URL      base_url, api_url, OPENAI_BASE_URL, OPENAI_API_URL, https://api.openai.com/v1
//	organization  organization, organization_id, OPENAI_ORG_ID, OPENAI_ORGANIZATION
//	timeout       timeout, OPENAI_TIMEOUT, 600 s (one attempt of a request)

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// maxTimeout is the longest timeout (seconds) the provider takes: a day.
const maxTimeout = 86400

// upstreamName is the deprecation message of an argument named as the
// upstream provider names it.
func upstreamName(upstream, ours string) string {
	return fmt.Sprintf("%q is the upstream provider's (mkdev-me/openai) name for %q: write %s instead. "+
		"Both work; %s will be removed in a future major version.", upstream, ours, ours, upstream)
}

// upstreamEnv reads an environment variable named as the upstream provider
// names it, used only when ours is unset: its value, with a warning.
func upstreamEnv(diags *diag.Diagnostics, upstream, ours, attr string) string {
	if os.Getenv(ours) != "" {
		return ""
	}
	v := os.Getenv(upstream)
	if v != "" {
		diags.AddWarning("Deprecated environment variable "+upstream,
			fmt.Sprintf("%s is the upstream provider's (mkdev-me/openai) name for %s: set %s instead "+
				"(or %s in the provider block). Both work; %s will be removed in a future major version.",
				upstream, ours, ours, attr, upstream))
	}
	return v
}

// applyUpstreamSettings completes opts (made from our arguments) with the
// upstream provider's arguments and environment variables, and the timeout.
func applyUpstreamSettings(m *providerModel, opts *openaift.Options, diags *diag.Diagnostics) {
	if opts.BaseURL == "" {
		opts.BaseURL = m.APIURL.ValueString()
	}
	if opts.BaseURL == "" {
		opts.BaseURL = upstreamEnv(diags, "OPENAI_API_URL", "OPENAI_BASE_URL", "base_url")
	}
	if opts.Organization == "" {
		opts.Organization = m.OrgID.ValueString()
	}
	if opts.Organization == "" {
		opts.Organization = upstreamEnv(diags, "OPENAI_ORGANIZATION", "OPENAI_ORG_ID", "organization")
	}
	seconds := m.Timeout.ValueInt64()
	if m.Timeout.IsNull() {
		if v := strings.TrimSpace(os.Getenv("OPENAI_TIMEOUT")); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1 || n > maxTimeout {
				diags.AddAttributeError(path.Root("timeout"), "Invalid OPENAI_TIMEOUT",
					fmt.Sprintf("OPENAI_TIMEOUT must be a whole number of seconds from 1 to %d, got %q.", maxTimeout, v))
				return
			}
			seconds = n
		}
	}
	opts.Timeout = time.Duration(seconds) * time.Second
}
