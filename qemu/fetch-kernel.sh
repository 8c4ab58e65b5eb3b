#!/bin/sh
# Fetch Debian's kernel for QEMU boots without installing it: `apt-get download` of the
# linux-image package that linux-image-amd64 points at, unpacked with `dpkg -x` into
# $1 (default build/kernel). Cached: does nothing when $1/.version exists.
# Prints nothing on success except what apt says; writes $1/vmlinuz and $1/.version.
set -eu
out=${1:-build/kernel}
if [ -f "$out/.version" ] && [ -f "$out/vmlinuz" ]; then
    exit 0
fi
resolve() {
    apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n1
}
pkg=$(resolve)
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
    # A fresh machine may have no package lists yet.
    apt-get update -qq >/dev/null 2>&1 || true
    pkg=$(resolve)
fi
if [ -z "$pkg" ]; then
    echo "fetch-kernel: cannot resolve linux-image-amd64 (run: apt-get update)" >&2
    exit 1
fi
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && apt-get download "$pkg" >/dev/null )
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
dpkg -x "$tmp"/"$pkg"_*.deb "$out.tmp"
ver=$(ls "$out.tmp/lib/modules" | head -n1)
cp "$out.tmp/boot/vmlinuz-$ver" "$out.tmp/vmlinuz"
echo "$ver" > "$out.tmp/.version"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "fetch-kernel: $pkg ($ver) in $out"
