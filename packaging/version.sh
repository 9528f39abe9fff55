#!/bin/sh
# Prints the package version, in a form both dpkg and rpm order correctly:
#   at tag v1.2.3                1.2.3
#   commits after v1.2.3         1.2.3+git<commit time>.<sha>   (after 1.2.3)
#   no release tag yet           0.0.0~git<commit time>.<sha>   (before any release)
#   uncommitted changes          ...plus .dirty
# The commit time (UTC) makes successive development builds upgrade each other.
set -e
cd "$(dirname "$0")/.."

if ! sha=$(git rev-parse --short=12 HEAD 2>/dev/null); then
    echo 0.0.0~dev # no commit yet
    exit 0
fi
stamp=git$(TZ=UTC git log -1 --date=format-local:%Y%m%d%H%M%S --format=%cd).$sha
dirty=
git diff --quiet HEAD -- 2>/dev/null || dirty=.dirty

if tag=$(git describe --tags --abbrev=0 --match 'v[0-9]*' 2>/dev/null); then
    release=$(echo "${tag#v}" | tr - "~") # v1.2.3-rc1: 1.2.3~rc1, before 1.2.3
    if [ "$(git rev-list -n1 "$tag")" = "$(git rev-parse HEAD)" ] && [ -z "$dirty" ]; then
        echo "$release"
    else
        echo "$release+$stamp$dirty"
    fi
else
    echo "0.0.0~$stamp$dirty"
fi
