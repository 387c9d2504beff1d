module github.com/libopenai-ft/libopenai_ft/tests/checks/check_go_circles

go 1.23
