# Sourced by the start scripts and .ci/run: where the built tools are. Prints nothing.
# shellcheck source=versions.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/versions.sh"
LLMSTACK_ENGINE_HOME=${LLMSTACK_ENGINE_HOME:-$HOME/.cache/llmstack-engine}
ENGINE_BIN=$LLMSTACK_ENGINE_HOME/bin
CHROMA_VENV=$LLMSTACK_ENGINE_HOME/chroma-$CHROMA_V
export LLMSTACK_ENGINE_HOME ENGINE_BIN CHROMA_VENV

# A free loopback TCP port (the kernel picks it; a small race with other processes is acceptable for tests).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Start a daemon in the background, its output in DIR/NAME.log and its pid in DIR/NAME.pid.
start_daemon() { # DIR NAME CMD...
  local d=$1 n=$2; shift 2
  "$@" >"$d/$n.log" 2>&1 &
  echo $! >"$d/$n.pid"
}

# Poll a command until it succeeds (every 0.5 s, at most SECS seconds); on timeout show the log and fail.
wait_until() { # SECS LOGFILE CMD...
  local secs=$1 logf=$2 i; shift 2
  for ((i = 0; i < secs * 2; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "not ready after ${secs}s: $*" >&2; tail -40 "$logf" >&2; return 1
}
