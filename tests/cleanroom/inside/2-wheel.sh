# Step 2 inside a root without the .debs: python3 and python3-venv only, a
# venv, the wheel installed with pip (offline: --no-index, its dependencies,
# if any, beside it), a fine-tune with the package. $1: the wheel's file name.
. /cleanroom/lib.sh
cd /cleanroom
wheel=$1
export OPENAI_API_KEY=sk-cleanroom-key

for p in libopenai-ft2 gcc libcurl4; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
    fail "the root for the wheel has $p"
  fi
done
echo "python: $(python3 --version) ($(dpkg-query -W -f='${Version}' python3-venv) python3-venv)"
run python3 -m venv /opt/venv
before=$(du -sk /opt/venv | cut -f1)
run /opt/venv/bin/pip install --no-index --find-links /cleanroom/wheels "/cleanroom/wheels/$wheel"
after=$(du -sk /opt/venv | cut -f1)
echo "installed by pip install $wheel: $(/opt/venv/bin/pip list --format=freeze 2>/dev/null \
  | grep -v -E '^(pip|setuptools)==' | tr '\n' ' ')($((after - before)) KiB in the venv)"
run /opt/venv/bin/python fine_tune.py data/train.jsonl | tee /tmp/py.out
grep -q '^fine_tuned_model: ft:' /tmp/py.out || fail "the Python fine-tune reported no model"
if [ -z "${OPENAI_FT_LIBRARY:-}" ]; then # not provisional: the wheel's own copy
  grep -q '^libopenai_ft loaded from /opt/venv/' /tmp/py.out \
    || fail "the package did not load the library the wheel carries"
fi
echo "step 2 (in the root): passed"
