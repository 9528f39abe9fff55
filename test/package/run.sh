#!/bin/bash
# The package test, last stage of `make test` (run by `make test-package`
# after `make deb rpm`). It installs dist/bams_*.deb for real with apt, checks
# every file, the conffile, the dependencies and the groups, runs the installed
# bamsd and bamsctl, removes and purges the package and checks what is left.
# The .rpm cannot be installed on Debian: its file list, modes, dependencies
# and scriptlets are inspected, and the scriptlets are run in a throwaway
# mount namespace (a copy-on-write /etc, empty /var/lib and /run), which is
# also where group creation is tested without touching the machine's groups.
#
# Expects root and no systemd (bamsd is started by hand). Refuses to run when
# bams is installed, /etc/bams, /var/lib/bams or /usr/share/cockpit/bams exist,
# or a bamsd serves /run/bams/bams.sock (a running demo): the purge would
# destroy them.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib.sh"
cd "$ROOT" || exit 1

SOCKET=/run/bams/bams.sock
unset BAMS_SOCKET # bamsctl must find bamsd at its default socket
BAMS_GROUPS=(bams-viewer bams-operator bams-admin)
PLUGIN=/usr/share/cockpit/bams
# Files the polkit test setup (test/machine.sh) or a demo may have put where
# the package installs its own; the purge deletes them, so they are restored.
SHARED_FILES="/usr/share/polkit-1/actions/org.bams.policy /usr/share/polkit-1/rules.d/50-bams.rules"

passed=0 failed=0
work=$(mktemp -d /tmp/bams-package-test.XXXXXX)
bamsd_pid='' installed_by_us='' policy_rc_by_us=''

# check WHAT COMMAND...: one counted result; returns the command's success.
check() {
    local what=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok   $what"
    else
        failed=$((failed + 1))
        echo "FAIL $what"
        return 1
    fi
}

summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# refuse WHY: the machine is not in a state this test may change.
refuse() {
    echo "package test refused: $1" >&2
    failed=$((failed + 1))
    summary
    exit 1
}

cleanup() {
    [ -n "$bamsd_pid" ] && stop_pid "$bamsd_pid"
    if [ -n "$installed_by_us" ] && dpkg_knows_bams; then
        apt_get purge bams >/dev/null 2>&1 || dpkg --purge bams >/dev/null 2>&1
    fi
    local f
    for f in $SHARED_FILES; do
        [ -f "$work/saved$f" ] && install -D -m 644 "$work/saved$f" "$f"
    done
    [ -n "$policy_rc_by_us" ] && rm -f /usr/sbin/policy-rc.d
    rm -rf "$work"
}
trap cleanup EXIT

apt_get() {
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y "$@"
}

# quietly LOG COMMAND...: run it with its output in LOG.
quietly() {
    local log=$1
    shift
    "$@" >"$log" 2>&1
}

# dpkg_knows_bams: bams is installed, or removed with its config files kept.
dpkg_knows_bams() {
    dpkg-query -W -f='${Status}' bams 2>/dev/null | grep -qv not-installed
}

not() { ! "$@"; }

absent() {
    local p
    for p in "$@"; do [ ! -e "$p" ] || { echo "    still there: $p"; return 1; }; done
}

# --- preconditions -----------------------------------------------------------

[ "$(id -u)" -eq 0 ] || refuse "run as root (it installs a package)"
[ ! -d /run/systemd/system ] || refuse "systemd runs here: the package would start bamsd itself; this test starts it by hand"
! dpkg_knows_bams || refuse "the bams package is installed; the test would purge it"
for d in /etc/bams /var/lib/bams; do
    [ ! -e "$d" ] || refuse "$d exists; the purge at the end would delete it"
done
# make demo and the browser tests put the plugin there (maybe as a link to
# cockpit/dist): dpkg would install into it and the purge would empty it.
[ ! -e "$PLUGIN" ] && [ ! -L "$PLUGIN" ] || refuse "$PLUGIN exists (make demo, or browser tests running?)"
[ -x bin/bamsctl ] || refuse "bin/bamsctl is missing: make build"
if bin/bamsctl --socket "$SOCKET" status >/dev/null 2>&1; then
    refuse "a bamsd already serves $SOCKET (a running demo? stop it: make demo-stop)"
