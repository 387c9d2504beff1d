# Sourced by the clean room's scripts inside the root (tests/cleanroom/run
# copies them to /cleanroom): what a step installed and its size, the
# packaged emulator started and stopped.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

fail() { echo "cleanroom (in the root): FAILED: $*" >&2; exit 1; }
run() { echo "# $*"; "$@"; }

# apt_run ARGS...: `apt ARGS` with its long output in /tmp/apt.log (the tail
# shown when it fails); pkgs_report says what it installed.
apt_run() {
  echo "# apt $*"
  if ! apt "$@" >/tmp/apt.log 2>&1; then
    tail -n 40 /tmp/apt.log >&2
    fail "apt $* (the last lines of its output above)"
  fi
  grep -E '^(Need to get|After this operation|Fetched|[0-9]+ upgraded)' /tmp/apt.log | sed 's/^/  /' || true
}

# What dpkg has installed now: "package<TAB>Installed-Size KiB".
pkg_state() { dpkg-query -W -f='${db:Status-Abbrev}\t${Package}\t${Installed-Size}\n' | awk -F'\t' '$1 ~ /^ii/ { print $2 "\t" $3 }' | sort; }

pkgs_mark() { pkg_state >/tmp/pkgs.before; }

# pkgs_report WHAT: the packages installed since pkgs_mark and their size.
pkgs_report() {
  pkg_state >/tmp/pkgs.after
  local added
  added=$(comm -13 /tmp/pkgs.before /tmp/pkgs.after)
  local n kib
  n=$(grep -c . <<<"$added" || true)
  kib=$(awk -F'\t' '{ s += $2 } END { print s + 0 }' <<<"$added")
  printf 'installed by %s: %d packages, %.1f MiB on disk (dpkg Installed-Size)\n' \
    "$1" "$n" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
  if [ "$n" -gt 0 ]; then
    cut -f1 <<<"$added" | tr '\n' ' ' | fold -s -w 100 | sed 's/^/  /'
    echo
  fi
}

# apt_update: the lists in the cached root may be old; a user runs it too.
apt_update() { apt-get update -qq; }

emu_pid=
# start_emulator [EMULATOR]: on a free loopback port; sets OPENAI_BASE_URL.
start_emulator() {
  local emu=${1:-openai-ft-emulator}
  "$emu" --port 0 --job-duration 2 --quiet >/tmp/emu.out 2>/tmp/emu.err &
  emu_pid=$!
  local _
  for _ in $(seq 100); do grep -q '^listening on ' /tmp/emu.out && break; sleep 0.1; done
  OPENAI_BASE_URL=$(sed -n 's/^listening on //p' /tmp/emu.out | head -n 1)
  [ -n "$OPENAI_BASE_URL" ] || { cat /tmp/emu.err >&2; fail "$emu did not start"; }
  export OPENAI_BASE_URL OPENAI_API_KEY=sk-cleanroom-key OPENAI_ADMIN_KEY=sk-cleanroom-admin
  echo "emulator ($(command -v "$emu")) listening on $OPENAI_BASE_URL"
}

stop_emulator() {
  if [ -n "$emu_pid" ]; then
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
    emu_pid=
  fi
}
trap stop_emulator EXIT
