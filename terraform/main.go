// terraform-provider-openai: the Terraform provider of libopenai_ft
// (source address libopenai-ft/openai). Run by OpenTofu or Terraform; with
// -debug it serves for a debugger and prints TF_REATTACH_PROVIDERS.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

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
	var opts []tf6server.ServeOpt
	if *debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve(provider.Address, provider.NewServer(version), opts...)
	stopProfile()
	if err != nil {
		log.Fatal(err)
	}
}
