#!/usr/bin/env bash
# Builds actionlint (the GitHub Actions workflow linter) from the Go module proxy into the engine
# tools' cache, outside the repository: ${LLMSTACK_ENGINE_HOME:-$HOME/.cache/llmstack-engine}/bin.
# Idempotent: a stamp per version; a second run with the same version does nothing.
#
#   tools/engine/actionlint.sh            # builds ACTIONLINT_V (default below) once
#   ACTIONLINT_V=v1.7.12 tools/engine/actionlint.sh
#
# tests/workflows/actionlint.test.ts runs the binary over .github/workflows/.
# Version string: `-X github.com/rhysd/actionlint.version=…`, as the distributions build it
# (nixpkgs pkgs/by-name/ac/actionlint/package.nix; Gentoo's ebuild), so `actionlint -version` says it.
# The module has no replace directives, so `go install module/cmd@version` is allowed.
set -euo pipefail
export GOTOOLCHAIN=local CGO_ENABLED=0   # fail loudly rather than fetch another Go; a static binary
ACTIONLINT_V=${ACTIONLINT_V:-v1.7.12}
ROOT=${LLMSTACK_ENGINE_HOME:-$HOME/.cache/llmstack-engine}
BIN=$ROOT/bin
STAMP=$ROOT/stamps/actionlint-$ACTIONLINT_V
if [ -x "$BIN/actionlint" ] && [ -f "$STAMP" ]; then
  echo "actionlint $ACTIONLINT_V already built: $BIN/actionlint"
  exit 0
fi
mkdir -p "$BIN" "$ROOT/stamps"
rm -f "$ROOT"/stamps/actionlint-*
GOBIN=$BIN go install -trimpath -ldflags "-s -w -X github.com/rhysd/actionlint.version=${ACTIONLINT_V#v}" \
  "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_V"
"$BIN/actionlint" -version
touch "$STAMP"
