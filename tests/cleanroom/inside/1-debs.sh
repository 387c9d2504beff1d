# Step 1 inside the root: the .debs with apt, a C and a C++ program built with
# pkg-config and run against the packaged emulator, then `openai-ft train`.
. /cleanroom/lib.sh
cd /cleanroom

for p in gcc g++ pkg-config pkgconf meson libcurl4-openssl-dev; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
    fail "the clean root already has $p"
  fi
done
[ ! -e /usr/include/curl ] || fail "the clean root has curl headers"

apt_update
pkgs_mark
apt_run install -y ./debs/libopenai-ft2_*.deb ./debs/libopenai-ft-dev_*.deb \
  ./debs/openai-ft_*.deb ./debs/openai-ft-emulator_*.deb
pkgs_report "apt install ./the 4 .debs"

pkgs_mark
apt_run install -y gcc g++ pkg-config
pkgs_report "apt install gcc g++ pkg-config"

echo "pkg-config openai_ft: $(pkg-config --modversion openai_ft): $(pkg-config --cflags --libs openai_ft)"
mkdir -p /tmp/bin
run gcc -Wall -Werror -o /tmp/bin/upload_and_validate examples/upload_and_validate.c \
  $(pkg-config --cflags --libs openai_ft)
run gcc -Wall -Werror -o /tmp/bin/create_and_wait examples/create_and_wait.c \
  $(pkg-config --cflags --libs openai_ft)
run g++ -Wall -Werror -o /tmp/bin/create_and_wait_cpp examples/cpp/create_and_wait.cpp \
  $(pkg-config --cflags --libs openai_ft)
links=$(ldd /tmp/bin/create_and_wait)
grep -Eq 'libopenai_ft\.so\.2 => (/usr)?/lib/' <<<"$links" \
  || fail "create_and_wait does not load the packaged libopenai_ft.so.2"

start_emulator
run /tmp/bin/upload_and_validate data/train.jsonl | tee /tmp/upload.out
file_id=$(sed -n 's/^uploaded \(file-[^ ]*\) .*/\1/p' /tmp/upload.out)
[ -n "$file_id" ] || fail "upload_and_validate printed no file ID"
run /tmp/bin/create_and_wait "$file_id" | tee /tmp/c.out
grep -q '^succeeded: ft:' /tmp/c.out || fail "the C program's job did not succeed"
run /tmp/bin/create_and_wait_cpp data/train.jsonl | tee /tmp/cpp.out
grep -q '^fine_tuned_model: ft:' /tmp/cpp.out || fail "the C++ program's job did not succeed"

run openai-ft train data/train.jsonl --model gpt-4o-mini-2024-07-18 --suffix demo --n-epochs 3 \
  --poll-interval 1 | tee /tmp/train.out
grep -q '^fine_tuned_model: ft:' /tmp/train.out || fail "openai-ft train reported no fine-tuned model"
man -w openai-ft >/dev/null 2>&1 || [ -f /usr/share/man/man1/openai-ft.1.gz ] \
  || fail "no openai-ft(1) man page"
stop_emulator
echo "step 1 (in the root): passed"