fi
debs=(dist/bams_*.deb) rpms=(dist/bams-*.rpm)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || refuse "want exactly one dist/bams_*.deb (make deb), found: ${debs[*]}"
[ ${#rpms[@]} -eq 1 ] && [ -f "${rpms[0]}" ] || refuse "want exactly one dist/bams-*.rpm (make rpm), found: ${rpms[*]}"
deb=${debs[0]} rpm=${rpms[0]}

# --- what the package must contain -------------------------------------------

# One line per path: type (f, d), mode, owner, path, as `find -printf` and the
# rpm query below print them.
expected_manifest() {
    cat <<'EOF'
f 755 root:root /usr/sbin/bamsd
f 755 root:root /usr/bin/bamsctl
f 644 root:root /usr/share/bash-completion/completions/bamsctl
f 644 root:root /usr/lib/systemd/system/bams.socket
f 644 root:root /usr/lib/systemd/system/bams.service
f 644 root:root /usr/share/polkit-1/actions/org.bams.policy
f 644 root:root /usr/share/polkit-1/rules.d/50-bams.rules
d 755 root:root /etc/bams
f 644 root:root /etc/bams/config.yaml
d 700 root:root /var/lib/bams
d 755 root:root /usr/share/cockpit/bams
EOF
    # the built plugin, file for file
    (cd cockpit/dist && find . -mindepth 1 -printf '%y %P\n') |
        awk -v dst="$PLUGIN" '{ print $1, ($1 == "d" ? 755 : 644), "root:root", dst "/" $2 }'
}
expected_manifest | sort -k4 >"$work/expected"
mapfile -t packaged < <(awk '{print $4}' "$work/expected")

# Installed path and the file in this tree it must be a copy of.
SOURCES="
/usr/sbin/bamsd bin/bamsd
/usr/bin/bamsctl bin/bamsctl
/usr/share/bash-completion/completions/bamsctl dist/completion/bamsctl.bash
/usr/lib/systemd/system/bams.socket configs/bams.socket
/usr/lib/systemd/system/bams.service configs/bams.service
/usr/share/polkit-1/actions/org.bams.policy polkit/org.bams.policy
/usr/share/polkit-1/rules.d/50-bams.rules polkit/50-bams.rules
/etc/bams/config.yaml configs/config.yaml.example
"

# installed_manifest: the expected paths as found on disk, plus anything else
# under the plugin folder (so a stray file shows up too).
installed_manifest() {
    local p
    for p in "${packaged[@]}"; do
        [ -e "$p" ] && find "$p" -maxdepth 0 -printf '%y %m %u:%g %p\n'
    done
    [ -d "$PLUGIN" ] && find "$PLUGIN" -printf '%y %m %u:%g %p\n'
}

same_listing() { # EXPECTED ACTUAL: equal, or print the difference
    diff -u "$1" "$2" | sed 's/^/    /' | tail -n +3 | grep . && return 1
    return 0
}

# --- install -----------------------------------------------------------------

for f in $SHARED_FILES; do
    [ -f "$f" ] && install -D -m 644 "$f" "$work/saved$f"
done
if [ ! -e /usr/sbin/policy-rc.d ]; then
    # keep package scripts from starting services (no-op here without systemd)
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    policy_rc_by_us=1
fi
groups_before=$(getent group "${BAMS_GROUPS[@]}" | cut -d: -f1,3 | sort)

installed_by_us=1
# Recommends (zfs, bacula, lvm2...) are not what this test is about and would
# change the machine far beyond the package.
if ! check "apt-get installs $deb" quietly "$work/apt-install.log" apt_get install --no-install-recommends "./$deb"; then
    tail -20 "$work/apt-install.log"
    summary
    exit 1
fi

installed_manifest | sort -u -k4 >"$work/installed"
check "every file installed with its type, mode and owner (root)" same_listing "$work/expected" "$work/installed"
while read -r dst src; do
    [ -n "$dst" ] && check "$dst is $src" cmp -s "$dst" "$src"
done <<<"$SOURCES"
check "$PLUGIN is cockpit/dist" diff -r cockpit/dist "$PLUGIN"
# No systemd runs here, but its unit parser does (ExecStart= included). It
# exits 0 on unknown keys and bad values, so any message is a failure.
verify_units() {
    systemd-analyze verify "$@" >"$work/verify.log" 2>&1 && [ ! -s "$work/verify.log" ]
}
check "systemd-analyze verify: the units without a warning" \
    verify_units /usr/lib/systemd/system/bams.socket /usr/lib/systemd/system/bams.service ||
    sed 's/^/    /' "$work/verify.log"
check "bash completion for bamsctl loads" quietly /dev/null \
    bash -c '. /usr/share/bash-completion/completions/bamsctl && complete -p bamsctl'
check "/etc/bams/config.yaml is a conffile" \
    bash -c "dpkg-query -W -f='\${Conffiles}\n' bams | awk '{print \$1}' | grep -qx /etc/bams/config.yaml"
check "deb Depends" [ "$(dpkg-query -W -f='${Depends}' bams)" = "cockpit-bridge, polkitd | policykit-1, rsync, openssh-client" ]
check "deb Recommends" [ "$(dpkg-query -W -f='${Recommends}' bams)" = "bacula-console, mtx, lsscsi, sg3-utils, lvm2, zfsutils-linux, btrfs-progs, cockpit-ws" ]

for g in "${BAMS_GROUPS[@]}"; do
    check "group $g exists" quietly /dev/null getent group "$g"
done
if [ -n "$groups_before" ]; then
    # test/machine.sh made them: the install must have left them as they were
    check "postinstall kept the existing groups" [ "$(getent group "${BAMS_GROUPS[@]}" | cut -d: -f1,3 | sort)" = "$groups_before" ]
fi
for s in postinst prerm postrm; do
    cp "/var/lib/dpkg/info/bams.$s" "$work/deb-$s"
done

# --- the installed daemon ----------------------------------------------------

/usr/sbin/bamsd --config /etc/bams/config.yaml >"$work/bamsd.log" 2>&1 &
bamsd_pid=$!
failed_before=$failed
for _ in $(seq 100); do
    [ -S "$SOCKET" ] || gone "$bamsd_pid" || { sleep 0.1; continue; }
    break
done
if check "installed bamsd listens on $SOCKET" [ -S "$SOCKET" ]; then
    check "$SOCKET has mode 0666" [ "$(stat -c %a "$SOCKET")" = 666 ]
    check "installed bamsctl status exits 0" quietly "$work/status.log" /usr/bin/bamsctl status ||
        sed 's/^/    /' "$work/status.log"
    check "bamsd keeps its store in /var/lib/bams" [ -f /var/lib/bams/bams.db ]
fi
if check "bamsd still runs" not gone "$bamsd_pid"; then
    kill -TERM "$bamsd_pid"
    for _ in $(seq 150); do gone "$bamsd_pid" && break; sleep 0.1; done
    if check "bamsd exits within 15 s of SIGTERM" gone "$bamsd_pid"; then
        wait "$bamsd_pid"
        status=$?
        check "bamsd exits 0 on SIGTERM" [ "$status" -eq 0 ]
    fi
fi
[ "$failed" -eq "$failed_before" ] || { echo "    bamsd log:"; tail -20 "$work/bamsd.log" | sed 's/^/    /'; }
stop_pid "$bamsd_pid"
bamsd_pid=

# --- remove, then purge ------------------------------------------------------

check "apt-get remove bams" quietly "$work/apt-remove.log" apt_get remove bams
check "remove: the programs are gone" absent /usr/sbin/bamsd /usr/bin/bamsctl "$PLUGIN"
check "remove: the config is kept" [ -f /etc/bams/config.yaml ]
check "remove: the store is kept" [ -f /var/lib/bams/bams.db ]

check "apt-get purge bams" quietly "$work/apt-purge.log" apt_get purge bams
check "purge: every packaged path, /etc/bams, /var/lib/bams and /run/bams are gone" \
    absent "${packaged[@]}" /run/bams
check "purge: dpkg forgot bams" not dpkg_knows_bams
# The groups stay on purge, as Debian packages leave system groups: files
# elsewhere (backups, restores) may still belong to them.

# --- the .rpm ----------------------------------------------------------------

rpm -qp --qf '[%{FILEMODES:octal} %{FILEUSERNAME}:%{FILEGROUPNAME} %{FILENAMES}\n]' "$rpm" 2>/dev/null |
    awk '{ t = ($1 ~ /^4/) ? "d" : ($1 ~ /^10/) ? "f" : "?"; m = substr($1, length($1) - 3); sub(/^0/, "", m); print t, m, $2, $3 }' |
    sort -k4 >"$work/rpm-files"
check "rpm holds exactly the expected files, modes and owners" same_listing "$work/expected" "$work/rpm-files"
check "rpm -qpl lists the same paths" [ "$(rpm -qpl "$rpm" 2>/dev/null | sort)" = "$(printf '%s\n' "${packaged[@]}" | sort)" ]
check "rpm: /etc/bams/config.yaml is %config(noreplace)" \
    [ "$(rpm -qp --qf '[%{FILEFLAGS:fflags} %{FILENAMES}\n]' "$rpm" 2>/dev/null | grep ' /etc/bams/config.yaml$')" = "cn /etc/bams/config.yaml" ]
rpm_requires=$(rpm -qpR "$rpm" 2>/dev/null | grep -v -e '^rpmlib(' -e '^/bin/sh' | sort | paste -sd' ')
check "rpm Requires" [ "$rpm_requires" = "cockpit-bridge openssh-clients polkit rsync" ]
check "rpm Recommends" [ "$(rpm -qp --recommends "$rpm" 2>/dev/null | sort | paste -sd' ')" = "bacula-console btrfs-progs cockpit-ws lsscsi lvm2 mtx sg3_utils zfs" ]

scripts=$(rpm -qp --scripts "$rpm" 2>/dev/null)
for s in "postinstall scriptlet" "preuninstall scriptlet" "postuninstall scriptlet"; do
    check "rpm has a $s" grep -q "^$s" <<<"$scripts"
done
for pair in POSTIN:postinstall PREUN:preremove POSTUN:postremove; do
    rpm -qp --qf "%{${pair%%:*}}\n" "$rpm" >"$work/rpm-${pair#*:}" 2>/dev/null
    check "rpm ${pair#*:} scriptlet is packaging/scripts/${pair#*:}.sh" \
        [ "$(cat "$work/rpm-${pair#*:}")" = "$(cat "packaging/scripts/${pair#*:}.sh")" ]
done

# --- the scriptlets, in a throwaway namespace --------------------------------

# sandbox SCRIPT: run bash SCRIPT with a copy-on-write /etc and empty /var/lib
# and /run, none of which reach the machine. Fails where they cannot be set up.
sandbox() {
    local dir
    dir=$(mktemp -d "$work/sandbox.XXXXXX") && mkdir "$dir/upper" "$dir/work" || return 1
    unshare --mount --propagation private bash -c '
        mount -t overlay overlay -o "lowerdir=/etc,upperdir=$0/upper,workdir=$0/work" /etc &&
            mount -t tmpfs tmpfs /var/lib && mount -t tmpfs tmpfs /run || exit 99
        eval "$1"' "$dir" "$1"
}

# creates_groups COMMANDS: with the groups deleted, the commands make them
# again as system groups.
creates_groups() {
    sandbox "
        for g in ${BAMS_GROUPS[*]}; do ! getent group \$g >/dev/null || groupdel \$g || exit 1; done
        $1 || exit 1
        for g in ${BAMS_GROUPS[*]}; do
            gid=\$(getent group \$g | cut -d: -f3)
            [ -n \"\$gid\" ] && [ \"\$gid\" -lt 1000 ] || { echo \"    no system group \$g\"; exit 1; }
        done"
}
check "deb postinst configure creates missing groups as system groups" creates_groups "sh $work/deb-postinst configure"
check "rpm %post 1 (install) creates missing groups as system groups" creates_groups "sh $work/rpm-postinstall 1"
check "rpm %post 2 (upgrade) succeeds" sandbox "sh $work/rpm-postinstall 2"
check "postinstall rejects an unknown argument" sandbox "! sh $work/rpm-postinstall bogus 2>/dev/null"

# keeps_data COMMANDS: with a store and a config present, the commands
# leave both.
keeps_data() {
    sandbox "
        mkdir -p /var/lib/bams /etc/bams && touch /var/lib/bams/bams.db /etc/bams/config.yaml || exit 1
        $1 || exit 1
        [ -f /var/lib/bams/bams.db ] && [ -f /etc/bams/config.yaml ]"
}
check "rpm erase (%preun 0, %postun 0) keeps the store and config" \
    keeps_data "sh $work/rpm-preremove 0 && sh $work/rpm-postremove 0"
check "rpm upgrade (%preun 1, %postun 1) keeps the store and config" \
    keeps_data "sh $work/rpm-preremove 1 && sh $work/rpm-postremove 1"
check "deb prerm/postrm upgrade keep the store and config" \
    keeps_data "sh $work/deb-prerm upgrade 2 && sh $work/deb-postrm upgrade 2"

summary
