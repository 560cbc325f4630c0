// A `user` (`name`, `uid`, `name:group`, `uid:gid`, as the platform key, an image's config User
// and a Dockerfile USER write it) turned into numbers through the image's own /etc/passwd and
// /etc/group, the way Docker does it (runc's user.GetExecUser with Docker's defaults):
// - a name must be in /etc/passwd; a number need not be;
// - without a group, the gid is the passwd entry's, else 0 (a uid the image does not know runs
//   with gid 0, not gid = uid), and a user found in /etc/passwd also gets the groups that list
//   it in /etc/group;
// - an explicit group (name or number) replaces the gid and adds no supplementary groups.
// The files come from `roots`: an image's layer directories (lowest first, the topmost copy of a
// file wins) or a single mounted rootfs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors.js";

// Numeric ids to run as.
export interface ImageUser {
  uid: number;
  gid: number;
  additionalGids?: number[];
}

// The fields of each line of `path` (passwd or group format) in the topmost root that has it.
function readEntries(roots: string[], path: string): string[][] {
  for (const root of [...roots].reverse()) {
    let text: string;
    try {
      text = readFileSync(join(root, path), "utf8");
    } catch {
      continue; // not in this layer
    }
    return text.split("\n").filter((line) => line && !line.startsWith("#")).map((line) => line.split(":"));
  }
  return [];
}

const numeric = (text: string) => /^\d+$/.test(text);

// The ids of `spec` in the image whose files are under `roots`; `extraGroups` (names or numbers)
// are added as supplementary groups. Throws ConfigError naming what the image lacks.
export function resolveImageUser(spec: string, roots: string[], extraGroups: string[] = []): ImageUser {
  const [userPart = "", groupPart] = spec.split(":") as [string, string | undefined];
  const passwd = readEntries(roots, "etc/passwd");
  const groups = readEntries(roots, "etc/group");
  const entry = numeric(userPart) ? passwd.find((f) => f[2] === userPart) : passwd.find((f) => f[0] === userPart);
  if (!entry && !numeric(userPart)) {
    throw new ConfigError(`Expected a user of the image, got \`${userPart}\` (not in its /etc/passwd)`, { hint: "use a numeric uid, or create the user in the image" });
  }
  const gidOf = (name: string): number => {
    if (numeric(name)) return Number(name);
    const found = groups.find((f) => f[0] === name);
    if (!found) throw new ConfigError(`Expected a group of the image, got \`${name}\` (not in its /etc/group)`, { hint: "use a numeric gid, or create the group in the image" });
    return Number(found[2]);
  };
  const uid = entry ? Number(entry[2]) : Number(userPart);
  const gid = groupPart !== undefined ? gidOf(groupPart) : entry ? Number(entry[3]) : 0;
  const member = groupPart === undefined && entry ? groups.filter((f) => (f[3] ?? "").split(",").includes(entry[0]!)).map((f) => Number(f[2])) : [];
  const additionalGids = [...new Set([...member, ...extraGroups.map(gidOf)])];
  return additionalGids.length ? { uid, gid, additionalGids } : { uid, gid };
}
