package provider_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/libopenai-ft/libopenai_ft/bindings/go/emutest"
	"github.com/libopenai-ft/libopenai_ft/terraform/internal/provider"
)

// uploadAs uploads a small file of this purpose through the API.
func uploadAs(t *testing.T, emu *emutest.Emulator, purpose string) string {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("purpose", purpose)
	part, _ := w.CreateFormFile("file", purpose+".jsonl")
	_, _ = part.Write([]byte(`{"custom_id":"1","method":"POST","url":"/v1/chat/completions","body":{}}` + "\n"))
	_ = w.Close()
	req, _ := http.NewRequest("POST", emu.URL+"/files", &body)
	req.Header.Set("Authorization", "Bearer "+emu.Key)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var f struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&f); err != nil || f.ID == "" {
		t.Fatalf("uploading a %s file: HTTP %d, %v", purpose, res.StatusCode, err)
	}
	return f.ID
}

// data.openai_files lists every file through the pages, newest first; the
// purpose filter and limit select among them.
func TestAccFilesDataSource(t *testing.T) {
	emu := emutest.Start(t)
	var ids []string // oldest first
	for i := 0; i < 5; i++ {
		ids = append(ids, emu.Upload(t, "train.jsonl"))
	}
	other := uploadAs(t, emu, "batch") // a file of another purpose
	// Pages of 2: five files (and six) come only through later pages.
	old := provider.SetFilesPageSize(2)
	t.Cleanup(func() { provider.SetFilesPageSize(old) })
	check := func(name string, want []string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			a := s.RootModule().Resources[name].Primary.Attributes
			if a["files.#"] != fmt.Sprint(len(want)) {
				return fmt.Errorf("%s: %s files, want %d", name, a["files.#"], len(want))
			}
			for i, id := range want {
				if got := a[fmt.Sprintf("files.%d.id", i)]; got != id {
					return fmt.Errorf("%s: files[%d] is %s, want %s", name, i, got, id)
				}
				if a[fmt.Sprintf("files.%d.purpose", i)] != "fine-tune" || a[fmt.Sprintf("files.%d.object", i)] != "file" {
					return fmt.Errorf("%s: files[%d]: %v", name, i, a)
				}
			}
			return nil
		}
	}
	newest := []string{ids[4], ids[3], ids[2], ids[1], ids[0]}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(emu) + `
data "openai_files" "tuning" {
  purpose = "fine-tune"
}

data "openai_files" "all" {
}

data "openai_files" "two" {
  purpose = "fine-tune"
  limit   = 2
}
`,
				Check: resource.ComposeTestCheckFunc(
					check("data.openai_files.tuning", newest),
					check("data.openai_files.two", newest[:2]),
					resource.TestCheckResourceAttr("data.openai_files.tuning", "id", "files/fine-tune"),
					resource.TestCheckResourceAttr("data.openai_files.all", "files.#", "6"),
					resource.TestCheckResourceAttr("data.openai_files.all", "files.0.id", other),
					resource.TestCheckResourceAttr("data.openai_files.all", "files.0.purpose", "batch"),
				),
			},
		},
	})
}
