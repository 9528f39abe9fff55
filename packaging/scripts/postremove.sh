#!/bin/sh
# Runs after the package's files are removed.
#   deb postrm: remove | purge | upgrade | failed-upgrade | abort-install | abort-upgrade | disappear
#   rpm %postun: 0 = erase, 1 or more = upgrade
# Removal keeps the metadata store and the config; only a deb purge deletes
# them. RPM has no purge, so an rpm erase keeps them too.
set -e

case "$1" in
remove | purge | 0)
    # the unit files are gone: forget them
    [ ! -d /run/systemd/system ] || systemctl daemon-reload
    ;;
esac

if [ "$1" = purge ]; then
    rm -rf /var/lib/bams /etc/bams /run/bams
fi
