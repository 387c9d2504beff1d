# Step 4 inside the root: the .debs and gcc + pkg-config (cgo) with apt, Go
# copied in; examples/go built as a module of its own that requires the
# binding, replaced by the copy of bindings/go (GOPROXY=off: nothing fetched),
# and run against the emulator at $OPENAI_BASE_URL.
. /cleanroom/lib.sh
export OPENAI_API_KEY=sk-cleanroom-key OPENAI_ADMIN_KEY=sk-cleanroom-admin
apt_update
pkgs_mark
apt_run install -y /cleanroom/debs/libopenai-ft2_*.deb /cleanroom/debs/libopenai-ft-dev_*.deb
apt_run install -y gcc pkg-config
pkgs_report "apt install libopenai-ft2 libopenai-ft-dev, gcc pkg-config"
cd /cleanroom/src/examples/go
binding=$(sed -n 's/^module //p' /cleanroom/src/bindings/go/go.mod)
[ -n "$binding" ] || fail "bindings/go/go.mod names no module"
export GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GOCACHE=/root/.cache/go-build GOPATH=/tmp/gopath CGO_ENABLED=1
run go version
run go mod edit -replace "$binding=/cleanroom/src/bindings/go"
run go build -o /tmp/go-example .
echo "built /tmp/go-example ($(du -h /tmp/go-example | cut -f1)); it links:" \
  "$(ldd /tmp/go-example | awk '{ print $1 }' | tr '\n' ' ')"
links=$(ldd /tmp/go-example)
grep -Eq 'libopenai_ft\.so\.2 => (/usr)?/lib/' <<<"$links" \
  || fail "the Go example does not load the packaged libopenai_ft.so.2"
run /tmp/go-example /cleanroom/data/train.jsonl | tee /tmp/go.out
grep -q 'ft:' /tmp/go.out || fail "the Go example printed no fine-tuned model"
echo "step 4 (in the root): passed"
