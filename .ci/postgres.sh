#!/usr/bin/env bash
# Makes sure PostgreSQL answers on 127.0.0.1:5432 as user `postgres` without a password
# (what tests/server expects): starts the cluster if it is installed but down, installs
# `postgresql` with apt-get if it is missing (then allows local trust authentication on
# the fresh cluster only). Idempotent: does nothing when the server already answers.
set -euo pipefail
HOST=127.0.0.1
PORT=5432
export PGCONNECT_TIMEOUT=5

answers() {
  if command -v psql >/dev/null 2>&1; then
    psql -h "$HOST" -p "$PORT" -U postgres -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1
  else
    (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null
  fi
}

wait_until_ready() {
  for _ in $(seq 1 60); do
    answers && return 0
    sleep 0.5
  done
  return 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else
    echo "PostgreSQL no responde en $HOST:$PORT y se necesita ser root para: $*" >&2
    exit 1
  fi
}

answers && exit 0

fresh=0
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "Instalando PostgreSQL (apt-get)…" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fresh=1
fi

cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v port="$PORT" '$3 == port {print $1, $2; exit}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  as_root pg_createcluster "$version" main --port "$PORT" >/dev/null
  cluster="$version main"
  fresh=1
fi
read -r version name <<<"$cluster"

if [ "$fresh" -eq 1 ]; then
  # A cluster made here serves only this machine's tests: trust local TCP connections.
  hba="/etc/postgresql/$version/$name/pg_hba.conf"
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  as_root pg_ctlcluster "$version" "$name" restart >/dev/null 2>&1 || true
fi

if ! pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n' \
    | grep -q online; then
  as_root pg_ctlcluster "$version" "$name" start
fi

if ! wait_until_ready; then
  echo "PostgreSQL $version/$name está en marcha pero no acepta al usuario postgres sin" \
       "contraseña en $HOST:$PORT (revise pg_hba.conf)." >&2
  exit 1
fi
