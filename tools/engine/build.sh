#!/usr/bin/env bash
# Builds the real-engine test tools from published packages, into a cache OUTSIDE the repository:
#   ${LLMSTACK_ENGINE_HOME:-$HOME/.cache/llmstack-engine}/bin/{pulumi,etcd,kube-apiserver}
#   ${LLMSTACK_ENGINE_HOME:-...}/chroma-<version>/bin/chroma      (a Python venv)
# Idempotent: each tool has a stamp file per version under stamps/; a stamped tool is not rebuilt.
# Only the ordinary clients (go, pip) talk to the registries, with the machine's own GOPROXY/pip settings.
# A refusal stops the build and names the exact module/package and version that was refused.
#
# Usage: tools/engine/build.sh [pulumi|etcd|kube-apiserver|chroma ...]   (default: all)
#
# Not built: pulumi-language-nodejs. Its module
# (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is untagged, and the Go module proxy these
# machines reach answers 403 "This module version is not available" for its version list, @latest and the
# pseudo-version of a release commit. Instead the tests use what needs no language host: Automation API inline
# programs (the Node SDK serves the language-host gRPC API in-process) and, for the policy pack, an executable
# analyzer plugin (tools/engine/bin/llmstack-policy-pack, see its header). The older `pulumi-analyzer-policy-<runtime>`
# fallback no longer exists in pulumi v3.274.1 (pkg/resource/plugin/analyzer_plugin.go).
set -euo pipefail

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source=versions.sh
. "$here/versions.sh"

ROOT=${LLMSTACK_ENGINE_HOME:-$HOME/.cache/llmstack-engine}
BIN=$ROOT/bin SRC=$ROOT/src STAMPS=$ROOT/stamps
mkdir -p "$BIN" "$SRC" "$STAMPS"
# Fail loudly rather than fetch another Go toolchain; static binaries (no libc dependency).
export GOTOOLCHAIN=local CGO_ENABLED=0

