package provider

import "testing"

func TestIsSnapshotOf(t *testing.T) {
	for _, c := range []struct {
		model, alias string
		want         bool
	}{
		{"gpt-4o-mini-2024-07-18", "gpt-4o-mini", true},
		{"gpt-3.5-turbo-0125", "gpt-3.5-turbo", true},
		{"gpt-4o-mini", "gpt-4o-mini", true},
		{"gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18", true},
		{"gpt-4o-2024-08-06", "gpt-4o-mini", false},
		{"gpt-4o-mini-2024-07-18", "gpt-4o", false},
		{"gpt-4o-mini-preview", "gpt-4o-mini", false},
		{"ft:gpt-4o-mini-2024-07-18:org::abc", "gpt-4o-mini", false},
		{"gpt-4o-mini-2024-07", "gpt-4o-mini", false},
	} {
		if got := isSnapshotOf(c.model, c.alias); got != c.want {
			t.Errorf("isSnapshotOf(%q, %q) = %v, want %v", c.model, c.alias, got, c.want)
		}
	}
}
