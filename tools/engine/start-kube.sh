#!/usr/bin/env bash
# Starts etcd and kube-apiserver on loopback (free ports), envtest-style: no kubelet, scheduler or controllers.
# Usage: tools/engine/start-kube.sh DIR   -> DIR/kubeconfig (admin bearer token), DIR/*.pid, DIR/*.log
# Stop with tools/engine/stop.sh DIR. Needs the binaries of tools/engine/build.sh etcd kube-apiserver.
#
# Flags follow controller-runtime's envtest (kubernetes-sigs/controller-runtime:pkg/internal/testing/controlplane/
# apiserver.go defaultArgs): a service CIDR (only an allocation range; nothing routes there), ServiceAccount
# admission off (no controller creates the default ServiceAccount), RBAC, a service-account issuer and keys.
# Authentication is a static token file (--token-auth-file) instead of envtest's client certificates.
# The PodSecurity admission plugin is on by default since Kubernetes 1.25, so namespace labels enforce levels.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$here/env.sh"
D=${1:?usage: start-kube.sh DIR}
mkdir -p "$D/etcd" "$D/certs"
for b in etcd kube-apiserver; do
  [ -x "$ENGINE_BIN/$b" ] || { echo "missing $ENGINE_BIN/$b: run tools/engine/build.sh $b" >&2; exit 1; }
done

ETCD_CLIENT=$(free_port) ETCD_PEER=$(free_port) API_PORT=$(free_port)
openssl genrsa -out "$D/certs/sa.key" 2048 2>/dev/null
openssl rsa -in "$D/certs/sa.key" -pubout -out "$D/certs/sa.pub" 2>/dev/null
TOKEN=$(openssl rand -hex 16)
echo "$TOKEN,admin,admin,system:masters" >"$D/tokens.csv"

start_daemon "$D" etcd "$ENGINE_BIN/etcd" --name default --data-dir "$D/etcd" --unsafe-no-fsync \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
  --initial-cluster "default=http://127.0.0.1:$ETCD_PEER" --listen-metrics-urls ""
wait_until 30 "$D/etcd.log" curl -sf "http://127.0.0.1:$ETCD_CLIENT/health"

start_daemon "$D" kube-apiserver "$ENGINE_BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_CLIENT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" --cert-dir "$D/certs" \
  --token-auth-file "$D/tokens.csv" --authorization-mode RBAC --allow-privileged=true \
  --service-cluster-ip-range 10.0.0.0/24 --service-account-issuer "https://127.0.0.1:$API_PORT" \
  --service-account-key-file "$D/certs/sa.pub" --service-account-signing-key-file "$D/certs/sa.key" \
  --disable-admission-plugins ServiceAccount

cat >"$D/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "https://127.0.0.1:$API_PORT", insecure-skip-tls-verify: true}}]
users: [{name: admin, user: {token: "$TOKEN"}}]
contexts: [{name: local, context: {cluster: local, user: admin}}]
current-context: local
KC
wait_until 120 "$D/kube-apiserver.log" curl -skf -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$API_PORT/readyz"
echo "kube-apiserver ready at https://127.0.0.1:$API_PORT (kubeconfig: $D/kubeconfig)" >&2