t0=$SECONDS
log() { printf '[engine-build %4ds] %s\n' "$((SECONDS - t0))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Fetch one module version through the proxy; on refusal print the module, version and the proxy's answer.
fetch_module() { # MODULE VERSION -> prints the module's go.mod path
  local out err
  out=$(cd "$SRC" && go mod download -json "$1@$2" 2>/dev/null) || true
  err=$(jq -r '.Error // empty' <<<"$out" 2>/dev/null || true)
  [ -n "$out" ] && [ -z "$err" ] || die "the Go module proxy refused $1@$2: ${err:-$(cd "$SRC" && go mod download "$1@$2" 2>&1 | tail -3)}"
  jq -r .GoMod <<<"$out"
}

# `go get` that reports which module@version failed when the proxy refuses one of the dependencies.
go_get() { # ARGS...
  local log_file=$W/go-get.log
  if ! go get "$@" >"$log_file" 2>&1; then
    grep -E '403|404|410|not available|not found|refused|invalid version' "$log_file" | head -5 >&2 || true
    die "go get $* failed (a module or version refused above; full log: $log_file)"
  fi
}

stamped() { [ -f "$STAMPS/$1-$2" ] && [ -x "$3" ]; }
stamp() { date -u +%FT%TZ >"$STAMPS/$1-$2"; }

command -v go >/dev/null || die "go is not installed (needed: Go >= 1.26 for $PULUMI_V, $K8S_V, $ETCD_V)"
command -v jq >/dev/null || die "jq is not installed (apt-get install jq)"

# ---------------------------------------------------------------------------------------------
# pulumi CLI. `go install …/cmd/pulumi@v` is refused because pkg/go.mod has replace directives, so a wrapper
# module copies the replaces that point at published modules (pulumi/pulumi@v3.274.1:pkg/go.mod: only
# atotto/clipboard => tgummerer/clipboard; the `sdk/v3 => ../sdk` one is local and dropped) and builds with the
# release flags of pulumi/pulumi@v3.274.1:.goreleaser.yml (-trimpath, tags osusergo,grpcnotrace, version ldflag).
build_pulumi() {
  if stamped pulumi "$PULUMI_V" "$BIN/pulumi"; then log "pulumi $PULUMI_V: up to date"; return; fi
  log "pulumi $PULUMI_V: resolving modules"
  W=$SRC/pulumi-$PULUMI_V; mkdir -p "$W"; cd "$W"
  [ -f go.mod ] || go mod init local.invalid/pulumi-tools >/dev/null 2>&1
  local gomod
  gomod=$(fetch_module github.com/pulumi/pulumi/pkg/v3 "$PULUMI_V")
  fetch_module github.com/pulumi/pulumi/sdk/v3 "$PULUMI_V" >/dev/null
  go mod edit -json "$gomod" | jq -r '.Replace // [] | .[] | select(.New.Version != null)
      | "-replace=\(.Old.Path)\(if .Old.Version then "@"+.Old.Version else "" end)=\(.New.Path)@\(.New.Version)"' \
    | xargs -r go mod edit
  go_get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_V"
  go_get "github.com/pulumi/pulumi/sdk/v3@$PULUMI_V"
  # MVS may raise pkg or sdk above the pin if a dependency asks for more; the CLI must be exactly $PULUMI_V.
  [ "$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3 | sort -u)" = "$PULUMI_V" ] \
    || die "pulumi pkg/sdk did not resolve to $PULUMI_V: $(go list -m github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3 | tr '\n' ' ')"
  log "pulumi $PULUMI_V: compiling (cold: the longest step)"
  go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_V" \
    -o "$BIN/pulumi.new" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  mv "$BIN/pulumi.new" "$BIN/pulumi"
  [ "$("$BIN/pulumi" version)" = "$PULUMI_V" ] || die "built pulumi reports '$("$BIN/pulumi" version)', expected $PULUMI_V"
  stamp pulumi "$PULUMI_V"; log "pulumi $PULUMI_V: built"
}

# ---------------------------------------------------------------------------------------------
# etcd. The server's main package is the module root go.etcd.io/etcd/server/v3 (etcd-io/etcd@v3.6.16:server/main.go);
# its go.mod replaces api/client/pkg with ../ paths, so the wrapper requires those at the same version.
build_etcd() {
  if stamped etcd "$ETCD_V" "$BIN/etcd"; then log "etcd $ETCD_V: up to date"; return; fi
  log "etcd $ETCD_V: resolving modules"
  W=$SRC/etcd-$ETCD_V; mkdir -p "$W"; cd "$W"
  [ -f go.mod ] || go mod init local.invalid/etcd-tools >/dev/null 2>&1
  local m
  for m in server/v3 api/v3 client/pkg/v3 client/v3 pkg/v3; do fetch_module "go.etcd.io/etcd/$m" "$ETCD_V" >/dev/null; done
  go_get -tool "go.etcd.io/etcd/server/v3@$ETCD_V"
  go_get "go.etcd.io/etcd/api/v3@$ETCD_V" "go.etcd.io/etcd/client/pkg/v3@$ETCD_V" "go.etcd.io/etcd/client/v3@$ETCD_V" "go.etcd.io/etcd/pkg/v3@$ETCD_V"
  log "etcd $ETCD_V: compiling"
  go build -trimpath -ldflags "-s -w" -o "$BIN/etcd.new" go.etcd.io/etcd/server/v3
  mv "$BIN/etcd.new" "$BIN/etcd"
  "$BIN/etcd" --version | grep -q "etcd Version: ${ETCD_V#v}" || die "built etcd reports: $("$BIN/etcd" --version | head -1)"
  stamp etcd "$ETCD_V"; log "etcd $ETCD_V: built"
}

# ---------------------------------------------------------------------------------------------
# kube-apiserver. k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with ./staging/…
# (kubernetes/kubernetes@v1.36.3:go.mod); outside the monorepo each becomes the published k8s.io/<name> v0.36.3
# (the recipe in golang/go#35878 and kubernetes/kubernetes#79384). Version ldflags as hack/lib/version.sh sets them.
build_kube_apiserver() {
  if stamped kube-apiserver "$K8S_V" "$BIN/kube-apiserver"; then log "kube-apiserver $K8S_V: up to date"; return; fi
  local staging_v=v0.${K8S_V#v1.} kv=${K8S_V#v}
  log "kube-apiserver $K8S_V: resolving modules (staging modules at $staging_v)"
  W=$SRC/kube-$K8S_V; mkdir -p "$W"; cd "$W"
  [ -f go.mod ] || go mod init local.invalid/kube-tools >/dev/null 2>&1
  local gomod
  gomod=$(fetch_module k8s.io/kubernetes "$K8S_V")
  go mod edit -json "$gomod" | jq -r --arg v "$staging_v" '
      (.Replace // [] | .[] | select(.New.Path | startswith("./staging/")) | "-replace=\(.Old.Path)=\(.Old.Path)@\($v)"),
      (.Godebug // [] | .[] | "-godebug=\(.Key)=\(.Value)")' | xargs -r go mod edit
  go_get -tool "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_V"
  local ldf="-s -w" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf="$ldf -X $p.gitVersion=$K8S_V -X $p.gitMajor=${kv%%.*} -X $p.gitMinor=$(cut -d. -f2 <<<"$kv") -X $p.gitTreeState=clean"
  done
  log "kube-apiserver $K8S_V: compiling"
  go build -trimpath -tags selinux,notest -ldflags "$ldf" -o "$BIN/kube-apiserver.new" k8s.io/kubernetes/cmd/kube-apiserver
  mv "$BIN/kube-apiserver.new" "$BIN/kube-apiserver"
  "$BIN/kube-apiserver" --version | grep -qx "Kubernetes $K8S_V" || die "built kube-apiserver reports: $("$BIN/kube-apiserver" --version)"
  stamp kube-apiserver "$K8S_V"; log "kube-apiserver $K8S_V: built"
}

# ---------------------------------------------------------------------------------------------
# Chroma: the server the manifests pin (the `images.chroma` default under config/, chromadb/chroma:<v>) is the
# same Rust server the PyPI package `chromadb` of that version ships and starts with `chroma run`.
build_chroma() {
  local venv=$ROOT/chroma-$CHROMA_V
  if stamped chroma "$CHROMA_V" "$venv/bin/chroma"; then log "chroma $CHROMA_V: up to date"; return; fi
  command -v python3 >/dev/null || die "python3 is not installed (needed for the chromadb $CHROMA_V venv)"
  log "chroma $CHROMA_V: venv + pip install chromadb==$CHROMA_V"
  rm -rf "$venv"; python3 -m venv "$venv"
  if ! "$venv/bin/pip" install --disable-pip-version-check -q "chromadb==$CHROMA_V" >"$venv/pip.log" 2>&1; then
    grep -iE 'no matching distribution|could not find a version|error' "$venv/pip.log" | head -5 >&2 || true
    die "pip refused chromadb==$CHROMA_V or one of its dependencies (full log: $venv/pip.log)"
  fi
  [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("chromadb"))')" = "$CHROMA_V" ] \
    || die "the venv holds a chromadb other than $CHROMA_V"
  stamp chroma "$CHROMA_V"; log "chroma $CHROMA_V: installed"
}

want=${*:-pulumi etcd kube-apiserver chroma}
for t in $want; do
  case $t in
    pulumi) build_pulumi ;;
    etcd) build_etcd ;;
    kube-apiserver) build_kube_apiserver ;;
    chroma) build_chroma ;;
    *) die "unknown tool '$t' (pulumi, etcd, kube-apiserver, chroma)" ;;
  esac
done
log "done: $ROOT (pulumi $PULUMI_V, etcd $ETCD_V, kube-apiserver $K8S_V, chroma $CHROMA_V)"
