#!/usr/bin/env bash
# Lighthouse on the public site (make lighthouse). With LIGHTHOUSE_URL set, measure that server
# (CI measures the production stack: gunicorn behind nginx, .ci/stack); otherwise start the
# portal here with DEBUG off (the base settings: static files from Django, unhashed) on the current
# database, measure it and stop it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
# the pinned Lighthouse from package-lock.json, installed once
node -e 'process.exit(require("./node_modules/lighthouse/package.json").version === "12.2.3" ? 0 : 1)' 2>/dev/null \
  || npm ci --no-audit --no-fund --loglevel=error
if [ -n "${LIGHTHOUSE_URL:-}" ]; then
  # LIGHTHOUSE_CA: the server's own certificate, trusted by Node's fetch and by Chromium
  [ -n "${LIGHTHOUSE_CA:-}" ] && export NODE_EXTRA_CA_CERTS="$LIGHTHOUSE_CA"
  exec node run.mjs "$LIGHTHOUSE_URL"
fi
port="${LIGHTHOUSE_PORT:-8765}"
log="$(mktemp)"
cd "$root"
DJANGO_SETTINGS_MODULE=portal.settings.base DEBUG=false \
  SECRET_KEY="lighthouse-$(head -c 32 /dev/urandom | base64)" \
  ALLOWED_HOSTS=127.0.0.1 SITE_BASE_URL="http://127.0.0.1:$port" \
  .venv/bin/python manage.py runserver "127.0.0.1:$port" --insecure --noreload >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 1
done
cd "$here"
status=0
node run.mjs "http://127.0.0.1:$port" || status=$?
if grep -q "Traceback" "$log"; then
  cat "$log"
  echo "The server logged an error during the measurement." >&2
  status=1
fi
exit "$status"
