//go:build e2e

package e2e

import (
	"strings"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// Bad arguments are refused at plan time, naming the attribute, before any
// request.
func TestBadArgumentsRefusedAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t)
	w := newWorkspace(t, tofu, "advanced", emu, "training_file=file-x", "validation_file=file-y")
	for attr, override := range map[string]string{
		"suffix": `suffix = "` + strings.Repeat("s", 65) + `"`,
		"learning_rate_multiplier": `hyperparameters {
  learning_rate_multiplier = 11
}`,
		"n_epochs": `hyperparameters {
  n_epochs = "many"
}`,
	} {
		w.write("bad_override.tf", "resource \"openai_fine_tuned_model\" \"advanced\" {\n"+override+"\n}\n")
		out := w.fails("plan", "-no-color")
		mustContain(t, out, "Error: Invalid Attribute Value", attr)
	}
	if reqs := apiRequests(t, emu, 0); len(reqs) != 0 {
		t.Fatalf("refused plans sent %v", reqs)
	}
}

// A wrong API key is a clear error that names the setting and never shows
// the key.
func TestWrongAPIKey(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, "--api-key", "sk-the-right-key")
	file := emu.Upload(t, "train.jsonl")
	w := newWorkspace(t, tofu, "simple", emu, "training_file="+file)
	const wrong = "sk-a-wrong-key-that-must-not-show"
	w.env = append(w.env, "OPENAI_API_KEY="+wrong)
	out := w.fails("apply", "-auto-approve", "-no-color")
	mustContain(t, out, "Could not create the fine-tuning job", "401", "Incorrect API key", "api_key")
	mustNotContain(t, out, wrong)
}

// Without any API key the provider's configuration is refused, naming api_key.
func TestMissingAPIKey(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t)
	w := newWorkspace(t, tofu, "simple", emu, "training_file=file-x")
	w.env = append(w.env, "OPENAI_API_KEY=")
	out := w.fails("plan", "-no-color")
	mustContain(t, out, "Invalid provider configuration", "api_key")
}
