# LinuxBootSharp — `make` builds lbs and the initramfs, `make test` runs every test,
# `make qemu` boots the demo on this terminal. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1
# Fixed mtime for the initramfs members (reproducible builds). Not exported: tools the tests
# run (xorriso, mkfs) honour SOURCE_DATE_EPOCH too and the tests set their own dates.
SOURCE_DATE_EPOCH ?= 1700000000

BUILD      := build
BOARD      ?= qemu-x86_64
COMPRESS   ?= xz
KERNEL_DIR := $(BUILD)/kernel
LBS        := $(BUILD)/lbs/lbs
INITRAMFS  := $(BUILD)/initramfs.cpio.$(COMPRESS)
SOURCES    := $(shell find src boards -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \)) Directory.Build.props Directory.Packages.props
# The image layout (initramfs/README.md) is data lbs-mkinitramfs reads. Folders are listed too: a
# folder's mtime changes when a file is added to it or removed from it.
LAYOUT_DIR := initramfs
LAYOUT     := $(LAYOUT_DIR)/. $(shell find $(LAYOUT_DIR) -mindepth 1)
TESTLOG    := $(BUILD)/test-logs
UNIT_TESTS := $(sort $(filter-out %IntegrationTests.csproj,$(wildcard tests/*.Tests/*.csproj)))
FUZZ_SECONDS ?= 20

.PHONY: all deps kernel netboot lbs initramfs disks test unit-test integration-test qemu bench fuzz soak clean

all: $(INITRAMFS)

deps: $(BUILD)/.deps
$(BUILD)/.deps: tools/deps.sh
	@mkdir -p $(BUILD)
	tools/deps.sh
	@touch $@

kernel: $(KERNEL_DIR)/.version
$(KERNEL_DIR)/.version: qemu/fetch-kernel.sh | $(BUILD)/.deps
	qemu/fetch-kernel.sh $(KERNEL_DIR)

# Debian's netboot installer tree (debian-installer-12-netboot-amd64, apt-get download + dpkg -x,
# never installed) for the syslinux/pxelinux real-artefact tests; cached by the script.
NETBOOT := $(BUILD)/netboot
netboot: $(NETBOOT)/.version
$(NETBOOT)/.version: qemu/fetch-netboot.sh
	qemu/fetch-netboot.sh $(NETBOOT)

lbs: $(LBS)
$(LBS): $(SOURCES) | $(BUILD)/.deps
	dotnet publish src/lbs/lbs.csproj -c Release -o $(BUILD)/lbs -nologo -clp:NoSummary
	@touch $@

MKINITRAMFS := $(BUILD)/artifacts/bin/LinuxBootSharp.Mkinitramfs/release/lbs-mkinitramfs.dll
$(MKINITRAMFS): $(SOURCES) | $(BUILD)/.deps
	dotnet build src/LinuxBootSharp.Mkinitramfs -c Release -nologo -clp:NoSummary -v q
	@touch $@

initramfs: $(INITRAMFS)
$(INITRAMFS): $(LBS) $(MKINITRAMFS) $(KERNEL_DIR)/.version $(LAYOUT)
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) dotnet $(MKINITRAMFS) --board $(BOARD) --lbs $(LBS) --layout $(LAYOUT_DIR) \
	    --modules $(KERNEL_DIR)/lib/modules/$$(cat $(KERNEL_DIR)/.version) \
	    --compress $(COMPRESS) --out $@

# The QEMU test and demo disk set (qemu/README.md): real mkfs/sgdisk/xorriso images, cached by the script.
DISKS := $(BUILD)/disks
disks: $(KERNEL_DIR)/.version
	qemu/make-disks.sh $(DISKS) $(KERNEL_DIR)/vmlinuz

# Unit tests first (parallel per project), then the QEMU end-to-end tests on their own so the
# two cores go to the guests. The last line is the one CI reads: "N passed, N failed".
test: all disks netboot
	@rm -rf $(TESTLOG) && mkdir -p $(TESTLOG)
	dotnet build LinuxBootSharp.sln -c Release -nologo -clp:NoSummary -v q
	status=0; \
	for p in $(UNIT_TESTS); do \
	    n=$$(basename $$p .csproj); \
	    dotnet test $$p -c Release --no-build -nologo 2>&1 | tee $(TESTLOG)/$$n.log || status=1; \
	done; \
	dotnet test tests/LinuxBootSharp.IntegrationTests -c Release --no-build -nologo 2>&1 | tee $(TESTLOG)/integration.log || status=1; \
	tools/test-summary.sh $(TESTLOG)/*.log; \
	exit $$status

unit-test: $(BUILD)/.deps netboot
	dotnet build LinuxBootSharp.sln -c Release -nologo -clp:NoSummary -v q
	for p in $(UNIT_TESTS); do dotnet test $$p -c Release --no-build -nologo; done

integration-test: all disks
	dotnet test tests/LinuxBootSharp.IntegrationTests -c Release -nologo

qemu: all disks
	LBS_DISKS=$(DISKS) qemu/run-demo.sh $(KERNEL_DIR)/vmlinuz $(INITRAMFS)

bench: all disks
	dotnet run -c Release --project tests/LinuxBootSharp.Benchmarks -- --work $(BUILD)/bench $(BENCH)

fuzz: $(BUILD)/.deps
	dotnet run -c Release --project tests/LinuxBootSharp.Fuzz -- --seconds $(FUZZ_SECONDS) --out $(BUILD)/fuzz-findings

SOAK_ROUNDS ?= 20
soak: all disks
	LBS_SOAK=$(SOAK_ROUNDS) dotnet test tests/LinuxBootSharp.IntegrationTests -c Release -nologo --filter FullyQualifiedName~Soak

clean:
	rm -rf $(BUILD)/artifacts $(BUILD)/lbs $(BUILD)/initramfs.cpio.* $(BUILD)/testdata $(BUILD)/test-logs
