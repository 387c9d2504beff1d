package main

import "os"

// sdkLogLevels are the variables that set the log levels of
// terraform-plugin-go and terraform-plugin-framework.
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// quietSDKLogs gives the SDK's loggers the level the user asked the CLI for.
// Unset, they log everything at trace level as JSON on stderr for the CLI to
// drop: in a plan that is most of the provider's CPU time.
func quietSDKLogs() {
	level := os.Getenv("TF_LOG_PROVIDER")
	if level == "" {
		level = os.Getenv("TF_LOG")
	}
	if level == "" {
		level = "off"
	}
	for _, name := range sdkLogLevels {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, level)
		}
	}
}
