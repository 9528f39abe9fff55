#!/bin/sh
# Runs before the package's files are removed.
#   deb prerm: remove | upgrade <new version> | deconfigure ... | failed-upgrade <old version>
#   rpm %preun: 0 = erase, 1 or more = upgrade (the new version is installed already)
set -e

case "$1" in
remove | 0) ;;
*) exit 0 ;; # upgrades keep bamsd running: the new postinstall restarts it
esac

[ -d /run/systemd/system ] || exit 0
# Both units at once, so no connection to the socket restarts the service.
systemctl disable --now bams.socket bams.service ||
    echo "bams: could not stop bamsd; stop it with: systemctl stop bams.socket bams.service" >&2
