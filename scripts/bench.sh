#!/bin/bash
# `make bench`: bamsd under load through real polkit, start-up time and idle
# memory, and incremental pull backups against rsnapshot and a bare rsync.
# Needs the test machine setup (system bus, polkitd, test users), which it
# brings up and takes down itself when it is not there yet, and the test
# packages (rsnapshot among them), installed when missing.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/install-deps.sh test || exit 1
own=
if [ ! -f /run/bams-test/env ]; then
    bash test/machine.sh up || exit 1
    own=1
fi
BAMS_BIN=$ROOT/bin go test -run '^$' -bench . -benchtime 1x -count 1 -timeout 20m ./backend/internal/bench
rc=$?
[ -n "$own" ] && bash test/machine.sh down
exit $rc
