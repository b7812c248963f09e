#!/bin/sh
# The web process and every worker must sign download URLs with one key. Given
# DIAPO_SECRET_KEY, that is it; otherwise the first container to start (the
# web process: the workers wait for it) makes one in the shared volume at
# $SECRET_KEY_FILE, and every container reads it from there.
set -eu
if [ -z "${DIAPO_SECRET_KEY:-}" ]; then
    unset DIAPO_SECRET_KEY
    if [ -n "${SECRET_KEY_FILE:-}" ]; then
        if [ ! -s "$SECRET_KEY_FILE" ]; then
            python -c "import secrets; print(secrets.token_hex(32))" >"$SECRET_KEY_FILE.$$"
            mv -n "$SECRET_KEY_FILE.$$" "$SECRET_KEY_FILE"
            rm -f "$SECRET_KEY_FILE.$$"
        fi
        DIAPO_SECRET_KEY=$(cat "$SECRET_KEY_FILE")
        export DIAPO_SECRET_KEY
    fi
fi
exec "$@"
