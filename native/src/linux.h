/* Inside the new namespaces: mounts, /dev, pivot_root, masked/readonly paths, sysctl, console. */
#ifndef ISOMER_LINUX_H
#define ISOMER_LINUX_H

#include "cgroup.h"
#include "error.h"
#include "spec.h"

/* Annotation whose value (overlayfs options: lowerdir=...,upperdir=...,workdir=...) makes the
   runtime mount the rootfs itself, inside the container's namespaces (rootless mode). */
#define ROOTFS_OVERLAY_ANNOTATION "dev.isomer.rootfs.overlay"

/* Prepare the root filesystem: propagation, mounts, /dev (needs a new mount namespace). */
int linux_setup_rootfs (const struct spec *spec, const struct cgroup_set *cgroups, int cgroupns, isomer_error_t *err);
/* pivot_root into root.path and detach the old root. */
int linux_pivot_root (const struct spec *spec, isomer_error_t *err);
/* After pivot_root: masked and read-only paths, read-only root, sysctl. */
int linux_finish_rootfs (const struct spec *spec, isomer_error_t *err);
/* Allocate a pty in the container, make it the console and stdio, send the master over `socket_fd`. */
/* Bring the loopback interface of a new network namespace up, as runc and crun do. */
int linux_loopback_up (isomer_error_t *err);

int linux_setup_console (int socket_fd, const struct spec_process *proc, isomer_error_t *err);
/* Parse mount options into flags, propagation flags and the data string; 1 when bind, 2 when rbind. */
int linux_parse_mount_options (char **options, size_t n, unsigned long *flags, unsigned long *propagation,
                               char **data);

#endif
