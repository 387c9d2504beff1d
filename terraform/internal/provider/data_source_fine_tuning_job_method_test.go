package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	openaift "github.com/libopenai-ft/libopenai_ft/bindings/go"
)

// The data source's method in upstream's shape, for each method the API
// reports: the type, the one block of that method ("auto" a null), none
// for the others.
func TestMethodOf(t *testing.T) {
	auto := openaift.HP{Mode: openaift.HPAuto}
	num := func(v float64) openaift.HP { return openaift.HP{Mode: openaift.HPValue, Value: v} }
	cases := []struct {
		name string
		in   *openaift.Method
		want string
	}{
		{"none", nil, `[]`},
		{"supervised", &openaift.Method{Type: openaift.MethodSupervised, TypeRaw: "supervised",
			Hyperparameters: openaift.Hyperparameters{NEpochs: num(3), BatchSize: auto, LearningRateMultiplier: num(0.5)}},
			`[{"dpo":[],"supervised":[{"hyperparameters":[{"batch_size":<null>,"learning_rate_multiplier":0.500000,"n_epochs":3}]}],"type":"supervised"}]`},
		{"dpo", &openaift.Method{Type: openaift.MethodDPO, TypeRaw: "dpo",
			Hyperparameters: openaift.Hyperparameters{NEpochs: num(1), BatchSize: num(8), LearningRateMultiplier: auto, Beta: num(0.1)}},
			`[{"dpo":[{"hyperparameters":[{"batch_size":8,"beta":0.100000,"learning_rate_multiplier":<null>,"n_epochs":1}]}],"supervised":[],"type":"dpo"}]`},
		{"reinforcement", &openaift.Method{Type: openaift.MethodReinforcement, TypeRaw: "reinforcement"},
			`[{"dpo":[],"supervised":[],"type":"reinforcement"}]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := methodOf(tc.in).String(); got != tc.want {
				t.Fatalf("method\n got %s\nwant %s", got, tc.want)
			}
		})
	}
	in := jobIntegrationsOf([]openaift.Integration{{Type: "wandb", WandB: openaift.WandB{Project: "p"}}})
	if id := in.Elements()[0].(types.Object).Attributes()["id"]; !id.IsNull() {
		t.Fatalf("integration id %v, want null", id)
	}
}
