#!/usr/bin/env bash
# Starts the Chroma server the manifests pin (chromadb <CHROMA_V> from PyPI, `chroma run`) on a free loopback port.
# Usage: tools/engine/start-chroma.sh DIR   -> DIR/chroma.url, DIR/chroma.pid, DIR/chroma.log, data in DIR/chroma-data
# Stop with tools/engine/stop.sh DIR. Needs tools/engine/build.sh chroma.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$here/env.sh"
D=${1:?usage: start-chroma.sh DIR}
mkdir -p "$D/chroma-data"
[ -x "$CHROMA_VENV/bin/chroma" ] || { echo "missing $CHROMA_VENV/bin/chroma: run tools/engine/build.sh chroma" >&2; exit 1; }
PORT=$(free_port)
# ANONYMIZED_TELEMETRY=False: Chroma's documented switch for its product telemetry (docs.trychroma.com, telemetry).
ANONYMIZED_TELEMETRY=False start_daemon "$D" chroma "$CHROMA_VENV/bin/chroma" run --path "$D/chroma-data" --host 127.0.0.1 --port "$PORT"
wait_until 60 "$D/chroma.log" curl -sf "http://127.0.0.1:$PORT/api/v2/heartbeat"
echo "http://127.0.0.1:$PORT" >"$D/chroma.url"
echo "chroma $CHROMA_V ready at http://127.0.0.1:$PORT" >&2
