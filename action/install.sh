#!/usr/bin/env bash
# Installs claimcheck for the GitHub Action (action.yml): the prebuilt wheel of
# CLAIMCHECK_VERSION from PyPI, which needs no Rust and takes seconds, checked to be
# the version asked for; where no wheel fits the runner, the action's own source is
# built instead (slow: it compiles), and the log says so.
set -euo pipefail
want="${CLAIMCHECK_VERSION:?set CLAIMCHECK_VERSION}"
python="${PYTHON:-python3}"
bin_dir="$("$python" -c 'import sysconfig; print(sysconfig.get_path("scripts", f"{__import__("os").name}_user"))')"
if "$python" -m pip install --user --quiet --disable-pip-version-check --only-binary=:all: "claimcheck==$want" \
  && [ "$("$bin_dir/claimcheck" --version)" = "claimcheck $want" ]; then
  echo "installed claimcheck $want from its prebuilt wheel"
else
  echo "::notice::no prebuilt claimcheck $want wheel fits this runner; building it from the action's source (this compiles, and takes minutes)"
  "$python" -m pip install --user --quiet --disable-pip-version-check "${ACTION_PATH:?set ACTION_PATH}"
fi
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$bin_dir" >> "$GITHUB_PATH"
fi
"$bin_dir/claimcheck" --version
