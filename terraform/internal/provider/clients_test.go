package provider

import (
	"testing"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// The library logs at the level Terraform logs the provider at: its own
// variable first, then TF_LOG; nothing when neither is set.
func TestLibraryLevel(t *testing.T) {
	for _, c := range []struct {
		provider, general string
		want              openaift.LogLevel
	}{
		{"", "", openaift.LogOff},
		{"", "off", openaift.LogOff},
		{"", "trace", openaift.LogDebug},
		{"", "JSON", openaift.LogDebug},
		{"", "DEBUG", openaift.LogDebug},
		{"", "info", openaift.LogInfo},
		{"", "WARN", openaift.LogWarn},
		{"", "error", openaift.LogError},
		{"warn", "debug", openaift.LogWarn},
		{"off", "debug", openaift.LogOff},
	} {
		if got := libraryLevel(c.provider, c.general); got != c.want {
			t.Errorf("libraryLevel(%q, %q) = %d, want %d", c.provider, c.general, got, c.want)
		}
	}
}
