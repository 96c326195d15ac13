#!/usr/bin/env bash
# A two-node RabbitMQ cluster on loopback for stompkit's failover tests, each node with Web-STOMP.
# Separate from the single broker of scripts/rabbitmq.sh (other ports, node names and directories),
# so the broker suite can kill and pause that one while the cluster keeps running, and vice versa.
# Each node is a scripts/rabbitmq.sh node; this script shares the Erlang cookie and joins b to a.
#
# Usage: bash scripts/rabbitmq-cluster.sh <command> [a|b]
#   install            apt-get install rabbitmq-server when missing
#   start [a|b]        start both nodes (or one) and make sure b is clustered with a; idempotent;
#                      blocks until every started node's listeners accept connections
#   ensure             install + start
#   stop [a|b]         clean shutdown of both (or one)
#   kill a|b           kill -9 one node (simulated crash); `start a|b` restarts it and it rejoins
#   pause a|b / resume a|b   SIGSTOP / SIGCONT one node
#   status [a|b]       each node's state and listeners, and the cluster's running nodes (exit 3 if a node is down)
#   pid a|b            the node's Erlang VM pid
#   reset              stop both and delete their state (a fresh cluster on the next start)
#
# Nodes (127.0.0.1 only; login guest/guest, vhost "/"; topics route across the nodes):
#   a: stompkit-a@localhost  ws://127.0.0.1:15684/ws  stomp 61684  amqp 5682  dist 25682  /tmp/stompkit-rmq-a
#   b: stompkit-b@localhost  ws://127.0.0.1:15685/ws  stomp 61685  amqp 5683  dist 25683  /tmp/stompkit-rmq-b
# Override any of them with STOMPKIT_CLUSTER_{A,B}_{WS_PORT,STOMP_PORT,AMQP_PORT,DIST_PORT,NODENAME,BASE}.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

A_BASE=${STOMPKIT_CLUSTER_A_BASE:-/tmp/stompkit-rmq-a}
B_BASE=${STOMPKIT_CLUSTER_B_BASE:-/tmp/stompkit-rmq-b}
A_NAME=${STOMPKIT_CLUSTER_A_NODENAME:-stompkit-a@localhost}
B_NAME=${STOMPKIT_CLUSTER_B_NODENAME:-stompkit-b@localhost}
# autoheal: if the nodes ever come up as two partitions (a node forced to boot alone while it was not the
# last one down), the minority side restarts and rejoins instead of serving diverging state.
CLUSTER_CONF="cluster_partition_handling = autoheal"
A_ENV=(
  STOMPKIT_RMQ_EXTRA_CONF="$CLUSTER_CONF" STOMPKIT_RMQ_BASE="$A_BASE" STOMPKIT_RMQ_NODENAME="$A_NAME"
  STOMPKIT_RMQ_WS_PORT="${STOMPKIT_CLUSTER_A_WS_PORT:-15684}" STOMPKIT_RMQ_STOMP_PORT="${STOMPKIT_CLUSTER_A_STOMP_PORT:-61684}"
  STOMPKIT_RMQ_AMQP_PORT="${STOMPKIT_CLUSTER_A_AMQP_PORT:-5682}" STOMPKIT_RMQ_DIST_PORT="${STOMPKIT_CLUSTER_A_DIST_PORT:-25682}"
)
B_ENV=(
  STOMPKIT_RMQ_EXTRA_CONF="$CLUSTER_CONF" STOMPKIT_RMQ_BASE="$B_BASE" STOMPKIT_RMQ_NODENAME="$B_NAME"
  STOMPKIT_RMQ_WS_PORT="${STOMPKIT_CLUSTER_B_WS_PORT:-15685}" STOMPKIT_RMQ_STOMP_PORT="${STOMPKIT_CLUSTER_B_STOMP_PORT:-61685}"
  STOMPKIT_RMQ_AMQP_PORT="${STOMPKIT_CLUSTER_B_AMQP_PORT:-5683}" STOMPKIT_RMQ_DIST_PORT="${STOMPKIT_CLUSTER_B_DIST_PORT:-25683}"
)

T0=$EPOCHREALTIME
took() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }
say() { echo "rabbitmq-cluster: $*"; }
die() { echo "rabbitmq-cluster: error: $*" >&2; exit 1; }

node() { # a|b rabbitmq.sh-args...
  local n=$1; shift
  case $n in
    a) env "${A_ENV[@]}" bash "$HERE/rabbitmq.sh" "$@" ;;
    b) env "${B_ENV[@]}" bash "$HERE/rabbitmq.sh" "$@" ;;
    *) die "no node '$n' (a or b)" ;;
  esac
}
# Output prefixed with the node, for the parallel starts.
tagged() { local n=$1; shift; node "$n" "$@" 2>&1 | sed -u "s/^/[$n] /"; return "${PIPESTATUS[0]}"; }
running() { node "$1" pid >/dev/null 2>&1; }
peer() { [[ $1 == a ]] && echo b || echo a; }
name() { [[ $1 == a ]] && echo "$A_NAME" || echo "$B_NAME"; }

