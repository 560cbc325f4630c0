// An ordinary user for rootless tests, made by root: created with `useradd -m` when missing
// (Debian's useradd gives it /etc/subuid and /etc/subgid ranges) and removed again only if the test
// created it. `run` executes argv as that user with setpriv, which execs in place (the PID it
// returns is the command's, unlike runuser's) and leaves no capability behind.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { execa, type Options } from "execa";

export interface UnprivilegedUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  // argv as the user, with a plain environment (HOME, USER, PATH) plus `env`; `wrap` turns the
  // setpriv command line into the one root starts (e.g. to enter a cgroup first)
  run(argv: string[], options?: Options, wrap?: (argv: string[]) => string[]): ReturnType<typeof execa>;
  // removes the user if this helper created it
  remove(): void;
}

function lookup(name: string): { uid: number; gid: number; home: string } | undefined {
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid, , home] = line.split(":");
  return { uid: Number(uid), gid: Number(gid), home: home! };
}

// The user `name`, created if missing; throws when it has no subordinate id ranges.
export function unprivilegedUser(name: string): UnprivilegedUser {
  let created = false;
  if (!lookup(name)) {
    execFileSync("useradd", ["-m", "-s", "/bin/sh", name]);
    created = true;
  }
  const { uid, gid, home } = lookup(name)!;
  for (const file of ["/etc/subuid", "/etc/subgid"])
    if (!readFileSync(file, "utf8").split("\n").some((l) => l.startsWith(`${name}:`)))
      throw new Error(`${file} has no range for \`${name}\`: \`usermod --add-subuids 200000-265535 --add-subgids 200000-265535 ${name}\``);
  return {
    name, uid, gid, home,
    run: (argv, options = {}, wrap = (command) => command) => {
      const [file, ...args] = wrap(["setpriv", "--reuid", String(uid), "--regid", String(gid), "--init-groups", "--", ...argv]);
      return execa(file!, args, {
        ...options,
        extendEnv: false,
        env: { HOME: home, USER: name, LOGNAME: name, PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", ...(options.env ?? {}) },
      });
    },
    remove: () => {
      if (created) execFileSync("userdel", ["-r", name], { stdio: "ignore" });
    },
  };
}
