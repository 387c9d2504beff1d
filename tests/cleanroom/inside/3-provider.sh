# Step 3 inside the root: tofu (and terraform) copied in as static binaries;
# the provider installed from the network mirror at $MIRROR_URL (https, its
# certificate trusted through SSL_CERT_FILE), the module example applied
# against the emulator at $OPENAI_BASE_URL with the uploaded $FILE_ID.
# $1: the CLIs to run ("tofu" or "tofu terraform").
. /cleanroom/lib.sh
export OPENAI_API_KEY=sk-cleanroom-key OPENAI_ADMIN_KEY=sk-cleanroom-admin
cat >/tmp/cli.tfrc <<TFRC
provider_installation {
  network_mirror {
    url = "$MIRROR_URL"
  }
}
TFRC
export TF_CLI_CONFIG_FILE=/tmp/cli.tfrc SSL_CERT_FILE=/cleanroom/mirror-ca.pem
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
provisional=${PROVISIONAL_PROVIDER_DEPS:-}
if [ -n "$provisional" ]; then
  echo "PROVISIONAL: apt install $provisional for a provider that links them"
  apt_update
  pkgs_mark
  apt_run install -y $provisional
  pkgs_report "PROVISIONAL apt install $provisional"
fi

# tf CLI ARGS...: its output in /tmp/tf.log; the lines that say what it did
# shown (all of it when it fails).
tf() {
  echo "# $*"
  if ! "$@" >/tmp/tf.log 2>&1; then
    cat /tmp/tf.log >&2
    fail "$* (its output above)"
  fi
  grep -E '^(- Install|- Finding|.*(complete|initialized)!|Apply|Destroy|[a-z_]+ = )' /tmp/tf.log \
    | sed 's/^/  /' || true
}

for cli in $1; do
  echo "$cli: $($cli version | head -n 1) ($(du -h "$(command -v "$cli")" | cut -f1), static:" \
    "$(ldd "$(command -v "$cli")" 2>&1 | head -n 1 | sed 's/^[[:space:]]*//'))"
  rm -rf "/tmp/$cli"
  cp -r /cleanroom/tf "/tmp/$cli"
  cd "/tmp/$cli/examples/terraform/module"
  tf "$cli" init -input=false -no-color
  provider=$(find .terraform/providers -type f -name 'terraform-provider-openai*' | head -n 1)
  [ -n "$provider" ] || fail "$cli init installed no provider"
  echo "installed by $cli init: $provider ($(du -h "$provider" | cut -f1)); it links:" \
    "$(ldd "$provider" | awk '{ print $1 ($3 == "not" ? " (not found)" : "") }' | tr '\n' ' ')"
  extra=$(ldd "$provider" | grep -v -E 'linux-vdso|libc\.so|ld-linux|libm\.so|libpthread|libdl|libresolv' \
    | grep '=>' || true)
  if [ -n "$extra" ]; then
    if [ -n "$provisional" ]; then
      echo "PROVISIONAL: the provider links more than the C library (not judged)"
    else
      fail "the provider links more than the C library"
    fi
  fi
  tf "$cli" apply -auto-approve -input=false -no-color -var "training_file=$FILE_ID"
  model=$("$cli" output -raw model_id)
  echo "$cli: module example applied: model_id = $model"
  case $model in ft:*) ;; *) fail "$cli apply produced no fine-tuned model" ;; esac
  tf "$cli" destroy -auto-approve -input=false -no-color -var "training_file=$FILE_ID"
done
echo "step 3 (in the root): passed"
