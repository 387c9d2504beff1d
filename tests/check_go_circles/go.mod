module github.com/libopenai-ft/libopenai_ft/tests/check_go_circles

go 1.23
