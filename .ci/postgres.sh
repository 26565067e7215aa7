#!/usr/bin/env bash
# A throwaway PostgreSQL for the storage contract tests.
#
#   eval "$(bash .ci/postgres.sh)"    # start; exports GOVERNOR_TEST_POSTGRES_URL (and _DIR)
#   bash .ci/postgres.sh stop         # stop it and delete its files
#
# Only the export lines go to stdout, so the start can be eval'ed; progress goes to stderr.
# Runs as root on Debian: installs PostgreSQL with apt-get when no server binaries are found, then
# runs a fresh cluster as the `postgres` OS user (the server refuses to run as root) in a temp
# directory, listening on 127.0.0.1 only, on a free port.
set -euo pipefail

STATE_FILE="/tmp/governor-ci-postgres.dir"

log() { echo "postgres.sh: $*" >&2; }

# The newest /usr/lib/postgresql/N/bin that has both initdb and pg_ctl, or nothing.
find_bin_dir() {
  local dir best=""
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/psql" ]]; then best="$dir"; fi
  done
  echo "$best"
}

install_postgres() {
  log "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin; installing with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # postgresql-common first, told not to create and start the default cluster on port 5432:
  # this script makes its own, and a second server left running on the machine helps nobody.
  apt-get install -y -qq --no-install-recommends postgresql-common >&2
  if [[ -f /etc/postgresql-common/createcluster.conf ]]; then
    sed -i -E 's/^#?[[:space:]]*create_main_cluster.*/create_main_cluster = false/' \
      /etc/postgresql-common/createcluster.conf
  fi
  apt-get install -y -qq --no-install-recommends postgresql >&2
}

# A port on 127.0.0.1 that nothing listens on now. Bash's /dev/tcp needs no extra tool; the start
# below retries with another port should something take this one in between.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "found no free port"
  return 1
}

as_postgres() { runuser -u postgres -- "$@"; }

start() {
  if [[ $EUID -ne 0 ]]; then
    log "must run as root (it may apt-get install, and it runs the server as the postgres user)"
    exit 1
  fi
  local bin
  bin="$(find_bin_dir)"
  if [[ -z "$bin" ]]; then
    install_postgres
    bin="$(find_bin_dir)"
    [[ -n "$bin" ]] || { log "apt-get installed no server under /usr/lib/postgresql"; exit 1; }
  fi
  local major
  major="$("$bin/postgres" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')"
  if (( major < 15 )); then
    log "Governor needs PostgreSQL 15 or newer, found $major in $bin"
    exit 1
  fi
  id postgres >/dev/null 2>&1 || { log "there is no 'postgres' OS user"; exit 1; }

  # Under /tmp, not $TMPDIR: the postgres user must be able to reach it.
  local root
  root="$(mktemp -d /tmp/governor-pg.XXXXXX)"
  chown postgres: "$root"
  chmod 700 "$root"
  local data="$root/data"
  local password
  password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"

  log "initdb ($bin, PostgreSQL $major) in $data"
  as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
    || { cat "$root/initdb.log" >&2; exit 1; }

  local port started=""
  for _ in 1 2 3 4 5; do
    port="$(free_port)"
    if as_postgres "$bin/pg_ctl" -D "$data" -l "$root/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$root" \
        start >&2; then
      started=yes
      break
    fi
    log "could not start on port $port, trying another"
  done
  if [[ -z "$started" ]]; then
    tail -n 30 "$root/server.log" >&2 || true
    exit 1
  fi
  echo "$root" >"$STATE_FILE"

  as_postgres "$bin/psql" -h "$root" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE governor LOGIN PASSWORD '$password'" \
    -c "CREATE DATABASE governor OWNER governor" >&2

  log "PostgreSQL $major is up on 127.0.0.1:$port (files in $root)"
  echo "export GOVERNOR_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/governor?user=governor&password=$password'"
  echo "export GOVERNOR_TEST_POSTGRES_DIR='$root'"
}

stop() {
  local root="${GOVERNOR_TEST_POSTGRES_DIR:-}"
  if [[ -z "$root" && -f "$STATE_FILE" ]]; then root="$(cat "$STATE_FILE")"; fi
  if [[ -z "$root" || ! -d "$root/data" ]]; then
    log "nothing to stop"
    return 0
  fi
  local bin
  bin="$(find_bin_dir)"
  as_postgres "$bin/pg_ctl" -D "$root/data" -m fast -w stop >&2 || true
  case "$root" in
    /tmp/governor-pg.*) rm -rf -- "$root" ;;
  esac
  rm -f "$STATE_FILE"
  log "stopped and removed $root"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
