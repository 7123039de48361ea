#!/usr/bin/env bash
# Creates the next migration from the difference between the committed migrations and
# prisma/schema.prisma (`prisma migrate dev` does not work with the WebAssembly engine).
# Usage: npm run db:migration -- <name>
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: npm run db:migration -- <name>}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
if ls prisma/migrations/*/migration.sql >/dev/null 2>&1; then
  DATABASE_URL="file:$scratch/m.db" scripts/prisma.sh migrate deploy >/dev/null
  # `db pull --print` prefixes the schema with a driver-adapter warning: keep only the schema.
  DATABASE_URL="file:$scratch/m.db" scripts/prisma.sh db pull --print 2>/dev/null \
    | awk 'found || /^(generator|datasource|model|enum|\/\/)/ { found = 1; print }' > "$scratch/from.prisma"
  from=(--from-schema-datamodel "$scratch/from.prisma")
else
  from=(--from-empty)
fi
sql="$(scripts/prisma.sh migrate diff "${from[@]}" --to-schema-datamodel prisma/schema.prisma --script)"
if ! grep -qv '^--' <<<"$sql" || [ -z "$(grep -v '^--' <<<"$sql" | tr -d '[:space:]')" ]; then
  echo "No schema changes: no migration created."; exit 0
fi
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
[ -f prisma/migrations/migration_lock.toml ] || printf 'provider = "sqlite"\n' > prisma/migrations/migration_lock.toml
echo "Created $dir/migration.sql"
