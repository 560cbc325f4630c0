#!/bin/sh
# crun 1.8 (Debian 12) refuses cgroup v1/v2 hybrid hosts ("cgroups in hybrid mode not supported").
# It works in a private mount namespace in which the cgroup2 mount /sys/fs/cgroup/unified is
# unmounted: crun then sees a plain v1 host. Each call gets its own namespace; the containers it
# creates keep theirs. Used by tests and benchmarks in place of the `crun` binary (same CLI).
exec unshare --mount --propagation private sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; exec crun "$@"' crun-hybrid "$@"
