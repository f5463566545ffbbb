#!/bin/sh
# The dependency step of `make run`, `make check` and friends: finds the Debian
# packages csconsole needs to build and test; installs the missing ones when
# running as root, otherwise prints the exact command and fails.
# TOOL_PKGS are the real sync tools the transport tests drive
# (tests/cli/sync_syncthing.sh, sync_git.sh): installed the same way when
# running as root; otherwise a missing one is only named, and its test skips.
set -u
PKGS="make gcc pkg-config libncurses-dev libsqlite3-dev libyaml-dev libcsv-dev \
nettle-dev zlib1g-dev libjson-c-dev libunistring-dev libcmocka-dev tmux sqlite3 groff-base locales jq \
gettext"
# zsh and fish run the generated shell completions (tests/cli/completion_*.sh).
TOOL_PKGS="git syncthing curl zsh fish"

not_installed() {
  for p in "$@"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$st" in *" installed") ;; *) printf ' %s' "$p" ;; esac
  done
}
missing=$(not_installed $PKGS)
tools=$(not_installed $TOOL_PKGS)
if [ -n "$tools" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing="$missing$tools"
  tools=""
elif [ -n "$tools" ]; then
  echo "csconsole: the sync-tool tests will skip: not installed:$tools (as root: apt-get install$tools)" >&2
fi

if [ -n "$missing" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "csconsole: missing packages:$missing (no apt-get here: install them with your package manager)" >&2
    exit 1
  fi
  if [ "$(id -u)" = 0 ]; then
    echo "csconsole: installing missing packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >/dev/null ||
      { echo "csconsole: apt-get failed; run: apt-get install$missing" >&2; exit 1; }
  else
    echo "csconsole: missing build dependencies. Run this, then make again:" >&2
    echo "  sudo apt-get install$missing" >&2
    exit 1
  fi
fi

# The fuzz harnesses (make fuzz; tests/cli/fuzz.sh in make check) need clang
# and its libFuzzer + sanitizer runtime (libclang-rt-dev: libclang-rt-14-dev
# on bookworm). Installed like the others, but a system without them only
# loses the fuzz test (it skips, saying why), not the build.
FUZZ_PKGS="clang libclang-rt-dev"
fuzz_missing=""
for p in $FUZZ_PKGS; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
  case "$st" in *" installed") ;; *) fuzz_missing="$fuzz_missing $p" ;; esac
done
if [ -n "$fuzz_missing" ] && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "csconsole: installing the fuzzing packages:$fuzz_missing"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends $fuzz_missing; } >/dev/null ||
      echo "csconsole: could not install$fuzz_missing: the fuzz test will skip (apt-get install$fuzz_missing)" >&2
  else
    echo "csconsole: for make fuzz (the fuzz test skips without them): sudo apt-get install$fuzz_missing" >&2
  fi
fi

# The TUI tests and the demo need a UTF-8 locale (Japanese names are drawn by width).
if ! locale -a 2>/dev/null | grep -qiE '^(C\.utf-?8|en_US\.utf-?8)$'; then
  echo "csconsole: no UTF-8 locale found; C.UTF-8 ships with libc-bin on Debian 11+" >&2
fi
exit 0
