# Shared by the parts of `make demo` (scripts/demo*.sh). Source it after
# lib.sh. Everything a part starts or creates outside ./var is one line of
# ./var/demo.state, so `make demo-stop` undoes exactly that, in reverse:
#   "<name> <pid> <start>"  a process it started, with its start time, so a
#                   PID recycled after a reboot is never taken for it
#                   (stopped with its descendants)
#   "dir <path>"    a folder outside ./var it created (removed when empty)
#   anything else   a marker its own stop reads (e.g. "group bams-admin")

VAR=$ROOT/var
STATE=$VAR/demo.state
SOCKET=/run/bams/bams.sock
BIN=$ROOT/bin
BAMSCTL=("$BIN/bamsctl" --socket "$SOCKET")

created() { grep -qx "$1" "$STATE" 2>/dev/null; }
record() { echo "$1" >>"$STATE"; }

# start_time PID: when the process started (clock ticks since boot, field 22
# of /proc/PID/stat), or nothing when there is no such process.
start_time() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    awk '{print $20}' <<<"${stat##*) }"
}

# record_pid NAME PID
record_pid() { record "$1 $2 $(start_time "$2")"; }

# pids_of NAME: the recorded PIDs of NAME that still are the processes the
# demo started.
pids_of() {
    local p t
    sed -n "s/^$1 \([0-9]*\) \([0-9]*\)$/\1 \2/p" "$STATE" 2>/dev/null | while read -r p t; do
        [ "$(start_time "$p")" = "$t" ] && echo "$p"
    done
}

pid_of() { pids_of "$1" | tail -1; }

# spawn NAME LOG CMD...: start CMD in the background (it must stay in the
# foreground itself, so the PID is the daemon's) and record its PID.
spawn() {
    local name=$1 log=$2
    shift 2
    "$@" >>"$log" 2>&1 </dev/null &
    record_pid "$name" $!
}

# stop_recorded NAME...: stop each recorded process of these names, its
# descendants too (an sshd's sessions, cockpit-ws's bridges), read before
# it is stopped: afterwards they are orphans.
stop_recorded() {
    local name p k kids
    for name in "$@"; do
        for p in $(pids_of "$name"); do
            kids=$(descendants "$p")
            stop_pid "$p"
            for k in $kids; do stop_pid "$k"; done
        done
    done
}

# make_dir PATH: create PATH (outside ./var) and record it unless it exists.
make_dir() {
    [ -d "$1" ] && return 0
    mkdir -p "$1" && record "dir $1"
}

# remove_dirs: remove the recorded folders, newest first, if empty.
remove_dirs() {
    local d
    for d in $(sed -n 's/^dir //p' "$STATE" 2>/dev/null | tac); do rmdir "$d" 2>/dev/null; done
}

# listening ADDRESS PORT: a TCP socket listens there, read from
# /proc/net/tcp (a test connect would make the Bacula director log a
# security alert).
listening() {
    local a b c d hex
    IFS=. read -r a b c d <<<"$1"
    hex=$(printf '%02X%02X%02X%02X:%04X' "$d" "$c" "$b" "$a" "$2")
    awk -v want="$hex" '$2 == want && $4 == "0A" {found=1} END {exit !found}' /proc/net/tcp
}

# wait_listening SECONDS ADDRESS:PORT...: until all listen; false on timeout.
wait_listening() {
    local tries=$(($1 * 20)) ap all
    shift
    while [ "$tries" -gt 0 ]; do
        all=1
        for ap in "$@"; do listening "${ap%:*}" "${ap#*:}" || all=0; done
        [ "$all" = 1 ] && return 0
        sleep 0.05
        tries=$((tries - 1))
    done
    return 1
}
