#!/usr/bin/env bash
# Local ActiveMQ Classic 5.17 (Debian 12's package) with STOMP + STOMP over WebSocket, for stompkit's
# broker tests. Runs without systemd as a private broker whose state lives under one directory.
#
# Usage: bash scripts/activemq.sh <command>
#   install  apt-get install activemq, libjetty9-extra-java and a JDK when missing, then build the ws://
#            transport jar from scripts/activemq-ws (Debian ships no activemq-http jar: see its README)
#   start    start in the background (idempotent); blocks until STOMP and WebSocket accept connections
#   stop     SIGTERM (ActiveMQ's shutdown hook closes the store cleanly), SIGKILL after 30 s
#   kill     kill -9 the JVM (simulated crash) and wait until it is gone; `start` restarts
#   pause    SIGSTOP the JVM (heart-beat tests)        resume   SIGCONT the JVM
#   status   running / paused / stopped (exit 3 when stopped), with the listening ports
#   pid      print the JVM pid (exit 1 when not running)
#   ensure   install if needed, then start if not running
#
# Endpoints (127.0.0.1 only): ws://127.0.0.1:61614 (subprotocols v10/v11/v12.stomp), STOMP tcp
#   127.0.0.1:61623 (not 61613: RabbitMQ's), OpenWire 127.0.0.1:61616. No authentication (any login).
#   Persistent (KahaDB under $BASE/data): a receipted SEND with `persistent:true` survives kill -9.
# Environment:
#   STOMPKIT_AMQ_BASE        state directory (config, data, logs, the built jar)   default /tmp/stompkit-activemq
#   STOMPKIT_AMQ_WS_PORT / _STOMP_PORT / _OPENWIRE_PORT                             default 61614 / 61623 / 61616
#   STOMPKIT_AMQ_PERSISTENT  true|false                                           default true
#   STOMPKIT_AMQ_JAVA_OPTS   JVM options                                          default -Xms64m -Xmx512m
#   STOMPKIT_AMQ_WS_QUERY    ws connector options, e.g. websocket.maxTextMessageSize=2097152 (Jetty's
#                            default caps one WebSocket text message at 64 KiB: bigger frames close with 1009)
#   STOMPKIT_AMQ_START_TIMEOUT  seconds `start` waits                              default 90
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

BASE=${STOMPKIT_AMQ_BASE:-/tmp/stompkit-activemq}
WS_PORT=${STOMPKIT_AMQ_WS_PORT:-61614}
STOMP_PORT=${STOMPKIT_AMQ_STOMP_PORT:-61623}
OPENWIRE_PORT=${STOMPKIT_AMQ_OPENWIRE_PORT:-61616}
PERSISTENT=${STOMPKIT_AMQ_PERSISTENT:-true}
JAVA_OPTS=${STOMPKIT_AMQ_JAVA_OPTS:--Xms64m -Xmx512m}
START_TIMEOUT=${STOMPKIT_AMQ_START_TIMEOUT:-90}
HOME_DIR=/usr/share/activemq
SRC=$HERE/activemq-ws/src
WS_JAR=$BASE/activemq-ws-5.17-debian.jar
JETTY="server servlet http io util security xml websocket-api websocket-common websocket-server websocket-servlet websocket-client"
PIDFILE=$BASE/activemq.pid
SERVER_OUT=$BASE/server.out
PACKAGES="activemq libjetty9-extra-java default-jdk-headless"
INSTALL_CMD="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES"

T0=$EPOCHREALTIME
took() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }
say() { echo "activemq: $*"; }
die() { echo "activemq: error: $*" >&2; exit 1; }

# Pid of the JVM, if the pid file names a live, non-zombie java process (a kill -9 leaves the file behind).
vm_pid() {
  local p stat
  p=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [[ $p =~ ^[0-9]+$ ]] || return 1
  stat=$(ps -o stat= -p "$p" 2>/dev/null) || return 1
  [[ $stat != Z* ]] || return 1
  grep -q java "/proc/$p/comm" 2>/dev/null || return 1
  echo "$p"
}
vm_paused() { [[ $(ps -o stat= -p "$1" 2>/dev/null) == T* ]]; }
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $s != Z* ]]; }
listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
wait_gone() { # pid timeout-seconds
  local deadline=$((SECONDS + $2))
  while alive "$1"; do ((SECONDS < deadline)) || return 1; sleep 0.05; done
}

