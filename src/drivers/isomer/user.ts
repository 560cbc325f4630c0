// `user: name|uid[:group|gid]` resolved to numbers through the image's /etc/passwd and /etc/group
// (read from the layer directories, topmost first), as Docker does at container start.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../errors.js";

function readImageFile(layers: string[], path: string): string {
  for (const layer of [...layers].reverse()) {
    try {
      return readFileSync(join(layer, path), "utf8");
    } catch {
      // not in this layer
    }
  }
  return "";
}

function lookup(text: string, key: string): string[] | undefined {
  return text.split("\n").map((line) => line.split(":")).find((fields) => fields[0] === key || fields[2] === key);
}

// The numeric user of `spec` in the image, with its primary and supplementary groups.
export function resolveUser(spec: string, layers: string[], extraGroups: string[] = []): { uid: number; gid: number; additionalGids?: number[] } {
  const [userPart, groupPart] = spec.split(":") as [string, string | undefined];
  const passwd = readImageFile(layers, "etc/passwd");
  const group = readImageFile(layers, "etc/group");
  const entry = lookup(passwd, userPart);
  const uid = /^\d+$/.test(userPart) ? Number(userPart) : entry ? Number(entry[2]) : NaN;
  if (Number.isNaN(uid)) throw new ConfigError(`Expected \`user\` to name a user of the image, got \`${userPart}\` (not in its /etc/passwd)`, { hint: "use a numeric uid or create the user in the image" });
  const gidOf = (name: string): number => {
    if (/^\d+$/.test(name)) return Number(name);
    const found = lookup(group, name);
    if (!found) throw new ConfigError(`Expected a group of the image, got \`${name}\` (not in its /etc/group)`);
    return Number(found[2]);
  };
  const gid = groupPart !== undefined ? gidOf(groupPart) : entry ? Number(entry[3]) : 0;
  const additionalGids = extraGroups.map(gidOf);
  return additionalGids.length ? { uid, gid, additionalGids } : { uid, gid };
}
