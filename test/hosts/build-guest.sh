#!/usr/bin/env bash
# The pure cgroup-v2 guest's recipe: `build-guest.sh OUTDIR` makes OUTDIR/{vmlinuz,initrd.img,root.ext4}
# from Debian's packages alone (mmdebstrap trixie: kernel 6.12 without v1 memory/cpuset, systemd 257).
# test/hosts/run.mjs caches the result under $ISOMER_HOME/hosts/ keyed on this file's content, so any
# change here is a rebuild. Everything the suites need is installed here (apt through qemu's
# user-mode network is slow); the project and the image store come per run on a second disk.
# libpam-systemd, as on every login host: user@.service's PAM session sets XDG_RUNTIME_DIR with
# it, without which a lingering user's `systemd --user` exits at once (what scopes in a user manager, not done yet, will need).
# The recipe follows ../shared/hosts/pure-v2-guest.sh (its README has the measurements).
set -euo pipefail
OUT=${1:?usage: build-guest.sh OUTDIR}
MIRROR=http://deb.debian.org/debian
PACKAGES=(
  linux-image-amd64 systemd systemd-sysv udev dbus kmod procps psmisc util-linux e2fsprogs
  iproute2 iptables ca-certificates python3 ansible-core nodejs runc busybox-static
  uidmap passt sudo zstd xz-utils libseccomp2 libcap2
  libpam-systemd
)
ROOT=$OUT/rootfs
rm -rf "$ROOT"; mkdir -p "$OUT"
mmdebstrap --quiet --variant=minbase --include="$(IFS=,; echo "${PACKAGES[*]}")" \
  --aptopt='Acquire::Retries "3"' trixie "$ROOT" "$MIRROR"

echo isomer-v2guest > "$ROOT/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 isomer-v2guest\n' > "$ROOT/etc/hosts"
echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' > "$ROOT/etc/fstab"
# qemu's user-mode network: DHCP on the first NIC, slirp's resolver
mkdir -p "$ROOT/etc/systemd/network"
printf '[Match]\nName=en* eth*\n[Network]\nDHCP=ipv4\n' > "$ROOT/etc/systemd/network/10-slirp.network"
rm -f "$ROOT/etc/resolv.conf"; echo 'nameserver 10.0.2.3' > "$ROOT/etc/resolv.conf"
chroot "$ROOT" systemctl enable systemd-networkd.service >/dev/null 2>&1
chroot "$ROOT" passwd -d root >/dev/null
mkdir -p "$ROOT/mnt/host" "$ROOT/srv/isomer"
# the guest runs /mnt/host/guest-run.sh (written by run.mjs) and powers off
cat > "$ROOT/etc/systemd/system/isomer-suites.service" <<'UNIT'
[Unit]
Description=isomer host suites: run /mnt/host/guest-run.sh from the 9p share, then power off
After=multi-user.target systemd-networkd.service
ConditionKernelCommandLine=isomer.suites=1
[Service]
Type=exec
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS1
ExecStartPre=/bin/sh -c 'modprobe 9pnet_virtio; mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 host /mnt/host && mount /dev/vdb /srv/isomer'
ExecStart=/bin/bash /mnt/host/guest-run.sh
ExecStopPost=/bin/systemctl --no-block poweroff
[Install]
WantedBy=multi-user.target
UNIT
chroot "$ROOT" systemctl enable isomer-suites.service >/dev/null 2>&1
chroot "$ROOT" systemctl mask e2scrub_reap.service e2scrub_all.timer apt-daily.timer \
  apt-daily-upgrade.timer dpkg-db-backup.timer fstrim.timer systemd-networkd-wait-online.service \
  getty@tty1.service serial-getty@ttyS0.service >/dev/null 2>&1 || true
# a small initrd: only what mounts a virtio-blk ext4 root
sed -i 's/^MODULES=.*/MODULES=list/' "$ROOT/etc/initramfs-tools/initramfs.conf"
printf 'virtio_pci\nvirtio_blk\next4\n' > "$ROOT/etc/initramfs-tools/modules"
chroot "$ROOT" update-initramfs -u -k all >/dev/null
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/*_Packages
cp "$(ls "$ROOT"/boot/vmlinuz-* | tail -1)" "$OUT/vmlinuz"
cp "$(ls "$ROOT"/boot/initrd.img-* | tail -1)" "$OUT/initrd.img"
rm -f "$OUT/root.ext4"
mkfs.ext4 -q -F -L root -d "$ROOT" "$OUT/root.ext4" 6G
rm -rf "$ROOT"
