#!/bin/bash
# Installs the Debian packages `make demo` or `make test` need, skipping what
# is present (idempotent). Tests of each area list theirs in scripts/deps-*.txt.
#   scripts/install-deps.sh demo   what the running appliance needs
#   scripts/install-deps.sh test   that, plus everything the tests use
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"

# What bamsd and the Go tests need: the system bus and polkitd, setpriv and
# useradd for switching to test users, and the tools selfcheck looks for.
base=(dbus polkitd util-linux passwd rsync openssh-client ca-certificates git)
pkgs=("${base[@]}")
if ! command -v go >/dev/null; then
    echo "Go is not installed: bams needs the Go toolchain named in go.mod (see README)." >&2
    exit 1
fi
case "${1:-}" in
# The demo runs the whole appliance: Cockpit, demo hosts (deps-demo.txt)
# and a Bacula stack (deps-bacula.txt, the same packages its tests use).
demo) lists=("$ROOT/scripts/deps-demo.txt" "$ROOT/scripts/deps-bacula.txt")
      pkgs+=(cockpit-ws cockpit-bridge cockpit-system) ;;
test) lists=("$ROOT"/scripts/deps-*.txt) ;;
*) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac
for f in "${lists[@]}"; do
    [ -f "$f" ] || continue
    while read -r p _; do
        case "$p" in
        "" | \#*) continue ;;
        # node and npm may come from another source than Debian (as on the
        # build image): installing Debian's npm over it would break it.
        nodejs) command -v node >/dev/null && continue ;;
        npm) command -v npm >/dev/null && continue ;;
        esac
        pkgs+=("$p")
    done <"$f"
done

apt_install "${pkgs[@]}"
