#!/usr/bin/env bash
# Creates the next migration, for SQLite and for PostgreSQL under the same name, from the
# difference between prisma/schema.prisma and what the committed migrations build (`prisma migrate
# dev` does not work with the WebAssembly engine, and nothing introspects PostgreSQL here).
# SQLite: the committed migrations are applied to a scratch file and read back.
# PostgreSQL: prisma/postgres/migrations/schema.prisma is the schema its migrations build; it is
# diffed with the freshly derived prisma/postgres/schema.prisma and then replaced by it.
# Usage: npm run db:migration -- <name>
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: npm run db:migration -- <name>}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
folder="$(date -u +%Y%m%d%H%M%S)_${name}"
dir="prisma/migrations/$folder"
if ls prisma/migrations/*/migration.sql >/dev/null 2>&1; then
  DATABASE_URL="file:$scratch/m.db" scripts/prisma.sh migrate deploy >/dev/null
  # `db pull --print` prefixes the schema with a driver-adapter warning: keep only the schema.
  DATABASE_URL="file:$scratch/m.db" scripts/prisma.sh db pull --print 2>/dev/null \
    | awk 'found || /^(generator|datasource|model|enum|\/\/)/ { found = 1; print }' > "$scratch/from.prisma"
  from=(--from-schema-datamodel "$scratch/from.prisma")
else
  from=(--from-empty)
fi
# True when a generated script holds more than comments and blank lines.
has_changes() { [ -n "$(grep -v '^--' <<<"$1" | tr -d '[:space:]')" ]; }

sql="$(scripts/prisma.sh migrate diff "${from[@]}" --to-schema-datamodel prisma/schema.prisma --script)"
node scripts/postgres-schema.mjs
pg_snapshot=prisma/postgres/migrations/schema.prisma
if [ -f "$pg_snapshot" ]; then pg_from=(--from-schema-datamodel "$pg_snapshot"); else pg_from=(--from-empty); fi
pg_sql="$(scripts/prisma.sh migrate diff "${pg_from[@]}" --to-schema-datamodel prisma/postgres/schema.prisma --script)"
if ! has_changes "$sql" && ! has_changes "$pg_sql"; then
  echo "No schema changes: no migration created."; exit 0
fi
if has_changes "$sql"; then
  mkdir -p "$dir"
  printf '%s\n' "$sql" > "$dir/migration.sql"
  [ -f prisma/migrations/migration_lock.toml ] || printf 'provider = "sqlite"\n' > prisma/migrations/migration_lock.toml
  echo "Created $dir/migration.sql"
fi
if has_changes "$pg_sql"; then
  mkdir -p "prisma/postgres/migrations/$folder"
  printf '%s\n' "$pg_sql" > "prisma/postgres/migrations/$folder/migration.sql"
  cp prisma/postgres/schema.prisma "$pg_snapshot"
  echo "Created prisma/postgres/migrations/$folder/migration.sql"
fi
