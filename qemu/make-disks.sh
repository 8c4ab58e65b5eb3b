#!/bin/sh
# make-disks.sh OUTDIR KERNEL
#
# Builds the QEMU test and demo disk set from KERNEL (Debian's vmlinuz, build/kernel/vmlinuz)
# and a marker initramfs, with the real tools only and without root, loop mounts or mknod:
#
#   OUTDIR/target.cpio.gz      marker initramfs: /init prints LBS-TARGET-CMDLINE:<cmdline> and
#                              LBS-TARGET-DONE on the console, then powers off
#   OUTDIR/disk1-gpt.img       GPT: ESP (FAT32, systemd-boot BLS) + ext4 /boot (Debian grub.cfg)
#   OUTDIR/disk2-xfs.img       MBR: XFS /boot (RHEL grub.cfg + blscfg + grubenv)
#   OUTDIR/disk3-iso.iso       ISO9660 (Rock Ridge + Joliet) with isolinux.cfg
#   OUTDIR/disk4-corrupt.img   protective MBR, GPT with both headers' CRCs broken
#   OUTDIR/disk5-late.img      MBR, FAT16 with one BLS entry (24 MiB initrd): hot-plugged by a test
#   OUTDIR/disks.txt           "name path interface" per disk (virtio|ahci|nvme)
#   OUTDIR/qemu-args.txt       QEMU arguments attaching them (q35), one argument per line
#
# The config files come from the templates in qemu/disks/<image>/ (one folder per file system,
# @BOOT_UUID@, @ROOT_UUID@ and @RHEL_UUID@ filled in here); kernels and initrds are added here.
# Cached: does nothing when OUTDIR/.stamp holds the hash of this script, the templates, the
# kernel, busybox and OUTDIR's absolute path (the manifests name absolute paths). Builds into
# OUTDIR.tmp and renames. Prints one summary line on success, the failing tool's output on error.
# See qemu/README.md for the entries on each disk and their markers.
set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 OUTDIR KERNEL" >&2
    exit 2
fi
out=${1%/}
kernel=$2
busybox=${LBS_BUSYBOX:-/bin/busybox}
here=$(cd "$(dirname "$0")" && pwd)
self=$here/$(basename "$0")
templates=$here/disks

