# Versions of the real-engine test tools (sourced by build.sh and env.sh; tests read them through env.sh).
# Each was checked against what the Go module proxy these machines reach serves (see build.sh for the refusals).

# The CLI. The project's npm SDK is @pulumi/pulumi 3.270; pkg/v3 v3.270.0 is not served by the proxy, v3.274.1 is,
# and a CLI newer than the SDK is the supported direction (the Automation API only checks a minimum CLI version).
PULUMI_V=${PULUMI_V:-v3.274.1}
# The API server the manifests are applied to (Kubernetes 1.36.x).
K8S_V=${K8S_V:-v1.36.3}
# etcd 3.6 (Debian bookworm's 3.4.23 is older than the 3.4.29/3.5.11 that Kubernetes >= 1.31 assumes,
# kubernetes/website#54030).
ETCD_V=${ETCD_V:-v3.6.16}
# Chroma: whatever the manifests pin (CHROMA_VERSION in catalog/images.ts, the `images.chroma` default of the
# Kubernetes config schema), so the tests run the server version the platform deploys; tests/engine/chroma.test.ts
# checks the installed version against the rendered StatefulSet's image.
if [ -z "${CHROMA_V:-}" ]; then
  CHROMA_V=$(grep -hoE 'export const CHROMA_VERSION = "[0-9][0-9.]*"' "$(dirname -- "${BASH_SOURCE[0]}")/../../catalog/images.ts" \
    | sed -E 's/.*"([0-9.]+)".*/\1/' | sort -u)
  case $CHROMA_V in
    *[!0-9.]* | "") echo "versions.sh: expected one CHROMA_VERSION = \"<version>\" in catalog/images.ts, found '$CHROMA_V'" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
fi
export PULUMI_V K8S_V ETCD_V CHROMA_V
