#!/usr/bin/env bash
# Set up a fresh Debian 12 machine for isomer, as root: the host tools isomer drives (Ansible from
# Debian, mmdebstrap, iproute2, iptables, uidmap and passt for rootless mode), the tools the test
# suite compares against (runc, crun, skopeo, docker-registry, pytest-testinfra), qemu and e2fsprogs
# for the pure cgroup-v2 guest of `npm run test:hosts` (test/hosts/), then `npm ci`,
# which also compiles native/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "setup.sh: run as root (it installs Debian packages; isomer's runtime needs root too)" >&2
  exit 2
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q \
  build-essential pkg-config libseccomp-dev libcap-dev zlib1g-dev \
  ansible-core ansible yamllint python3-testinfra python3-pytest python3-jinja2 \
  mmdebstrap debian-archive-keyring iptables iproute2 procps psmisc util-linux \
  runc crun skopeo docker-registry busybox-static hyperfine jq socat sudo uidmap ca-certificates \
  openssl python3 openssh-server openssh-client curl zstd xz-utils passt \
  qemu-system-x86 e2fsprogs

# Rootless networking (pasta) opens /dev/net/tun as the user: Debian's udev makes it 0666, a host
# without udev (containers, minimal VMs) leaves the kernel's 0600.
if [ -c /dev/net/tun ] && [ "$(stat -c %a /dev/net/tun)" != 666 ]; then chmod 0666 /dev/net/tun; fi

npm ci --no-audit --no-fund
npm run build
