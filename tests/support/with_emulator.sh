#!/bin/sh
# Runs a program against its own openai-ft-emulator process:
#
#   with_emulator.sh EMULATOR [emulator options...] -- PROGRAM [args...]
#
# Starts EMULATOR on a free port, waits for its "listening on URL" line, runs
# PROGRAM with OPENAI_BASE_URL=URL (and OPENAI_API_KEY=sk-local-key unless one
# is set), then stops the emulator by its PID, also when PROGRAM fails or this
# script is stopped. Exits with PROGRAM's status. Under `meson test
# --setup=valgrind` (OFT_UNDER_VALGRIND=1) PROGRAM runs under valgrind, and a
# leak or a memory error fails it (the test itself starts this script through
# env(1), so valgrind does not watch the shell).
set -eu
emulator=$1
shift
emu_args=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    emu_args="$emu_args $1"
    shift
done
[ "${1:-}" = "--" ] || { echo "usage: $0 EMULATOR [options] -- PROGRAM [args]" >&2; exit 2; }
shift

out=$(mktemp)
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -f "$out"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# shellcheck disable=SC2086 # the options are words
"$emulator" --port 0 --quiet $emu_args >"$out" &
pid=$!
i=0
while ! grep -q '^listening on ' "$out"; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "$0: $emulator did not start" >&2
        exit 1
    fi
    sleep 0.05
done
OPENAI_BASE_URL=$(sed -n 's/^listening on //p' "$out" | head -1)
OPENAI_API_KEY=${OPENAI_API_KEY:-sk-local-key}
export OPENAI_BASE_URL OPENAI_API_KEY
if [ "${OFT_UNDER_VALGRIND:-}" = 1 ]; then
    set -- valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=99 --quiet "$@"
fi
status=0
"$@" || status=$?
exit $status
