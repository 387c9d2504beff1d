//go:build e2e

package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
)

// TF_LOG=debug shows each of the library's requests (method, URL, status,
// time, request ID) once, through the provider's log (tflog): with no
// timestamp of its own in the message, and never the key. Without TF_LOG,
// none.
func TestDebugLogShowsTheLibrarysRequests(t *testing.T) {
	for _, c := range []cli{tofu, terraform} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			emu := emutest.Start(t)
			w := configWorkspace(t, c, emu, map[string]string{"main.tf": `terraform {
  required_providers {
    openai = {
      source = "libopenai-ft/openai"
    }
  }
}

data "openai_fine_tuning_job" "missing" {
  id = "ftjob-logged"
}
`})
			env := w.env
			w.env = append(env, "TF_LOG=debug")
			r := w.run("plan", "-no-color")
			w.env = env
			if r.code == 0 {
				t.Fatalf("plan of a missing job succeeded\n%s", r)
			}
			request := regexp.MustCompile(`(?m)^.*GET \S*/v1/fine_tuning/jobs/ftjob-logged -> 404 in \d+ ms.*$`)
			lines := request.FindAllString(r.stderr, -1)
			if len(lines) != 1 {
				t.Fatalf("the request is logged %d times, want once:\n%s", len(lines), r.stderr)
			}
			line := lines[0]
			if !strings.Contains(line, "[DEBUG] provider.terraform-provider-openai: GET ") ||
				!strings.Contains(line, "@module=openai.libopenai_ft") {
				t.Errorf("the request is not a DEBUG line of the provider's log (tflog): %s", line)
			}
			// No timestamp but the CLI's: the message has none of its own
			// (as a line of the standard log package would).
			message := regexp.MustCompile(`GET \S+ -> 404 in \d+ ms \([^)]*\)`).FindString(line)
			goLog := regexp.MustCompile(`\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}`)
			if message == "" || regexp.MustCompile(`\d{4}[-/]\d{2}[-/]\d{2}`).MatchString(message) || goLog.MatchString(line) {
				t.Errorf("the request line carries a timestamp of its own: %s", line)
			}
			mustNotContain(t, r.stderr, emu.Key)

			quiet := w.run("plan", "-no-color")
			if strings.Contains(quiet.stderr, "ftjob-logged ->") {
				t.Errorf("without TF_LOG the request is logged:\n%s", quiet.stderr)
			}
		})
	}
}
