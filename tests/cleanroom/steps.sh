# The clean room's steps, on the host side (sourced by tests/cleanroom/run,
# which defines new_root, in_root, end_root, host_emulator, ...). The inside
# of each step is tests/cleanroom/inside/N-*.sh, run in a fresh root.

step_debs() {
  need_debs
  local r
  new_root debs
  r=$ROOT
  copy_debs "$r"
  copy_examples "$r"
  in_root "$r" bash /cleanroom/1-debs.sh
  end_root "$r"
}

step_purge() {
  need_debs
  local r
  new_root purge
  r=$ROOT
  copy_debs "$r"
  in_root "$r" bash /cleanroom/5-purge.sh
  end_root "$r"
}

# The wheel: DIST's manylinux wheel, or OFT_CLEANROOM_WHEEL (provisional).
step_wheel() {
  need_debs # the emulator, on the host, comes from DIST's .debs
  local wheel=${OFT_CLEANROOM_WHEEL:-} lib=${OFT_CLEANROOM_WHEEL_LIB:-}
  if [ -z "$wheel" ]; then
    # cp3X-cp3X or cp3X-abi3 for a compiled module, py3-none for ctypes alone.
    wheel=$(ls "$dist"/openai_ft-"$version"-*-manylinux*_x86_64.whl 2>/dev/null | head -n 1 || true)
    [ -n "$wheel" ] || die "no $dist/openai_ft-$version-cp3*-manylinux*_x86_64.whl" \
      "(the wheel that carries the library; scripts/release builds it)"
  else
    echo "cleanroom: PROVISIONAL: the wheel is OFT_CLEANROOM_WHEEL=$wheel, not DIST's"
  fi
  # Its dependencies: none, or wheels in DIST/wheelhouse (pip runs --no-index).
  local requires
  requires=$(python3 - "$wheel" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
    for line in z.read(meta).decode().splitlines():
        if line.startswith("Requires-Dist:") and "extra ==" not in line:
            print(line.split(":", 1)[1].strip())
EOF
)
  echo "cleanroom: $(basename "$wheel") ($(mib "$(stat -c %s "$wheel")")) requires: ${requires:-nothing}"
  if [ -n "$requires" ] && [ ! -d "$dist/wheelhouse" ]; then
    die "the wheel requires ${requires//$'\n'/, } and $dist/wheelhouse does not exist (pip runs offline)"
  fi
  local r
  new_root wheel python3 python3-venv
  r=$ROOT
  mkdir -p "$r/cleanroom/wheels" "$r/cleanroom/data"
  cp "$wheel" "$r/cleanroom/wheels/"
  if [ -d "$dist/wheelhouse" ]; then cp "$dist"/wheelhouse/*.whl "$r/cleanroom/wheels/"; fi
  cp "$tree"/examples/data/train.jsonl "$r/cleanroom/data/"
  cp "$here"/inside/fine_tune.py "$r/cleanroom/"
  local env=()
  if [ -n "$lib" ]; then
    echo "cleanroom: PROVISIONAL: the library is OFT_CLEANROOM_WHEEL_LIB=$lib, copied into the root"
    # With what it links that glibc does not provide (as auditwheel would
    # bundle it): the root has no libcurl4 or libjansson4.
    mkdir -p "$r/opt/provisional-lib"
    cp -L "$lib" "$r/opt/provisional-lib/libopenai_ft.so.2"
    ldd "$lib" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' \
      | grep -v -E '/(libc|libm|libpthread|libdl|librt|libresolv|ld-linux[^/]*)\.so' \
      | xargs -r cp -L -t "$r/opt/provisional-lib/"
    echo "cleanroom: PROVISIONAL: $(ls "$r/opt/provisional-lib" | wc -l) libraries in /opt/provisional-lib" \
      "($(du -sh "$r/opt/provisional-lib" | cut -f1))"
    env+=(OPENAI_FT_LIBRARY=/opt/provisional-lib/libopenai_ft.so.2 LD_LIBRARY_PATH=/opt/provisional-lib)
  fi
  host_emulator
  in_root "$r" OPENAI_BASE_URL="$OPENAI_BASE_URL" "${env[@]}" bash /cleanroom/2-wheel.sh "$(basename "$wheel")"
  end_root "$r"
}

# The provider: DIST's zip and SHA256SUMS, and the network mirror tree
# (DIST/provider-mirror: HOST/libopenai-ft/openai/index.json, ...).
step_provider() {
  need_debs
  # The provider's own version (terraform/VERSION), not the project's.
  local zip=$dist/terraform-provider-openai_$(cat "$tree/terraform/VERSION")_linux_amd64.zip
  [ -f "$zip" ] || die "no $zip (the provider's release archive; scripts/release builds it)"
  local sums
  sums=$(ls "$dist"/*SHA256SUMS 2>/dev/null | head -n 1 || true)
  [ -n "$sums" ] || die "no SHA256SUMS in $dist for the provider's archive"
  (cd "$dist" && grep " $(basename "$zip")\$" "$sums" | sha256sum -c --quiet -) \
    || die "$(basename "$zip") does not match $(basename "$sums")"
  local index mirror
  index=$(find "$dist" -path '*/libopenai-ft/openai/index.json' 2>/dev/null | head -n 1 || true)
  [ -n "$index" ] || die "no network mirror tree in $dist (HOST/libopenai-ft/openai/index.json;" \
    "scripts/release provider makes dist/provider-mirror)"
  mirror=$(dirname "$(dirname "$(dirname "$(dirname "$index")")")")
  echo "cleanroom: the network mirror tree from DIST: $mirror"
  local tofu terraform
  tofu=$("$tree/scripts/tofu")
  terraform=$(ls -t "$(dirname "$(dirname "$(dirname "$tofu")")")"/terraform/*/terraform 2>/dev/null \
    | head -n 1 || true)
  local r
  new_root provider
  r=$ROOT
  cp "$tofu" "$r/usr/local/bin/tofu"
  local clis=tofu
  if [ -n "$terraform" ]; then cp "$terraform" "$r/usr/local/bin/terraform"; clis="tofu terraform"; fi
  mkdir -p "$r/cleanroom/tf/examples/terraform" "$r/cleanroom/tf/terraform/modules"
  cp -r "$tree/examples/terraform/module" "$r/cleanroom/tf/examples/terraform/"
  cp -r "$tree/terraform/modules/fine_tuning" "$r/cleanroom/tf/terraform/modules/"
  serve_mirror "$mirror"
  cp "$work/mirror-ca/ca.pem" "$r/cleanroom/mirror-ca.pem"
  host_emulator
  local file_id
  file_id=$(host_cli --json --base-url "$OPENAI_BASE_URL" files upload "$tree/examples/data/train.jsonl" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') \
    || die "the training file's upload to the emulator failed"
  if [ -n "${OFT_CLEANROOM_PROVIDER_DEPS:-}" ]; then
    echo "cleanroom: PROVISIONAL: OFT_CLEANROOM_PROVIDER_DEPS=$OFT_CLEANROOM_PROVIDER_DEPS installed for the provider"
  fi
  in_root "$r" OPENAI_BASE_URL="$OPENAI_BASE_URL" MIRROR_URL="$MIRROR_URL" FILE_ID="$file_id" \
    PROVISIONAL_PROVIDER_DEPS="${OFT_CLEANROOM_PROVIDER_DEPS:-}" bash /cleanroom/3-provider.sh "$clis"
  end_root "$r"
}

# serve_mirror DIR: DIR over https on a free loopback port with a throwaway
# CA's certificate (scripts/provider-mirror; the root trusts the CA through
# SSL_CERT_FILE); sets MIRROR_URL.
serve_mirror() {
  "$tree/scripts/provider-mirror" ca "$work/mirror-ca" >/dev/null
  "$tree/scripts/provider-mirror" serve "$1" 0 "$work/mirror-ca" >"$work/mirror.out" 2>"$work/mirror.err" &
  host_pids+=($!)
  local _
  for _ in $(seq 100); do [ -s "$work/mirror.out" ] && break; sleep 0.1; done
  MIRROR_URL=$(head -n 1 "$work/mirror.out")
  [ -n "$MIRROR_URL" ] || { cat "$work/mirror.err" >&2; die "the mirror server did not start"; }
  echo "cleanroom: the network mirror served at $MIRROR_URL (scripts/provider-mirror serve)"
}

# The Go example: examples/go and bindings/go copied in (sources only), Go
# copied from this machine's GOROOT.
step_go() {
  need_debs
  local src=${OFT_CLEANROOM_GO_TREE:-$tree}
  if [ "$src" != "$tree" ]; then
    echo "cleanroom: PROVISIONAL: bindings/go and examples/go from OFT_CLEANROOM_GO_TREE=$src"
  fi
  [ -d "$src/examples/go" ] || die "no examples/go in $src (the Go example)"
  [ -f "$src/bindings/go/go.mod" ] || die "no bindings/go/go.mod in $src (the Go binding's module)"
  command -v go >/dev/null || die "no go on this machine to copy into the root"
  local goroot
  goroot=$(go env GOROOT)
  local r
  new_root go
  r=$ROOT
  copy_debs "$r"
  mkdir -p "$r/usr/local/go" "$r/cleanroom/src/bindings" "$r/cleanroom/src/examples" "$r/cleanroom/data"
  # The toolchain without its own tests and the source tree of its tests.
  tar -C "$goroot" --exclude=./test --exclude='*_test.go' --exclude=./api --exclude=./doc -cf - . \
    | tar -C "$r/usr/local/go" -xf -
  echo "cleanroom: Go $(go env GOVERSION) copied in from $goroot ($(du -sh "$r/usr/local/go" | cut -f1))"
  tar -C "$src/bindings" --exclude='*_test.go' -cf - go | tar -C "$r/cleanroom/src/bindings" -xf -
  cp -r "$src/examples/go" "$r/cleanroom/src/examples/"
  cp "$tree"/examples/data/train.jsonl "$r/cleanroom/data/"
  # Go's build cache kept between runs, as apt's downloads are: it is keyed
  # by every input (sources, flags, the C compiler and headers), so a warm
  # run reuses only what it would have built the same.
  mkdir -p "$cache/go-build" "$r/root/.cache/go-build"
  mount --bind "$cache/go-build" "$r/root/.cache/go-build"
  host_emulator
  in_root "$r" OPENAI_BASE_URL="$OPENAI_BASE_URL" bash /cleanroom/4-go.sh
  end_root "$r"
}
