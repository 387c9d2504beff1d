# Step 5 inside the root: install the 4 packages, use them (a run of each
# program), purge them, and check that nothing of theirs is left.
. /cleanroom/lib.sh
cd /cleanroom
pkgs="libopenai-ft2 libopenai-ft-dev openai-ft openai-ft-emulator"

# What the root holds, apart from what apt and dpkg keep of their own work.
tree_state() {
  find / -xdev \( -path /proc -o -path /dev -o -path /cleanroom -o -path /tmp \
    -o -path /var/cache/apt -o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/log \) -prune \
    -o -print | sort
}

apt_update
tree_state >/tmp/tree.before
pkgs_mark
apt_run install -y ./debs/libopenai-ft2_*.deb ./debs/libopenai-ft-dev_*.deb \
  ./debs/openai-ft_*.deb ./debs/openai-ft-emulator_*.deb
pkgs_report "apt install ./the 4 .debs"

: >/tmp/ours
for p in $pkgs; do
  dpkg -L "$p" >"/tmp/list.$p"
  echo "dpkg -L $p: $(grep -c . "/tmp/list.$p") paths"
  cat "/tmp/list.$p" >>/tmp/ours
  dpkg-query -W -f='${Conffiles}\n' "$p" | awk 'NF { print $1 }' >>/tmp/conffiles
done
# Only the paths the packages brought (not /usr, /usr/lib, ... that were there).
grep -vx "/\." /tmp/ours | sort -u | comm -23 - /tmp/tree.before >/tmp/ours.new
echo "paths that the 4 packages added: $(grep -c . /tmp/ours.new)"

# Used once, as a user would, so that anything they create at run time shows.
openai-ft --version
start_emulator
openai-ft files list >/dev/null
stop_emulator

apt_run purge -y --autoremove $pkgs

left=0
while read -r path; do
  if [ -e "$path" ] || [ -L "$path" ]; then
    echo "left after purge: $path" >&2
    left=1
  fi
done </tmp/ours.new
if [ -s /tmp/conffiles ]; then
  while read -r path; do
    [ ! -e "$path" ] || { echo "conffile left after purge: $path" >&2; left=1; }
  done </tmp/conffiles
fi
for p in $pkgs; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  if [ -n "$status" ] && [ "$status" != "un " ]; then
    echo "dpkg still records $p ($status)" >&2
    left=1
  fi
done
# (Home directories apart: what a user's run leaves there is the user's, and
# no purge removes it.)
found=$(find / -xdev \( -path /proc -o -path /dev -o -path /cleanroom -o -path /tmp \
  -o -path /var/cache/apt -o -path /root -o -path /home \) -prune -o \( -iname '*openai*ft*' -o -iname '*openai-ft*' \) -print)
if [ -n "$found" ]; then
  echo "named after the packages, left after purge:" >&2
  echo "$found" >&2
  left=1
fi
[ "$left" -eq 0 ] || fail "apt purge left files or records of the packages (above)"

# For the record (not judged): what the install and purge --autoremove left
# of the dependencies (apt keeps what an installed package recommends: apt
# itself recommends ca-certificates) and how many paths of the root differ.
pkg_state | cut -f1 >/tmp/pkgs.now
kept=$(comm -12 <(cut -f1 /tmp/pkgs.after) /tmp/pkgs.now | comm -23 - <(cut -f1 /tmp/pkgs.before) | tr '\n' ' ')
tree_state >/tmp/tree.after
changed=$(diff /tmp/tree.before /tmp/tree.after | grep -c '^[<>]' || true)
echo "dependencies kept by apt after purge --autoremove: ${kept:-none}($changed paths of the root differ from before the install)"
echo "step 5 (in the root): passed ($(grep -c . /tmp/ours.new) paths of the packages, all gone)"
