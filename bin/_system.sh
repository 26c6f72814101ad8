# System packages and throwaway servers for the test suite. Sourced by bin/test.
# Installs with apt-get when running as root (as CI does); otherwise says what is missing.

need_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium chromium-l10n fonts-noto-cjk)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)  # bin/bench load
  # tests/test_nginx.py and bin/bench load --nginx run deploy/nginx/kxian.conf in it.
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
  # tests/test_html_validity.py runs the Nu HTML Checker (node_modules/vnu-jar) on Java.
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "!! missing system packages: ${missing[*]} (install them, or run as root)" >&2
  fi
}

# One Debian package a benchmark needs: installed as root, otherwise named.
need_tool() {
  local command=$1 package=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install $package"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null
  else
    echo "!! $package is missing (install it, or run as root)" >&2
    return 1
  fi
}

# wrk drives the load benchmark (bin/bench load).
need_wrk() { need_tool wrk wrk; }
# nginx runs the shipped site for bin/bench load --nginx (the tests get it from need_packages).
need_nginx() { PATH="$PATH:/usr/sbin" need_tool nginx nginx; }

PG_DIR=""
REDIS_PID_FILE=""

stop_services() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  if [ -n "$REDIS_PID_FILE" ] && [ -f "$REDIS_PID_FILE" ]; then
    kill "$(cat "$REDIS_PID_FILE")" 2>/dev/null || true
  fi
}

# Starts a private PostgreSQL on 127.0.0.1:$1 and exports DATABASE_URL.
# Ports below 32768: Linux hands out 32768–60999 to outgoing connections, and a server
# must not lose its port to one of them.
start_postgres() {
  local port=$1
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_DIR=$(mktemp -d /tmp/kx-pg.XXXXXX)
  chown postgres "$PG_DIR"
  su postgres -c "$PG_BIN/initdb -D $PG_DIR -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
  su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR -w -l $PG_DIR/server.log \
    -o '-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/kxian"
}

# Starts a private Redis on 127.0.0.1:$1 and exports REDIS_URL.
start_redis() {
  local port=$1
  REDIS_PID_FILE=$(mktemp /tmp/kx-redis.XXXXXX)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$REDIS_PID_FILE" >/dev/null
  export REDIS_URL="redis://127.0.0.1:$port/0"
}
