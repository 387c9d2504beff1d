// terraform-provider-openai: the Terraform provider of libopenai_ft
// (source address libopenai-ft/openai). Run by OpenTofu or Terraform; with
// -debug it serves for a debugger and prints TF_REATTACH_PROVIDERS.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/libopenai-ft/libopenai_ft/terraform/internal/provider"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	debug := flag.Bool("debug", false, "serve for a debugger (prints TF_REATTACH_PROVIDERS)")
	flag.Parse()
	quietSDKLogs()
	tuneGC()
	stopProfile := startProfile()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   *debug,
	})
	stopProfile()
	if err != nil {
		log.Fatal(err)
	}
}
