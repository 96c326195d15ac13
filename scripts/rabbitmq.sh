#!/usr/bin/env bash
# Local RabbitMQ with STOMP + Web-STOMP for stompkit's broker integration tests.
# Targets the Debian/Ubuntu package (rabbitmq-server 3.x), runs without systemd, as
# an unprivileged-looking private node whose state lives entirely under one directory.
#
# Usage: bash scripts/rabbitmq.sh <command>
#   install  apt-get install rabbitmq-server if /usr/lib/rabbitmq/bin/rabbitmq-server is missing
#   start    start in the background (idempotent); blocks until AMQP, STOMP and Web-STOMP listen
#   stop     clean shutdown (rabbitmqctl shutdown), then stop epmd
#   kill     kill -9 the Erlang VM (simulated crash) and wait until it is gone; `start` restarts
#   pause    SIGSTOP the Erlang VM (the broker freezes: heart-beat / timeout tests)
#   resume   SIGCONT the Erlang VM
#   status   running / paused / stopped (exit 3 when stopped), with the listening ports
#   pid      print the Erlang VM pid (exit 1 when not running)
#   ensure   install if needed, then start if not running
#   ctl ...  rabbitmqctl with this node's cookie and name (e.g. `ctl cluster_status`; used by rabbitmq-cluster.sh)
#
# Endpoints (127.0.0.1 only):  Web-STOMP ws://127.0.0.1:15674/ws  (subprotocols v10/v11/v12.stomp)
#   STOMP tcp 127.0.0.1:61613, AMQP 127.0.0.1:5672, Erlang distribution 127.0.0.1:25672.
#   Login guest/guest (RabbitMQ only allows guest from loopback), vhost "/".
# Environment:
#   STOMPKIT_RMQ_BASE   state directory (config, mnesia, logs, cookie)  default /tmp/stompkit-rabbitmq
#   STOMPKIT_RMQ_WS_PORT / _STOMP_PORT / _AMQP_PORT / _DIST_PORT, STOMPKIT_RMQ_NODENAME  (rarely needed)
#   STOMPKIT_RMQ_START_TIMEOUT  seconds `start` waits for the listeners             default 120
#   STOMPKIT_RMQ_EXTRA_CONF     extra rabbitmq.conf lines (e.g. cluster_partition_handling = autoheal)
set -euo pipefail

BASE=${STOMPKIT_RMQ_BASE:-/tmp/stompkit-rabbitmq}
WS_PORT=${STOMPKIT_RMQ_WS_PORT:-15674}
STOMP_PORT=${STOMPKIT_RMQ_STOMP_PORT:-61613}
AMQP_PORT=${STOMPKIT_RMQ_AMQP_PORT:-5672}
DIST_PORT=${STOMPKIT_RMQ_DIST_PORT:-25672}
START_TIMEOUT=${STOMPKIT_RMQ_START_TIMEOUT:-120}
BIN=/usr/lib/rabbitmq/bin
INSTALL_CMD="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rabbitmq-server"

# Everything the server and the CLI tools read comes from $BASE, never from /etc/rabbitmq or /var/lib/rabbitmq.
export HOME=$BASE                                        # .erlang.cookie is read from $HOME by server and CLI
export RABBITMQ_NODENAME=${STOMPKIT_RMQ_NODENAME:-stompkit@localhost}
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$AMQP_PORT
export RABBITMQ_DIST_PORT=$DIST_PORT
export ERL_EPMD_ADDRESS=127.0.0.1                        # epmd (4369) started by this node listens on loopback only
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CONF_ENV_FILE=$BASE/rabbitmq-env.conf    # otherwise /etc/rabbitmq/rabbitmq-env.conf is sourced
export RABBITMQ_CONFIG_FILE=$BASE/rabbitmq.conf
export RABBITMQ_ADVANCED_CONFIG_FILE=$BASE/advanced.config
export RABBITMQ_ENABLED_PLUGINS_FILE=$BASE/enabled_plugins
export RABBITMQ_MNESIA_BASE=$BASE/mnesia
export RABBITMQ_LOG_BASE=$BASE/log
export RABBITMQ_PID_FILE=$BASE/rabbitmq.pid
SERVER_OUT=$BASE/server.out
SERVER_LOG=$RABBITMQ_LOG_BASE/$RABBITMQ_NODENAME.log

T0=$EPOCHREALTIME
took() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }
say() { echo "rabbitmq: $*"; }
die() { echo "rabbitmq: error: $*" >&2; exit 1; }

