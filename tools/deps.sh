#!/bin/sh
# Installs the Debian packages the build and tests need (../shared/DESIGN.md "Dependencies").
# As root: apt-get installs what is missing. Otherwise: prints the exact command and fails.
set -eu
need="qemu-system-x86 qemu-utils cpio xz-utils zstd e2fsprogs dosfstools mtools xfsprogs xorriso fdisk gdisk kmod kexec-tools busybox-static clang lld tmux binutils util-linux grub-common"
missing=""
for p in $need; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: run: sudo apt-get install -y$missing" >&2
    exit 1
fi