# Both nodes need the same Erlang cookie (rabbitmq.sh reads it from $BASE/.erlang.cookie).
share_cookie() {
  mkdir -p "$A_BASE" "$B_BASE"
  if [[ ! -s $A_BASE/.erlang.cookie ]]; then
    (umask 077; head -c 48 /dev/urandom | od -An -tx1 | tr -dc a-f0-9 | head -c 32 >"$A_BASE/.erlang.cookie")
    chmod 400 "$A_BASE/.erlang.cookie"
  fi
  if ! cmp -s "$A_BASE/.erlang.cookie" "$B_BASE/.erlang.cookie" 2>/dev/null; then
    rm -f "$B_BASE/.erlang.cookie"
    cp "$A_BASE/.erlang.cookie" "$B_BASE/.erlang.cookie"
    chmod 400 "$B_BASE/.erlang.cookie"
  fi
}

# A node that was not the last of the cluster to go down waits (up to 5 min) for its peer at boot.
# When the peer is down, force_boot lets it start alone; the peer rejoins when it comes back.
boot_alone() {
  local n=$1
  [[ -d $([[ $n == a ]] && echo "$A_BASE" || echo "$B_BASE")/mnesia ]] || return 0
  node "$n" ctl force_boot >/dev/null 2>&1 || true
}

clustered() { node b ctl cluster_status --formatter json 2>/dev/null | grep -q "\"running_nodes\":\[[^]]*\"$A_NAME\""; }

join() {
  clustered && return 0
  say "joining $B_NAME to $A_NAME"
  node b ctl stop_app >/dev/null
  node b ctl join_cluster "$A_NAME" >/dev/null
  node b ctl start_app >/dev/null
  node b start >/dev/null                 # waits until b's listeners accept again
  clustered || die "$B_NAME did not join $A_NAME; see: bash $0 status"
}

start_one() {
  local n=$1
  running "$n" && { node "$n" start; return; }
  running "$(peer "$n")" || boot_alone "$n"
  node "$n" start
}

start_all() {
  share_cookie
  if running a || running b || [[ ! -d $A_BASE/mnesia || ! -d $B_BASE/mnesia ]]; then
    start_one a
    start_one b
  else
    # Both down with state: start them together, each one's boot may wait for the other's tables.
    local pa pb rc=0
    tagged a start & pa=$!
    tagged b start & pb=$!
    wait "$pa" || rc=$?
    wait "$pb" || rc=$?
    ((rc == 0)) || die "a node did not start (see above)"
  fi
  join
  say "up: ws://127.0.0.1:${STOMPKIT_CLUSTER_A_WS_PORT:-15684}/ws ($A_NAME) and ws://127.0.0.1:${STOMPKIT_CLUSTER_B_WS_PORT:-15685}/ws ($B_NAME) ($(took))"
}

status() {
  local rc=0 n
  for n in ${1:-a b}; do
    echo "node $n ($(name "$n")):"; node "$n" status | sed 's/^/  /' || rc=3
  done
  if running a; then
    echo "cluster running nodes (seen from a): $(node a ctl cluster_status --formatter json 2>/dev/null |
      grep -o '"running_nodes":\[[^]]*\]' | sed 's/"running_nodes"://')"
  fi
  return $rc
}

need_node() { [[ ${1:-} == a || ${1:-} == b ]] || die "'$2' needs a node: a or b"; }

cmd=${1:-}; n=${2:-}
case $cmd in
  install) node a install ;;
  start | ensure)
    [[ $cmd == ensure ]] && node a install
    if [[ -n $n ]]; then need_node "$n" start; share_cookie; start_one "$n"; running a && running b && join; say "$n up ($(took))"
    else start_all; fi ;;
  stop)
    if [[ -n $n ]]; then need_node "$n" stop; node "$n" stop
    else node b stop; node a stop; fi ;;
  kill) need_node "$n" kill; node "$n" kill ;;
  pause) need_node "$n" pause; node "$n" pause ;;
  resume) need_node "$n" resume; node "$n" resume ;;
  pid) need_node "$n" pid; node "$n" pid ;;
  status) status "$n" ;;
  reset) node b stop || true; node a stop || true; rm -rf "$A_BASE" "$B_BASE"; say "reset: state of both nodes deleted" ;;
  *) echo "usage: $0 {install|start [a|b]|ensure|stop [a|b]|kill a|b|pause a|b|resume a|b|status [a|b]|pid a|b|reset}" >&2; exit 2 ;;
esac
