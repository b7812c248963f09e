#!/usr/bin/env bash
# Install PostgreSQL and Redis from Debian for the engine tests (tests/service/test_engines.py).
#
# Only installs: the tests start their own servers from these binaries, in
# temporary directories on free loopback ports, and stop them afterwards, so
# nothing here needs systemd or a running service. Safe to run again: it does
# nothing when both are there. Not root and not installed: it says so and
# exits 0, and the engine tests are skipped with the same hint.
set -euo pipefail

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_redis() { command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; }

missing=()
have_postgres || missing+=(postgresql)
have_redis || missing+=(redis-server)

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-engines: PostgreSQL and redis-server are installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-engines: missing ${missing[*]}; install them (Debian: apt-get install ${missing[*]})" >&2
    echo "install-engines: until then the PostgreSQL/Redis tests are skipped" >&2
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# The packages' own scripts would try to start the services; the tests start their own.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    made_policy=1
fi
cleanup() { if [ "$made_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

install() {
    apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef \
        -o Dpkg::Options::=--force-confold "${missing[@]}"
}

echo "install-engines: installing ${missing[*]}"
# Try the package lists already there first; update them only if that fails.
if ! install >/tmp/install-engines.log 2>&1; then
    apt-get update -q >>/tmp/install-engines.log 2>&1
    if ! install >>/tmp/install-engines.log 2>&1; then
        cat /tmp/install-engines.log >&2
        exit 1
    fi
fi

have_postgres && have_redis || {
    echo "install-engines: installed, but initdb or redis-server is still missing" >&2
    exit 1
}
echo "install-engines: PostgreSQL and redis-server are installed"
