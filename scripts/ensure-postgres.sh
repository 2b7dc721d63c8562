#!/usr/bin/env bash
# The integration tier runs the repositories on a real PostgreSQL: install the server
# from Debian's packages when it is missing (root, apt-get). Tests start their own cluster.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
  exit 0
fi
if [ -n "${DATABASE_URL_POSTGRES:-}" ]; then
  exit 0  # an existing server was named; tests use it
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL is needed by the integration tests: install it (apt-get install postgresql)" >&2
  echo "or set DATABASE_URL_POSTGRES to an empty database you may write to." >&2
  exit 1
fi
echo "Installing PostgreSQL for the integration tests ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends postgresql >&2
