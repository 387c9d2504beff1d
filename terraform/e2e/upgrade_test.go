//go:build e2e

package e2e

import (
	"encoding/json"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// upstreamState is a state of one resource of resourceType as the upstream
// provider (mkdev-me/openai, SDKv2, schema version 0) wrote it: unset
// arguments as "" and 0.
func upstreamState(t *testing.T, resourceType, resourceName string, attrs map[string]any) string {
	state := map[string]any{
		"version": 4, "terraform_version": "1.5.7", "serial": 1,
		"lineage": "6c1e4d0e-1b7e-4d55-9d0a-0c5f1f2a3b4c", "outputs": map[string]any{},
		"resources": []any{map[string]any{
			"mode": "managed", "type": resourceType, "name": resourceName,
			"provider": `provider["registry.terraform.io/mkdev-me/openai"]`,
			"instances": []any{map[string]any{
				"schema_version": 0, "attributes": attrs, "sensitive_attributes": []any{},
				"private": "eyJzY2hlbWFfdmVyc2lvbiI6IjAifQ==", // {"schema_version":"0"}
			}},
		}},
	}
	b, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// State written by the upstream provider's version of the resource loads
// unchanged once its provider address is replaced (the documented migration):
// the next plan shows no change and a refresh fills the new attributes.
func TestUpstreamStateLoads(t *testing.T) {
	emu := emutest.Start(t, "--job-duration", "600")
	file := emu.Upload(t, "train.jsonl")
	create := func(body map[string]any) string {
		var j emutest.Job
		emu.Do(t, "POST", "/v1/fine_tuning/jobs", body, &j)
		return j.ID
	}
	cases := []struct {
		example, name string
		vars          []string
		attrs         map[string]any
	}{
		{"simple", "simple", []string{"training_file=" + file}, map[string]any{
			"id": create(map[string]any{"model": "gpt-3.5-turbo", "training_file": file}), "model": "gpt-3.5-turbo",
			"training_file": file, "validation_file": "", "suffix": "", "hyperparameters": []any{},
			"completion_window": 0, "created_at": 1764600000, "finished_at": 0, "fine_tuned_model": "",
			"status": "validating_files"}},
		{"advanced", "advanced", []string{"training_file=" + file, "validation_file=" + file}, map[string]any{
			"id": create(map[string]any{"model": "gpt-3.5-turbo", "training_file": file, "validation_file": file,
				"suffix": "custom-model-name", "hyperparameters": map[string]any{"n_epochs": 4, "batch_size": 8,
					"learning_rate_multiplier": 0.8}}),
			"model": "gpt-3.5-turbo", "training_file": file, "validation_file": file, "suffix": "custom-model-name",
			"hyperparameters":   []any{map[string]any{"n_epochs": "4", "batch_size": 8, "learning_rate_multiplier": 0.8}},
			"completion_window": 1800, "created_at": 1764600000, "finished_at": 0, "fine_tuned_model": "",
			"status": "running"}},
	}
	for _, c := range []cli{tofu, terraform} {
		for _, tc := range cases {
			t.Run(c.name+"/"+tc.example, func(t *testing.T) {
				w := newWorkspace(t, c, tc.example, emu, tc.vars...)
				w.write("terraform.tfstate", upstreamState(t, "openai_fine_tuned_model", tc.name, tc.attrs))
				w.ok("state", "replace-provider", "-auto-approve", "-no-color",
					"registry.terraform.io/mkdev-me/openai", c.host+"/libopenai-ft/openai")
				w.noChanges()
				w.apply("-refresh-only")
				got := w.resource("openai_fine_tuned_model." + tc.name)
				if str(got["id"]) != tc.attrs["id"] || got["result_files"] == nil || got["validation_file"] == "" {
					t.Fatalf("state after the refresh: %v", got)
				}
				w.noChanges()
			})
		}
	}
}
