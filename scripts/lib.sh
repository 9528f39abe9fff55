# Shared shell helpers for the Makefile's scripts. Source it; it sets nothing else.

# apt_install PKG...: install what is missing, idempotent, without starting services.
apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing: ${missing[*]}"
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        # keep package scripts from starting services where no systemd runs
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    fi
    export DEBIAN_FRONTEND=noninteractive
    local apt=(apt-get -o DPkg::Lock::Timeout=600 -y --no-install-recommends)
    "${apt[@]}" install "${missing[@]}" >/tmp/bams-apt.log 2>&1 && return 0
    apt-get -o DPkg::Lock::Timeout=600 update >/tmp/bams-apt-update.log 2>&1
    "${apt[@]}" install "${missing[@]}" >/tmp/bams-apt.log 2>&1 || { tail -20 /tmp/bams-apt.log; return 1; }
}

# gone PID: the process has exited (a zombie counts: PID 1 may reap slowly).
gone() {
    [ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# stop_pid PID: TERM, wait up to 5 s, then KILL.
stop_pid() {
    local p=$1 i
    [ -n "$p" ] || return 0
    gone "$p" && return 0
    kill -TERM "$p" 2>/dev/null
    for i in $(seq 50); do gone "$p" && return 0; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
    return 0
}

# bus_owner_pid NAME: numeric PID owning a system bus name ("-" = activatable only).
bus_owner_pid() {
    busctl --system list --no-legend 2>/dev/null | awk -v n="$1" '$1==n && $2 ~ /^[0-9]+$/ {print $2}'
}

# descendants PID: the PIDs of every process below PID, children first.
descendants() {
    local c
    for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        echo "$c"
        descendants "$c"
    done
}