# Pid of the Erlang VM, if the pid file names a live, non-zombie beam process.
# (A pid file left behind by kill -9 must not count; the parent may reap a killed VM late.)
vm_pid() {
  local p stat
  p=$(cat "$RABBITMQ_PID_FILE" 2>/dev/null) || return 1
  [[ $p =~ ^[0-9]+$ ]] || return 1
  stat=$(ps -o stat= -p "$p" 2>/dev/null) || return 1
  [[ $stat != Z* ]] || return 1
  grep -q beam "/proc/$p/comm" 2>/dev/null || return 1
  echo "$p"
}
vm_paused() { [[ $(ps -o stat= -p "$1" 2>/dev/null) == T* ]]; }
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $s != Z* ]]; }

listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }   # bash /dev/tcp probe: a real TCP connect

show_logs() {
  echo "---- tail of $SERVER_LOG ----" >&2
  tail -n 40 "$SERVER_LOG" >&2 2>/dev/null || echo "(no server log)" >&2
  echo "---- tail of $SERVER_OUT ----" >&2
  tail -n 20 "$SERVER_OUT" >&2 2>/dev/null || echo "(no stdout log)" >&2
}

install() {
  if [[ -x $BIN/rabbitmq-server ]]; then say "rabbitmq-server already installed ($(took))"; return 0; fi
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "rabbitmq: $BIN/rabbitmq-server is missing. Install RabbitMQ first, e.g. as root on Debian/Ubuntu:" >&2
    echo "  $INSTALL_CMD" >&2
    exit 1
  fi
  say "installing rabbitmq-server with apt-get"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends rabbitmq-server </dev/null
  [[ -x $BIN/rabbitmq-server ]] || die "apt-get finished but $BIN/rabbitmq-server is still missing"
  say "installed ($(took))"
}

write_config() {
  mkdir -p "$BASE" "$RABBITMQ_LOG_BASE" "$RABBITMQ_MNESIA_BASE"
  cat >"$RABBITMQ_CONFIG_FILE" <<EOF
# generated by scripts/rabbitmq.sh; rewritten on every start
listeners.tcp.1 = 127.0.0.1:$AMQP_PORT
loopback_users.guest = true
stomp.listeners.tcp.1 = 127.0.0.1:$STOMP_PORT
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = $WS_PORT
web_stomp.ws_path = /ws
web_stomp.ws_frame = text
${STOMPKIT_RMQ_EXTRA_CONF:-}
EOF
  echo '[rabbitmq_stomp,rabbitmq_web_stomp].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
  : >"$RABBITMQ_CONF_ENV_FILE"
  [[ -f $RABBITMQ_ADVANCED_CONFIG_FILE ]] || echo '[].' >"$RABBITMQ_ADVANCED_CONFIG_FILE"
  if [[ ! -s $HOME/.erlang.cookie ]]; then                  # create it up front: no server/CLI race
    (umask 077; head -c 48 /dev/urandom | od -An -tx1 | tr -dc a-f0-9 | head -c 32 >"$HOME/.erlang.cookie")
    chmod 400 "$HOME/.erlang.cookie"
  fi
}

# Block until every listener accepts connections; fail fast if the VM dies.
wait_ready() { # wrapper-pid (or empty)
  local wrapper=${1:-} deadline=$((SECONDS + START_TIMEOUT)) p port pending
  while :; do
    pending=
    for port in "$AMQP_PORT" "$STOMP_PORT" "$WS_PORT"; do listening "$port" || pending+=" $port"; done
    if [[ -z $pending ]] && accepts "$WS_PORT"; then return 0; fi
    if ! p=$(vm_pid) && [[ -n $wrapper ]] && ! alive "$wrapper"; then
      echo "rabbitmq: error: the broker exited during startup (ports still closed:${pending:- none})" >&2
      show_logs; exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "rabbitmq: error: broker not ready after ${START_TIMEOUT}s: 127.0.0.1 ports not accepting:${pending:- $WS_PORT}" >&2
      show_logs; exit 1
    fi
    sleep 0.2
  done
}