case $out in
    /*) ;;
    *) out=$(pwd)/$out ;;
esac
case $out in
    *[[:space:]]*)
        echo "make-disks: OUTDIR must not contain white space (disks.txt is space-separated): $out" >&2
        exit 2 ;;
esac
if [ ! -f "$kernel" ]; then
    echo "make-disks: kernel not found: $kernel (run qemu/fetch-kernel.sh)" >&2
    exit 1
fi
if [ ! -x "$busybox" ]; then
    echo "make-disks: static busybox not found at $busybox (apt-get install busybox-static)" >&2
    exit 1
fi

hash=$({
    echo "make-disks 1 $out"
    sha256sum <"$self"
    (cd "$templates" && find . -type f | LC_ALL=C sort | while IFS= read -r f; do
        printf '%s %s\n' "$f" "$(sha256sum <"$f")"
    done)
    sha256sum <"$kernel"
    sha256sum <"$busybox"
} | sha256sum | cut -d' ' -f1)
if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$hash" ]; then
    exit 0
fi

start=$(date +%s%N)

# ---- fixed identities: every UUID, label and time is a constant so rebuilds are comparable ----
EPOCH=1714521600                                   # 2024-05-01T00:00:00Z, all file times
BOOT_UUID=0b1c1a2e-6d1f-4c55-9a33-5a8e5d1e2b01     # disk1 ext4 /boot (grub.cfg searches it)
ROOT_UUID=5d3e8f21-9c4b-4a7e-b1d2-6f0a3c9e7b48     # the (absent) Debian root, root=UUID=
RHEL_UUID=8c1f7e2a-3b5d-4c9e-a6f0-2d4b9e1c7a53     # disk2 xfs /boot
ESP_VOLID=1234ABCD                                 # disk1 FAT32 volume id
DISK1_GUID=6a2b7c3d-1e4f-4a5b-9c6d-7e8f9a0b1c2d
ESP_PARTUUID=c12a7328-0000-4aaa-8bbb-000000000001
BOOT_PARTUUID=0fc63daf-0000-4aaa-8bbb-000000000002
DISK2_LABEL_ID=0x5eb0075a                          # MBR disk identifier
DISK4_GUID=deadbeef-0000-4ccc-8ddd-000000000004
export SOURCE_DATE_EPOCH=$EPOCH E2FSPROGS_FAKE_TIME=$EPOCH MTOOLS_SKIP_CHECK=1 LC_ALL=C

tmp=$out.tmp
work=$tmp/.work
rm -rf "$tmp"
mkdir -p "$work"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
log=$work/log

# run CMD...: quiet on success; on failure shows what the tool said and stops.
run() {
    if ! "$@" >"$log" 2>&1; then
        echo "make-disks: failed: $*" >&2
        cat "$log" >&2
        exit 1
    fi
}

# zeros N: N zero bytes on stdout.
zeros() {
    if [ "$1" -gt 0 ]; then head -c "$1" /dev/zero; fi
}

# newc INO MODE NLINK RDEVMAJOR RDEVMINOR NAME [FILE]: one cpio "newc" member on stdout
# (header layout: the kernel's Documentation/driver-api/early-userspace/buffer-format.rst).
# Writing the archive by hand gives /dev/console (c 5 1) without mknod or root, and fixed
# inode numbers, owners (0:0) and times.
newc() {
    _size=0
    if [ $# -ge 7 ]; then _size=$(wc -c <"$7"); fi
    _namesize=$((${#6} + 1))
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        "$1" "$2" 0 0 "$3" "$EPOCH" "$_size" 0 0 "$4" "$5" "$_namesize" 0
    printf '%s\000' "$6"
    zeros $(((4 - (110 + _namesize) % 4) % 4))
    if [ $# -ge 7 ]; then
        cat "$7"
        zeros $(((4 - _size % 4) % 4))
    fi
}

# stage TEMPLATE_DIR DEST: copies a template tree, filling in the placeholders; a file named
# grubenv is padded with '#' to GRUB's fixed 1024-byte environment block (grub-core/lib/envblk.c).
stage() {
    (cd "$1" && find . -type f | LC_ALL=C sort) | while IFS= read -r f; do
        mkdir -p "$(dirname "$2/$f")"
        sed -e "s/@BOOT_UUID@/$BOOT_UUID/g" -e "s/@ROOT_UUID@/$ROOT_UUID/g" \
            -e "s/@RHEL_UUID@/$RHEL_UUID/g" "$1/$f" >"$2/$f"
        if [ "$(basename "$f")" = grubenv ]; then
            _len=$(wc -c <"$2/$f")
            if [ "$_len" -gt 1024 ]; then
                echo "make-disks: $1/$f is longer than a 1024-byte GRUB environment block" >&2
                exit 1
            fi
            head -c $((1024 - _len)) /dev/zero | tr '\000' '#' >>"$2/$f"
        fi
    done
}

# settle DIR: fixed modes and times for a staged tree (mkfs.ext4 -d and mcopy -m copy them).
settle() {
    find "$1" -type d -exec chmod 755 {} +
    find "$1" -type f -exec chmod 644 {} +
    find "$1" -exec touch -h -d "@$EPOCH" {} +
}

# fatcopy DIR IMG: copies a staged tree into a FAT image with mtools, one directory and one
# file at a time in sorted order, so the FAT directory order does not depend on the order the
# host's readdir returns.
fatcopy() {
    (cd "$1" && find . -mindepth 1 | LC_ALL=C sort) | while IFS= read -r f; do
        if [ -d "$1/$f" ]; then
            run mmd -i "$2" "::/${f#./}"
        else
            run mcopy -m -i "$2" "$1/$f" "::/${f#./}"
        fi
    done
}

# proto DIR: the body of an mkfs.xfs protofile (xfsprogs mkfs/proto.c) for a staged tree, with
# source paths relative to DIR; mkfs.xfs must run in DIR. A subshell per directory keeps the
# recursion's variables apart.
proto() (
    cd "$1"
    find . -mindepth 1 -maxdepth 1 | LC_ALL=C sort | while IFS= read -r p; do
        name=${p#./}
        if [ -d "$name" ]; then
            echo "$name d--755 0 0"
            proto "$name" | sed "s|^\([^ ]* ---[0-7]* 0 0 \)|\1$name/|"
            echo '$'
        else
            echo "$name ---644 0 0 $name"
        fi
    done
)

# put IMAGE PART_IMAGE OFFSET_MIB: writes a file system image into a disk image, keeping holes.
put() {
    run dd if="$2" of="$1" bs=1M seek="$3" conv=notrunc,sparse status=none
}

# ---- marker initramfs ----
cp "$templates/target/init" "$work/init"
{
    newc 1 $((040755)) 2 0 0 bin
    newc 2 $((0100755)) 1 0 0 bin/busybox "$busybox"
    newc 3 $((040755)) 2 0 0 dev
    newc 4 $((020600)) 1 5 1 dev/console
    newc 5 $((0100755)) 1 0 0 init "$work/init"
    newc 6 $((040755)) 2 0 0 proc
    newc 7 $((040755)) 2 0 0 sys
    newc 0 0 1 0 0 'TRAILER!!!'
} | gzip -n -9 >"$tmp/target.cpio.gz"
initrd=$tmp/target.cpio.gz

# ---- disk1: GPT, ESP with systemd-boot BLS entries + ext4 /boot with Debian's grub.cfg ----
# 64 MiB: ESP at 1 MiB, 34 MiB (FAT32 needs >= 65525 clusters: 33 MiB at 512-byte clusters);
# /boot at 35 MiB, 28 MiB; 1 MiB free before the backup GPT, as partitioners leave it.
d1=$tmp/disk1-gpt.img
run truncate -s 64M "$d1"
run sgdisk -U "$DISK1_GUID" \
    -n 1:2048:71679 -t 1:ef00 -c 1:"EFI system partition" -u 1:"$ESP_PARTUUID" \
    -n 2:71680:129023 -t 2:8300 -c 2:"Linux filesystem" -u 2:"$BOOT_PARTUUID" "$d1"

stage "$templates/disk1-esp" "$work/esp"
mkdir -p "$work/esp/fedora"
cp "$kernel" "$work/esp/fedora/vmlinuz"
cp "$initrd" "$work/esp/fedora/target.cpio.gz"
settle "$work/esp"
run truncate -s 34M "$work/esp.img"
run mkfs.vfat -F 32 -n ESP -i "$ESP_VOLID" "$work/esp.img"
fatcopy "$work/esp" "$work/esp.img"
put "$d1" "$work/esp.img" 1

stage "$templates/disk1-boot" "$work/boot1"
cp "$kernel" "$work/boot1/vmlinuz-6.1.0-test-amd64"
cp "$initrd" "$work/boot1/initrd.img-6.1.0-test-amd64"
settle "$work/boot1"
run truncate -s 28M "$work/boot1.img"
run mkfs.ext4 -q -F -L debian-boot -U "$BOOT_UUID" -E "hash_seed=$BOOT_UUID,root_owner=0:0" \
    -d "$work/boot1" "$work/boot1.img"
put "$d1" "$work/boot1.img" 35

# ---- disk2: MBR, XFS /boot with RHEL's grub.cfg (blscfg), grubenv and BLS entries ----
# mkfs.xfs (xfsprogs >= 5.19) refuses file systems under 300 MiB and logs under 64 MiB, so the
# partition is 300 MiB; the file is sparse, about 10 MiB of it is allocated.
d2=$tmp/disk2-xfs.img
run truncate -s 301M "$d2"
printf 'label: dos\nlabel-id: %s\nunit: sectors\n\nstart=2048, size=614400, type=83, bootable\n' \
    "$DISK2_LABEL_ID" >"$work/disk2.sfdisk"
run sfdisk --no-reread --no-tell-kernel "$d2" <"$work/disk2.sfdisk"

stage "$templates/disk2-boot" "$work/boot2"
for n in 1 2; do
    cp "$kernel" "$work/boot2/vmlinuz-5.14.0-$n.el9.x86_64"
    cp "$initrd" "$work/boot2/initramfs-5.14.0-$n.el9.x86_64.img"
done
settle "$work/boot2"
{
    echo "/dev/null"
    echo "0 0"
    echo "d--755 0 0"
    proto "$work/boot2"
    echo '$'
} >"$work/boot2.proto"
run truncate -s 300M "$work/boot2.img"
run sh -c 'cd "$1" && mkfs.xfs -q -f -L rhel-boot -m uuid="$2" -p "$3" "$4"' \
    sh "$work/boot2" "$RHEL_UUID" "$work/boot2.proto" "$work/boot2.img"
put "$d2" "$work/boot2.img" 1

# ---- disk3: ISO9660 install medium with isolinux.cfg (no El Torito image: none is read) ----
stage "$templates/disk3-iso" "$work/iso"
mkdir -p "$work/iso/install"
cp "$kernel" "$work/iso/install/vmlinuz"
cp "$initrd" "$work/iso/install/initrd.gz"
settle "$work/iso"
run xorriso -as mkisofs -quiet -o "$tmp/disk3-iso.iso" -V DEBIAN_INSTALL -r -J "$work/iso"

# ---- disk4: protective MBR and a GPT whose primary and backup header CRC32s are both wrong ----
# The signatures stay valid, so a scanner sees "GPT, corrupt" rather than "no partition table";
# the one partition holds no file system. The scanner must report the disk and go on.
d4=$tmp/disk4-corrupt.img
run truncate -s 16M "$d4"
run sgdisk -U "$DISK4_GUID" -n 1:2048:0 -t 1:8300 -c 1:"Linux filesystem" \
    -u 1:"$DISK4_GUID" "$d4"
# Header CRC32 at byte 16 of each header (UEFI 2.10 §5.3.2); primary at LBA 1, backup at the
# last LBA.
printf '\336\255\276\357' | run dd of="$d4" bs=1 seek=$((512 + 16)) conv=notrunc status=none
printf '\336\255\276\357' | run dd of="$d4" bs=1 seek=$((16 * 1024 * 1024 - 512 + 16)) \
    conv=notrunc status=none

# ---- disk5: a "USB stick" that the tests plug in while the menu counts down ----
# MBR, one FAT16 partition (type 0e, FAT16 LBA) with a BLS entry. Not in disks.txt/qemu-args.txt: the late-disk
# test attaches it with QEMU's device_add (a SCSI disk on virtio-scsi, as a USB stick is one).
d5=$tmp/disk5-late.img
run truncate -s 42M "$d5"
printf 'label: dos\nlabel-id: 0x1a7e0005\nunit: sectors\n\nstart=2048, size=81920, type=e\n' >"$work/disk5.sfdisk"
run sfdisk --no-reread --no-tell-kernel "$d5" <"$work/disk5.sfdisk"
stage "$templates/disk5-late" "$work/late"
mkdir -p "$work/late/late"
cp "$kernel" "$work/late/late/vmlinuz"
cp "$initrd" "$work/late/late/target.cpio.gz"
head -c $((24 << 20)) /dev/zero >"$work/late/late/padding.img"
settle "$work/late"
run truncate -s 40M "$work/late.img"
run mkfs.vfat -F 16 -n LATEUSB -i 1A7E0005 "$work/late.img"
fatcopy "$work/late" "$work/late.img"
put "$d5" "$work/late.img" 1

# ---- manifests ----
# QEMU's -drive splits on commas: a comma in a path is written twice.
qpath() { printf '%s' "$1" | sed 's/,/,,/g'; }
{
    echo "disk1 $out/disk1-gpt.img virtio"
    echo "disk2 $out/disk2-xfs.img ahci"
    echo "disk3 $out/disk3-iso.iso nvme"
    echo "disk4 $out/disk4-corrupt.img virtio"
} >"$tmp/disks.txt"
# snapshot=on everywhere: guest writes go to a temporary overlay, never to the image. Also
# readonly=on where the device model allows it, so a write by the guest fails visibly; QEMU's
# ide-hd refuses read-only drives ("Block node is read-only"), so the AHCI disk is only a snapshot.
while read -r name path iface; do
    id=d${name#disk}
    ro=,readonly=on
    if [ "$iface" = ahci ]; then ro=; fi
    echo "-drive"
    echo "file=$(qpath "$path"),if=none,id=$id,format=raw,snapshot=on$ro"
    case $iface in
        virtio) printf '%s\n' -device "virtio-blk-pci,drive=$id" ;;
        ahci) printf '%s\n' -device "ahci,id=ahci0" -device "ide-hd,drive=$id,bus=ahci0.0" ;;
        nvme) printf '%s\n' -device "nvme,serial=lbsnvme,drive=$id" ;;
    esac
done <"$tmp/disks.txt" >"$tmp/qemu-args.txt"

rm -rf "$work"
echo "$hash" >"$tmp/.stamp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
printf 'make-disks: 5 disks and target.cpio.gz in %s (%d.%03d s)\n' "$out" $((ms / 1000)) $((ms % 1000))
