module github.com/libopenai-ft/libopenai_ft/bindings/go

go 1.23
