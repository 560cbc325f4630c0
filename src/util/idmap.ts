// The id mapping of isomer's rootless mode, computed once here and passed down to everything that
// makes a user namespace (containers, the scenario's network holder, unpacking and removing layers):
// container uid/gid 0 is the caller's own uid/gid, and 1..N are the caller's first subordinate
// range from /etc/subuid and /etc/subgid (as podman does), so files a container's root creates
// belong to the user on the host and the rest to ids only the user's namespaces can reach.
import { readFileSync } from "node:fs";
import { userInfo } from "node:os";

// True when isomer runs as an ordinary user (rootless mode: everything below is used), false as root.
export function isRootless(): boolean {
  return process.getuid?.() !== 0;
}

// One line of linux.uidMappings / gidMappings (OCI runtime spec field names).
export interface IdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

// The mapping of a rootless user namespace.
export interface IdMap {
  uidMappings: IdMapping[];
  gidMappings: IdMapping[];
}

// A subordinate id range from /etc/subuid or /etc/subgid.
export interface SubIdRange {
  start: number;
  count: number;
}

// Why rootless mode cannot start for this user (no ranges, unreadable files).
export class SubIdError extends Error {}

// The most ids isomer maps besides the caller's own: a Debian image uses 0..65534 (nobody).
export const MAX_SUBORDINATE = 65536;

// The first range of `name` (or of the numeric `uid`) in subuid/subgid text ("user:start:count").
export function parseSubIds(text: string, name: string, uid: number): SubIdRange | undefined {
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [owner, start, count] = line.split(":");
    if ((owner === name || owner === String(uid)) && /^\d+$/.test(start ?? "") && /^\d+$/.test(count ?? "") && Number(count) > 0)
      return { start: Number(start), count: Number(count) };
  }
  return undefined;
}

// The rootless mapping for uid/gid with their subordinate ranges (at most MAX_SUBORDINATE ids).
export function rootlessIdMap(uid: number, gid: number, subUid: SubIdRange, subGid: SubIdRange): IdMap {
  const line = (own: number, sub: SubIdRange): IdMapping[] => [
    { containerID: 0, hostID: own, size: 1 },
    { containerID: 1, hostID: sub.start, size: Math.min(sub.count, MAX_SUBORDINATE) },
  ];
  return { uidMappings: line(uid, subUid), gidMappings: line(gid, subGid) };
}

// The caller's rootless mapping read from /etc/subuid and /etc/subgid, or a SubIdError saying
// what to do (Debian's `usermod --add-subuids` / `--add-subgids`, which `useradd` does by default).
export function callerIdMap(files = { subuid: "/etc/subuid", subgid: "/etc/subgid" }): IdMap {
  const { username, uid, gid } = userInfo();
  const range = (path: string, kind: string): SubIdRange => {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new SubIdError(`cannot read \`${path}\` (${(error as NodeJS.ErrnoException).code}): rootless isomer maps the container's ids to your subordinate ${kind}s`);
    }
    const found = parseSubIds(text, username, uid);
    if (!found) throw new SubIdError(`\`${path}\` has no subordinate ${kind} range for \`${username}\`: ask an administrator for one (\`usermod --add-sub${kind}s 100000-165535 ${username}\`)`);
    return found;
  };
  return rootlessIdMap(uid, gid, range(files.subuid, "uid"), range(files.subgid, "gid"));
}

// The host id a container id maps to under `mappings`, or undefined when it is not mapped.
export function hostId(mappings: IdMapping[], containerId: number): number | undefined {
  const hit = mappings.find((m) => containerId >= m.containerID && containerId < m.containerID + m.size);
  return hit ? hit.hostID + (containerId - hit.containerID) : undefined;
}

// `isomer-runtime unshare` arguments that run `argv` as root of a new user namespace with `idmap`
// (+ a network namespace with `net`): how rootless store and unpack work gets the mapped ids.
export function unshareArgs(idmap: IdMap, argv: string[], options: { net?: boolean } = {}): string[] {
  const maps = (flag: string, list: IdMapping[]) => list.map((m) => `--${flag}=${m.containerID}:${m.hostID}:${m.size}`);
  return ["unshare", ...(options.net ? ["--net"] : []), ...maps("uid-map", idmap.uidMappings), ...maps("gid-map", idmap.gidMappings), "--", ...argv];
}