installed() {
  [[ -f $HOME_DIR/bin/activemq.jar && -f /usr/share/java/jetty9-websocket-server.jar ]] && command -v javac >/dev/null
}

# The ws:// transport, compiled against the installed ActiveMQ and Jetty jars; rebuilt when a source is newer.
build_ws() {
  if [[ -f $WS_JAR ]] && [[ -z $(find "$SRC" -newer "$WS_JAR" -type f -print -quit) ]]; then return 0; fi
  local tmp cp j
  tmp=$(mktemp -d)
  cp=$(printf '%s:' "$HOME_DIR"/lib/*.jar)
  for j in $JETTY; do cp+="/usr/share/java/jetty9-$j.jar:"; done
  cp+=/usr/share/java/servlet-api.jar
  mkdir -p "$BASE"
  # shellcheck disable=SC2046
  javac -nowarn --release 11 -cp "$cp" -d "$tmp" $(find "$SRC/java" -name '*.java')
  cp -r "$SRC/resources/META-INF" "$tmp/"
  jar cf "$WS_JAR.tmp" -C "$tmp" . && mv "$WS_JAR.tmp" "$WS_JAR"
  rm -rf "$tmp"
  say "built $WS_JAR ($(took))"
}

install() {
  if installed; then
    say "activemq, jetty9 and javac already installed ($(took))"
  else
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
      echo "activemq: ActiveMQ 5.17, Jetty 9 or javac is missing. Install them first, e.g. as root on Debian 12:" >&2
      echo "  $INSTALL_CMD" >&2
      exit 1
    fi
    say "installing $PACKAGES with apt-get"
    apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $PACKAGES </dev/null
    installed || die "apt-get finished but ActiveMQ/Jetty/javac are still missing"
    say "installed ($(took))"
  fi
  build_ws
}

write_config() {
  mkdir -p "$BASE/conf" "$BASE/lib" "$BASE/data"
  cat >"$BASE/conf/activemq.xml" <<EOF
<!-- generated by scripts/activemq.sh; rewritten on every start -->
<beans xmlns="http://www.springframework.org/schema/beans"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="stompkit" useJmx="false"
          persistent="$PERSISTENT" dataDirectory="$BASE/data" schedulerSupport="false">
    <transportConnectors>
      <transportConnector name="openwire" uri="tcp://127.0.0.1:$OPENWIRE_PORT"/>
      <transportConnector name="stomp" uri="stomp://127.0.0.1:$STOMP_PORT"/>
      <transportConnector name="ws" uri="ws://127.0.0.1:$WS_PORT${STOMPKIT_AMQ_WS_QUERY:+?$STOMPKIT_AMQ_WS_QUERY}"/>
    </transportConnectors>
  </broker>
</beans>
EOF
  # Debian's ActiveMQ logs through log4j 1.2: the shipped log4j2.properties is ignored.
  cat >"$BASE/conf/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.logger.org.springframework=WARN
log4j.logger.org.apache.xbean=WARN
log4j.logger.org.eclipse.jetty=WARN
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=%d{HH:mm:ss,SSS} %-5p %m%n
EOF
  # ActiveMQ's launcher puts every jar in $activemq.base/lib on the classpath.
  ln -sf "$WS_JAR" /usr/share/java/servlet-api.jar "$BASE/lib/"
  local j
  for j in $JETTY; do ln -sf "/usr/share/java/jetty9-$j.jar" "$BASE/lib/"; done
}

# A STOMP CONNECT over plain TCP answered by CONNECTED (the broker is really up, not just listening).
stomp_ok() {
  local r
  exec 3<>"/dev/tcp/127.0.0.1/$STOMP_PORT" || return 1
  printf 'CONNECT\naccept-version:1.2\nhost:localhost\n\n\0' >&3
  IFS= read -r -t 2 r <&3 || true
  printf 'DISCONNECT\n\n\0' >&3 2>/dev/null || true
  exec 3>&-
  [[ $r == CONNECTED ]]
}

wait_ready() { # java-pid
  local deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    if listening "$WS_PORT" && stomp_ok 2>/dev/null; then return 0; fi
    if ! alive "$1"; then
      echo "activemq: error: the broker exited during startup; tail of $SERVER_OUT:" >&2
      tail -n 30 "$SERVER_OUT" >&2; exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "activemq: error: not ready after ${START_TIMEOUT}s (ws $WS_PORT, stomp $STOMP_PORT); tail of $SERVER_OUT:" >&2
      tail -n 30 "$SERVER_OUT" >&2; exit 1
    fi
    sleep 0.1
  done
}

start() {
  installed || { echo "activemq: not installed; run: bash $0 install  (or: $INSTALL_CMD)" >&2; exit 1; }
  build_ws
  local p port
  if p=$(vm_pid); then
    if vm_paused "$p"; then say "pid $p was paused; resuming"; kill -CONT "$p"; fi
    wait_ready "$p"
    say "already running (pid $p) ($(took))"; return 0
  fi
  for port in "$WS_PORT" "$STOMP_PORT" "$OPENWIRE_PORT"; do
    if listening "$port"; then
      echo "activemq: error: port $port is already in use by another process:" >&2
      ss -Hltnp "sport = :$port" >&2 2>/dev/null || true
      exit 1
    fi
  done
  write_config
  echo "==== start $(date -Is) ====" >>"$SERVER_OUT"
  cd "$BASE"
  # shellcheck disable=SC2086
  setsid nohup java $JAVA_OPTS -Dactivemq.classpath="$BASE/conf" \
    -Dactivemq.home="$HOME_DIR" -Dactivemq.base="$BASE" -Dactivemq.conf="$BASE/conf" \
    -Dactivemq.data="$BASE/data" -jar "$HOME_DIR/bin/activemq.jar" \
    start "xbean:file:$BASE/conf/activemq.xml" </dev/null >>"$SERVER_OUT" 2>&1 9>&- &
  p=$!
  echo "$p" >"$PIDFILE"
  wait_ready "$p"
  say "up (pid $p): ws://127.0.0.1:$WS_PORT, stomp 127.0.0.1:$STOMP_PORT, persistent=$PERSISTENT ($(took))"
}

stop() {
  local p
  if p=$(vm_pid); then
    vm_paused "$p" && kill -CONT "$p"
    kill -TERM "$p"
    wait_gone "$p" 30 || { say "still alive 30 s after SIGTERM; SIGKILL"; kill -9 "$p"; wait_gone "$p" 10 || true; }
    rm -f "$PIDFILE"
    say "stopped (pid $p) ($(took))"
  else
    say "not running"
  fi
}

kill9() {
  local p
  p=$(vm_pid) || { say "not running ($(took))"; return 0; }
  kill -9 "$p"
  wait_gone "$p" 30 || die "pid $p still alive 30s after kill -9"
  say "killed pid $p with SIGKILL ($(took)); 'start' restarts"
}

pause() { local p; p=$(vm_pid) || die "not running"; kill -STOP "$p"; say "paused pid $p (SIGSTOP)"; }
resume() { local p; p=$(vm_pid) || die "not running"; kill -CONT "$p"; say "resumed pid $p (SIGCONT)"; }

status() {
  local p state port
  if ! p=$(vm_pid); then echo "stopped (base $BASE)"; return 3; fi
  state=running; vm_paused "$p" && state=paused
  echo "$state pid $p (base $BASE, persistent=$PERSISTENT)"
  for port in "$WS_PORT" "$STOMP_PORT" "$OPENWIRE_PORT"; do
    if listening "$port"; then echo "  listen 127.0.0.1:$port"; else echo "  NOT listening :$port"; fi
  done
  echo "  ws://127.0.0.1:$WS_PORT  (no authentication)"
}

ensure() {
  install
  start
}

# One command at a time: a `start` racing another `start` (or a `kill`) would see the ports taken before
# the new JVM is up. Held until this script exits.
lock() { mkdir -p "$BASE"; exec 9>"$BASE/.lock"; flock -w 300 9 || die "another activemq.sh command holds $BASE/.lock"; }
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
  pid) vm_pid || { echo "activemq: not running" >&2; exit 1; } ;;
  ensure) ensure ;;
  *) echo "usage: $0 {install|start|stop|kill|pause|resume|status|pid|ensure}" >&2; exit 2 ;;
esac
