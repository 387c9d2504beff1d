#!/bin/sh
# Runs the CLI process tests. exec, so that under `meson test --setup=valgrind`
# valgrind watches only this shell up to the exec, never the Python
# interpreter; test_cli.py puts each openai-ft run under valgrind itself.
exec python3 "$(dirname "$0")/test_cli.py" "$@"
