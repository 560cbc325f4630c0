// Docker's default seccomp profile, generated in Docker's profile format (see seccomp-profile.ts,
// which turns it into config.json's `linux.seccomp` for a container's capabilities and arch).
// Derived from the rules of moby's profiles/seccomp/default.json as of moby v25.0 (commit
// 00f3d189, the same policy as containerd's contrib/seccomp/seccomp_default.go of v1.7): an
// allow-list whose default answer is EPERM; syscalls that need a capability are allowed only with
// it; namespace flags of clone, and clone3 (ENOSYS, so libc falls back to clone), only with
// CAP_SYS_ADMIN; `personality` only for the harmless personas; AF_VSOCK sockets never.
import type { DockerSeccompProfile, DockerSeccompRule } from "./seccomp-profile.js";

const words = (text: string): string[] => text.trim().split(/\s+/);

// Allowed for every container, grouped by what they touch.
const ALWAYS = words(`
  accept accept4 bind connect getpeername getsockname getsockopt listen recv recvfrom recvmmsg
  recvmmsg_time64 recvmsg send sendmmsg sendmsg sendto setsockopt shutdown socketcall socketpair
  access chdir chmod chown chown32 creat faccessat faccessat2 fchdir fchmod fchmodat fchown
  fchown32 fchownat fgetxattr flistxattr fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs
  fstatfs64 getcwd getdents getdents64 getxattr lchown lchown32 lgetxattr link linkat listxattr
  llistxattr lremovexattr lsetxattr lstat lstat64 mkdir mkdirat mknod mknodat newfstatat open
  openat openat2 readlink readlinkat removexattr rename renameat renameat2 rmdir setxattr stat
  stat64 statfs statfs64 statx symlink symlinkat truncate truncate64 umask unlink unlinkat utime
  utimensat utimensat_time64 utimes futimesat name_to_handle_at
  close close_range copy_file_range dup dup2 dup3 fadvise64 fadvise64_64 fallocate fcntl fcntl64
  fdatasync flock fsync ftruncate ftruncate64 _llseek lseek pread64 preadv preadv2 pwrite64
  pwritev pwritev2 read readahead readv sendfile sendfile64 splice sync sync_file_range syncfs tee
  vmsplice write writev
  epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait
  epoll_wait_old eventfd eventfd2 fanotify_mark inotify_add_watch inotify_init inotify_init1
  inotify_rm_watch _newselect poll ppoll ppoll_time64 pselect6 pselect6_time64 select signalfd
  signalfd4 timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64
  io_cancel io_destroy io_getevents io_pgetevents io_pgetevents_time64 io_setup io_submit
  io_uring_enter io_uring_register io_uring_setup ioctl ioprio_get ioprio_set
  brk madvise membarrier memfd_create memfd_secret mincore mlock mlock2 mlockall mmap mmap2
  mprotect mremap msync munlock munlockall munmap pkey_alloc pkey_free pkey_mprotect
  remap_file_pages
  execve execveat exit exit_group fork vfork wait4 waitid waitpid kill tgkill tkill pause
  pipe pipe2 pidfd_open pidfd_send_signal process_mrelease restart_syscall rseq set_robust_list
  get_robust_list set_tid_address get_thread_area set_thread_area prctl seccomp
  landlock_add_rule landlock_create_ruleset landlock_restrict_self
  capget capset getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 getpgid
  getpgrp getpid getppid getresgid getresgid32 getresuid getresuid32 getsid gettid getuid getuid32
  setfsgid setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setpgid setregid
  setregid32 setresgid setresgid32 setresuid setresuid32 setreuid setreuid32 setsid setuid
  setuid32
  getpriority setpriority getrlimit setrlimit prlimit64 ugetrlimit getrusage times sysinfo uname
  getcpu getrandom sched_getaffinity sched_getattr sched_getparam sched_get_priority_max
  sched_get_priority_min sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64
  sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield
  rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend
  rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sigaltstack sigprocmask sigreturn
  adjtimex alarm clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime
  clock_gettime64 clock_nanosleep clock_nanosleep_time64 getitimer gettimeofday nanosleep
  setitimer time timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64
  timer_settime timer_settime64
  futex futex_time64 futex_waitv ipc mq_getsetattr mq_notify mq_open mq_timedreceive
  mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink msgctl msgget msgrcv msgsnd
  semctl semget semop semtimedop semtimedop_time64 shmat shmctl shmdt shmget
`);

