#!/usr/bin/env bash
# Stops what start-kube.sh / start-chroma.sh started in DIR (by the pids they wrote), newest first; waits up to 10 s
# each, then SIGKILL. Usage: tools/engine/stop.sh DIR
set -uo pipefail
D=${1:?usage: stop.sh DIR}
for n in chroma kube-apiserver etcd; do
  f=$D/$n.pid
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
done
