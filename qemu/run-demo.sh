#!/bin/sh
# Boots the demo on this terminal: Debian's kernel + our initramfs under QEMU, serial console
# on stdio. Quit with Ctrl-A X. Extra QEMU arguments (disks) come from qemu/demo-disks.sh when
# it has built them.
set -eu
kernel=${1:-build/kernel/vmlinuz}
initrd=${2:-build/initramfs.cpio.xz}
# TCG by default (this project's machines have no working KVM); LBS_ACCEL=kvm where it works.
accel="-accel ${LBS_ACCEL:-tcg} -cpu max"
disks=""
if [ -x qemu/demo-disks.sh ]; then
    disks=$(qemu/demo-disks.sh build/demo)
fi
echo "run-demo: booting $kernel with $initrd (Ctrl-A X quits)"
# shellcheck disable=SC2086
exec qemu-system-x86_64 $accel -m 1024 -smp 2 -machine q35 -nographic -no-reboot \
    -kernel "$kernel" -initrd "$initrd" -append "console=ttyS0 panic=-1 no_timer_check ${LBS_APPEND:-}" $disks
