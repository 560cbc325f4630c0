#!/usr/bin/env bash
# Lists what isomer or its tests leave on the host: mounts, cgroups, network links, network
# namespaces, iptables rules, runtime state and processes.
#   test/leaks.sh                  fail (exit 1) when anything is there
#   test/leaks.sh --save FILE      record what is there now (before the suite)
#   test/leaks.sh --since FILE     fail only on what appeared after --save FILE
# The --save/--since pair lets CI judge the suite on a machine where a developer's manual runs
# may have left something; a clean machine needs neither.
set -uo pipefail
home="${ISOMER_HOME:-$HOME/.local/share/isomer}"

inventory() {
  while read -r _ mnt _; do
    case "$mnt" in
      "$home"/*|/run/isomer*|/run/netns/isom*|*isomer-test*|*isomer-bench*) echo "mount $mnt";;
    esac
  done < /proc/mounts
  for d in /sys/fs/cgroup/*/; do
    find "$d" -mindepth 1 -type d \( -name 'isomer*' -o -name '*isomer-test*' \) 2>/dev/null | sed 's/^/cgroup /'
  done
  ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | grep -E '^(isom|iso-|vis)' | sed 's/@.*//; s/^/link /'
  ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^isom' | sed 's/^/netns /'
  if command -v iptables-save >/dev/null; then
    iptables-save 2>/dev/null | grep -E 'isomer:' | sed 's/^/iptables /'
  fi
  if [ -d /run/isomer/runtime ]; then
    ls -A /run/isomer/runtime 2>/dev/null | sed 's/^/runtime-state /'
  fi
  # isomer-net-: a rootless network's holder (argv[0] isomer-net-holder DIR) and its pasta (--pid DIR/pasta.pid)
  pgrep -f 'isomer-runtime|isomer-shim|isomer-init|isomer-net-' 2>/dev/null | while read -r pid; do
    [ "$pid" = "$$" ] && continue
    args=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || continue
    case "$args" in *leaks.sh*|"") continue;; esac
    echo "process $args"
  done
}

case "${1:-}" in
  --save) inventory | sort -u > "$2"; echo "leak baseline: $(wc -l < "$2") item(s) already on the host";;
  --since)
    now=$(mktemp); inventory | sort -u > "$now"
    new=$(comm -13 "$2" "$now"); rm -f "$now"
    if [ -n "$new" ]; then echo "$new" | sed 's/^/leak: /'; exit 1; fi
    echo "no leftovers";;
  *)
    items=$(inventory | sort -u)
    if [ -n "$items" ]; then echo "$items" | sed 's/^/leak: /'; exit 1; fi
    echo "no leftovers";;
esac
