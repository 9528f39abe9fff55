#!/bin/sh
# Runs after the package's files are in place.
#   deb postinst: configure [<version last configured>] | abort-upgrade | abort-remove | abort-deconfigure
#   rpm %post:    1 = first install, 2 or more = upgrade
set -e

case "$1" in
configure)
    # An old version means an upgrade, or a reinstall over kept config
    # files; either way the units keep the enablement the admin left.
    if [ -z "$2" ]; then action=install; else action=upgrade; fi ;;
abort-*) action=upgrade ;; # a failed upgrade or removal was rolled back
"" | *[!0-9]*) echo "bams postinstall: unknown argument '$1'" >&2; exit 1 ;;
*) if [ "$1" -eq 1 ]; then action=install; else action=upgrade; fi ;;
esac

# bamsd's polkit rules grant its actions by these groups; an admin adds users
# to them. groupadd is in every base system (passwd, shadow-utils).
for group in bams-viewer bams-operator bams-admin; do
    getent group "$group" >/dev/null || groupadd --system "$group"
done

# Only a running systemd can be told about units: in a container or chroot
# there is nothing to enable or start.
[ -d /run/systemd/system ] || exit 0
systemctl daemon-reload
if [ "$action" = install ]; then
    # bams.service too, not only the socket: the scheduler must run from boot.
    systemctl enable bams.socket bams.service
    # A bad config must not fail the installation; the admin sees it here
    # and in `systemctl status bams`.
    systemctl start bams.socket bams.service ||
        echo "bams: bamsd did not start, see: journalctl -u bams.service" >&2
else
    # Run the new bamsd; a stopped (or disabled) service stays stopped.
    systemctl try-restart bams.service ||
        echo "bams: bamsd did not restart, see: journalctl -u bams.service" >&2
fi
