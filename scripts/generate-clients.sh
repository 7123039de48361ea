#!/usr/bin/env bash
# Generates the Prisma clients from the one schema source: SQLite (the embedded default) and its
# derived PostgreSQL twin (prisma/postgres/schema.prisma, written by scripts/postgres-schema.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/postgres-schema.mjs
scripts/prisma.sh generate
scripts/prisma.sh generate --schema prisma/postgres/schema.prisma
