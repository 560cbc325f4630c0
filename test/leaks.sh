#!/usr/bin/env bash
# Fails when isomer or its tests left anything on the host: mounts, cgroups, network links,
# network namespaces, iptables rules, runtime state or processes. Run after the test suite.
set -uo pipefail
home="${ISOMER_HOME:-$HOME/.local/share/isomer}"
found=0
report() { echo "leak: $1"; found=1; }

while read -r _ mnt _; do
  case "$mnt" in
    "$home"/*|/run/isomer/*|*isomer-test*) report "mount $mnt";;
  esac
done < /proc/mounts

for d in /sys/fs/cgroup/*/; do
  while IFS= read -r c; do report "cgroup $c"; done < <(find "$d" -mindepth 1 -type d \( -name 'isomer*' -o -name '*isomer-test*' \) 2>/dev/null)
done

while read -r l; do report "link $l"; done < <(ip -o link show 2>/dev/null | grep -E ': (isom|iso-|vis)')
while read -r n; do report "netns $n"; done < <(ip netns list 2>/dev/null | grep -E '^isom')
if command -v iptables-save >/dev/null; then
  while read -r r; do report "iptables $r"; done < <(iptables-save 2>/dev/null | grep -E 'isomer:')
fi
if [ -d /run/isomer/runtime ] && [ -n "$(ls -A /run/isomer/runtime 2>/dev/null)" ]; then
  report "runtime state $(ls /run/isomer/runtime | tr '\n' ' ')"
fi
while read -r p; do report "process $p"; done < <(pgrep -a -f 'isomer-runtime|isomer-shim|isomer-init' | grep -v -e pgrep -e leaks.sh)

if [ "$found" = 0 ]; then echo "no leftovers"; else exit 1; fi
