#!/bin/sh
# The openai-ft-emulator binary as a process: options, the first stdout line,
# a request over HTTP, the request log (without the key), a clean stop on
# SIGTERM and SIGINT with its temporary data dir removed.
#   test_emulator_process.sh PATH-TO-openai-ft-emulator
set -u
emu=$1
work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$emu" --help | grep -q -- '--job-duration' || fail "--help"
"$emu" --version | grep -q '^openai-ft-emulator [0-9]' || fail "--version"
"$emu" --fail-rate 2 2>/dev/null; [ $? -eq 2 ] || fail "--fail-rate 2 is a usage error"
"$emu" --bogus 2>/dev/null; [ $? -eq 2 ] || fail "unknown option is a usage error"
"$emu" --host nowhere 2>/dev/null; [ $? -eq 1 ] || fail "bad host fails to start"

# Starts the emulator in the background; sets pid and url.
start() {
    mkdir -p "$work/tmp"
    rm -f "$work/out" "$work/err"
    : >"$work/out"
    TMPDIR="$work/tmp" "$emu" --port 0 --api-key sk-process-secret --job-duration 1 \
        >"$work/out" 2>"$work/err" &
    pid=$!
    i=0
    while [ ! -s "$work/out" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    line=$(head -n 1 "$work/out")
    case $line in
        "listening on http://127.0.0.1:"*/v1) ;;
        *) fail "first line: '$line'" ;;
    esac
    url=${line#listening on }
}

# Stops with signal $1 and checks a clean exit.
stop() {
    kill -s "$1" "$pid"
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -0 "$pid" 2>/dev/null && fail "still running after SIG$1"
    wait "$pid"
    rc=$?
    pid=
    [ $rc -eq 0 ] || fail "exit status $rc after SIG$1"
    [ -z "$(ls -A "$work/tmp")" ] || fail "temporary data dir left behind: $(ls -A "$work/tmp")"
}

start
code=$(curl -s -o "$work/body" -w '%{http_code}' -H 'Authorization: Bearer sk-process-secret' \
    "$url/models")
[ "$code" = 200 ] || fail "GET /models: $code"
grep -q '"object":"list"' "$work/body" || fail "models body"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrong' "$url/models")
[ "$code" = 401 ] || fail "wrong key: $code"
printf '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}\n' \
    >"$work/t.jsonl"
code=$(curl -s -o "$work/body" -w '%{http_code}' -H 'Authorization: Bearer sk-process-secret' \
    -F purpose=fine-tune -F "file=@$work/t.jsonl" "$url/files")
[ "$code" = 200 ] || fail "upload: $code"
[ -n "$(ls -A "$work/tmp")" ] || fail "no data dir while running"
stop TERM
grep -q '^GET /v1/models 200 [0-9]*ms$' "$work/err" || fail "request log: $(cat "$work/err")"
grep -q '^POST /v1/files 200' "$work/err" || fail "request log of the upload"
grep -q 'sk-process-secret' "$work/err" "$work/out" && fail "the key appears in the output"

start
stop INT
echo "ok"