start() {
  [[ -x $BIN/rabbitmq-server ]] || { echo "rabbitmq: not installed; run: bash $0 install  (or: $INSTALL_CMD)" >&2; exit 1; }
  local p
  if p=$(vm_pid); then
    if vm_paused "$p"; then say "pid $p was paused; resuming"; kill -CONT "$p"; fi
    wait_ready ""
    say "already running (pid $p) ($(took))"; return 0
  fi
  for port in "$AMQP_PORT" "$STOMP_PORT" "$WS_PORT" "$DIST_PORT"; do
    if listening "$port"; then
      echo "rabbitmq: error: port $port is already in use by another process (another RabbitMQ, e.g. the system service?):" >&2
      ss -Hltnp "sport = :$port" >&2 2>/dev/null || true
      exit 1
    fi
  done
  write_config
  rm -f "$RABBITMQ_PID_FILE"              # stale after kill -9; `rabbitmqctl wait` & our vm_pid trust it
  echo "==== start $(date -Is) ====" >>"$SERVER_OUT"
  cd "$BASE"
  setsid nohup "$BIN/rabbitmq-server" </dev/null >>"$SERVER_OUT" 2>&1 9>&- &
  local wrapper=$!
  wait_ready "$wrapper"
  say "up (pid $(vm_pid || echo '?')): ws://127.0.0.1:$WS_PORT/ws, stomp 127.0.0.1:$STOMP_PORT, amqp 127.0.0.1:$AMQP_PORT ($(took))"
}

wait_gone() { # pid timeout-seconds
  local deadline=$((SECONDS + $2))
  while alive "$1"; do ((SECONDS < deadline)) || return 1; sleep 0.05; done
}

stop() {
  local p
  if p=$(vm_pid); then
    vm_paused "$p" && kill -CONT "$p"
    if ! timeout 90 "$BIN/rabbitmqctl" shutdown >/dev/null 2>&1; then
      say "rabbitmqctl shutdown failed; sending SIGTERM to pid $p"
      kill -TERM "$p" 2>/dev/null || true
      wait_gone "$p" 30 || { say "still alive; SIGKILL"; kill -9 "$p" 2>/dev/null || true; }
    fi
    wait_gone "$p" 30 || die "pid $p did not exit"
    rm -f "$RABBITMQ_PID_FILE"
    say "stopped (pid $p)"
  else
    say "not running"
  fi
  # epmd outlives the node; -kill refuses (harmlessly) while other nodes are still registered.
  epmd -kill >/dev/null 2>&1 || true
  say "stop done ($(took))"
}

kill9() {
  local p
  p=$(vm_pid) || { say "not running ($(took))"; return 0; }
  kill -9 "$p"
  wait_gone "$p" 30 || die "pid $p still alive 30s after kill -9"
  rm -f "$RABBITMQ_PID_FILE"
  say "killed pid $p with SIGKILL ($(took)); epmd left running; 'start' restarts"
}

pause() {
  local p; p=$(vm_pid) || die "not running"
  kill -STOP "$p"; say "paused pid $p (SIGSTOP) ($(took))"
}

resume() {
  local p; p=$(vm_pid) || die "not running"
  kill -CONT "$p"; say "resumed pid $p (SIGCONT) ($(took))"
}

status() {
  local p state port
  if ! p=$(vm_pid); then echo "stopped (base $BASE)"; return 3; fi
  state=running; vm_paused "$p" && state=paused
  echo "$state pid $p (node $RABBITMQ_NODENAME, base $BASE)"
  for port in "$AMQP_PORT" "$STOMP_PORT" "$WS_PORT" "$DIST_PORT"; do
    if listening "$port"; then echo "  listen 127.0.0.1:$port"; else echo "  NOT listening :$port"; fi
  done
  echo "  web-stomp ws://127.0.0.1:$WS_PORT/ws  login guest/guest"
}

ensure() {
  if [[ -x $BIN/rabbitmq-server ]]; then say "rabbitmq-server is installed"; else say "rabbitmq-server is not installed; installing"; install; fi
  local p
  if ! p=$(vm_pid); then say "not running; starting broker in $BASE"
  elif vm_paused "$p"; then say "running but paused (pid $p)"
  else say "already running (pid $p); checking listeners"; fi
  start
}

# One command at a time per node: a `start` racing another `start` (or a `kill`) would see the port taken
# before the new VM has written its pid file. Held until this script exits.
lock() { mkdir -p "$BASE"; exec 9>"$BASE/.lock"; flock -w 300 9 || die "another rabbitmq.sh command holds $BASE/.lock"; }
case "${1:-}" in
  start | stop | kill | ensure) lock ;;
esac

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  kill) kill9 ;;
  pause) pause ;;
  resume) resume ;;
  status) status ;;
  pid) vm_pid || { echo "rabbitmq: not running" >&2; exit 1; } ;;
  ensure) ensure ;;
  ctl) shift; exec "$BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" "$@" ;;
  *) echo "usage: $0 {install|start|stop|kill|pause|resume|status|pid|ensure|ctl ...}" >&2; exit 2 ;;
esac
