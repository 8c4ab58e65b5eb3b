#!/bin/sh
# Fetch Debian's netboot installer tree for the syslinux/pxelinux tests without installing it:
# `apt-get download debian-installer-12-netboot-amd64`, unpacked with `dpkg -x`. The package
# holds the TFTP trees under usr/lib/debian-installer/images/12/amd64/{text,gtk}/ (pxelinux.0,
# pxelinux.cfg/default, debian-installer/amd64/{linux,initrd.gz,boot-screens/*.cfg}); they are
# moved to $1/text and $1/gtk (default build/netboot). Cached: does nothing when $1/.version exists.
set -eu
out=${1:-build/netboot}
pkg=debian-installer-12-netboot-amd64
if [ -f "$out/.version" ] && [ -d "$out/text" ]; then
    exit 0
fi
ver=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | head -n1)
if { [ -z "$ver" ] || [ "$ver" = "(none)" ]; } && [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    ver=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | head -n1)
fi
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
    echo "fetch-netboot: no candidate for $pkg (run: apt-get update)" >&2
    exit 1
fi
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && apt-get download "$pkg" >/dev/null 2>&1 )
dpkg -x "$tmp"/"$pkg"_*.deb "$tmp/x"
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
mv "$tmp/x/usr/lib/debian-installer/images/12/amd64/text" "$out.tmp/text"
if [ -d "$tmp/x/usr/lib/debian-installer/images/12/amd64/gtk" ]; then
    mv "$tmp/x/usr/lib/debian-installer/images/12/amd64/gtk" "$out.tmp/gtk"
fi
echo "$ver" > "$out.tmp/.version"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "fetch-netboot: $pkg $ver in $out"