// Allowed only when the container holds the capability (Docker's `includes.caps`).
const BY_CAPABILITY: Record<string, string[]> = {
  CAP_SYS_ADMIN: words(`
    bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount mount_setattr
    move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname sethostname setns syslog
    umount umount2 unshare`),
  CAP_DAC_READ_SEARCH: ["open_by_handle_at"],
  CAP_SYS_BOOT: ["reboot"],
  CAP_SYS_CHROOT: ["chroot"],
  CAP_SYS_MODULE: ["delete_module", "init_module", "finit_module"],
  CAP_SYS_PACCT: ["acct"],
  CAP_SYS_PTRACE: ["kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"],
  CAP_SYS_RAWIO: ["iopl", "ioperm"],
  CAP_SYS_TIME: ["settimeofday", "stime", "clock_settime", "clock_settime64"],
  CAP_SYS_TTY_CONFIG: ["vhangup"],
  CAP_SYS_NICE: ["get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"],
  CAP_SYSLOG: ["syslog"],
  CAP_BPF: ["bpf"],
  CAP_PERFMON: ["perf_event_open"],
};

// Allowed only on these architectures (Go's GOARCH names, as Docker's `includes.arches`).
const BY_ARCH: [string[], string[]][] = [
  [["amd64", "x32"], ["arch_prctl"]],
  [["amd64", "x32", "386"], ["modify_ldt"]],
  [["arm", "arm64"], ["arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls"]],
  [["ppc64le"], ["sync_file_range2", "swapcontext"]],
  [["s390", "s390x"], ["s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"]],
  [["riscv64"], ["riscv_flush_icache"]],
];

// personality(2) values allowed: PER_LINUX, UNAME26, PER_LINUX32, UNAME26|PER_LINUX32, and the query 0xffffffff.
const PERSONALITIES = [0x0, 0x0008, 0x20000, 0x20008, 0xffffffff];

// CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: clone without CAP_SYS_ADMIN must have none.
export const CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

const AF_VSOCK = 40;
const ENOSYS = 38;

// Docker's default profile in Docker's format (capability and arch conditions not yet resolved).
export function dockerDefaultProfile(): DockerSeccompProfile {
  const allow = (names: string[], extra: Partial<DockerSeccompRule> = {}): DockerSeccompRule => ({ names, action: "SCMP_ACT_ALLOW", ...extra });
  const withoutSysAdmin = { caps: ["CAP_SYS_ADMIN"] };
  const syscalls: DockerSeccompRule[] = [
    allow(ALWAYS),
    allow(["process_vm_readv", "process_vm_writev", "ptrace"], { includes: { minKernel: "4.8" } }),
    allow(["socket"], { args: [{ index: 0, value: AF_VSOCK, op: "SCMP_CMP_NE" }] }),
    ...PERSONALITIES.map((value) => allow(["personality"], { args: [{ index: 0, value, op: "SCMP_CMP_EQ" }] })),
    ...BY_ARCH.map(([arches, names]) => allow(names, { includes: { arches } })),
    ...Object.entries(BY_CAPABILITY).map(([cap, names]) => allow(names, { includes: { caps: [cap] } })),
    // s390 passes clone's flags second
    allow(["clone"], { args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, op: "SCMP_CMP_MASKED_EQ" }], excludes: { ...withoutSysAdmin, arches: ["s390", "s390x"] } }),
    allow(["clone"], { args: [{ index: 1, value: CLONE_NAMESPACE_FLAGS, op: "SCMP_CMP_MASKED_EQ" }], includes: { arches: ["s390", "s390x"] }, excludes: withoutSysAdmin }),
    { names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: ENOSYS, excludes: withoutSysAdmin },
  ];
  return {
    defaultAction: "SCMP_ACT_ERRNO",
    defaultErrnoRet: 1,
    archMap: [
      { architecture: "SCMP_ARCH_X86_64", subArchitectures: ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
      { architecture: "SCMP_ARCH_AARCH64", subArchitectures: ["SCMP_ARCH_ARM"] },
      { architecture: "SCMP_ARCH_S390X", subArchitectures: ["SCMP_ARCH_S390"] },
      { architecture: "SCMP_ARCH_PPC64LE", subArchitectures: [] },
      { architecture: "SCMP_ARCH_RISCV64", subArchitectures: [] },
    ],
    syscalls,
  };
}
