#!/bin/sh
# Boots the demo on this terminal: Debian's kernel + our initramfs under QEMU, serial console
# on stdio. Quit with Ctrl-A X. The disks of qemu/make-disks.sh are attached from
# $LBS_DISKS/qemu-args.txt (default build/disks) when it exists.
set -eu
kernel=${1:-build/kernel/vmlinuz}
initrd=${2:-build/initramfs.cpio.xz}
# TCG by default (this project's machines have no working KVM); LBS_ACCEL=kvm where it works.
accel="-accel ${LBS_ACCEL:-tcg} -cpu max"
args=${LBS_DISKS:-build/disks}/qemu-args.txt
set --
if [ -f "$args" ]; then
    while IFS= read -r a; do
        [ -n "$a" ] && set -- "$@" "$a"
    done < "$args"
fi
echo "run-demo: booting $kernel with $initrd and $(($# / 4)) disk(s) (Ctrl-A X quits)"
exec qemu-system-x86_64 $accel -m 1024 -smp 2 -machine q35 -nographic -no-reboot \
    -kernel "$kernel" -initrd "$initrd" -append "console=ttyS0 panic=-1 no_timer_check quiet ${LBS_APPEND:-}" "$@"
