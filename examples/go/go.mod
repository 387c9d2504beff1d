module github.com/libopenai-ft/libopenai_ft/examples/go

go 1.23

require github.com/libopenai-ft/libopenai_ft/bindings/go v0.0.0-00010101000000-000000000000

// The binding of this tree; a program of your own requires a released
// version instead (go get github.com/libopenai-ft/libopenai_ft/bindings/go).
replace github.com/libopenai-ft/libopenai_ft/bindings/go => ../../bindings/go
