#!/usr/bin/env bash
# Adds dependencies safely while several people work in one tree: one install at a time, then
# repairs the lock file so `npm ci` accepts it (see scripts/fix-lock.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
flock /tmp/npm.lock sh -c 'npm install --save-exact "$@" && node scripts/fix-lock.mjs' sh "$@"
