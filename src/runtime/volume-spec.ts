// Docker's `volumes` grammar (`-v`): `/dst` (anonymous volume), `name:/dst` (named volume),
// `/src:/dst` or `./src:/dst` (bind), each with an optional `:MODE` (ro, rw, z, Z, nocopy and the
// propagation modes, comma-separated). Pure: the driver decides where volumes live.

// One parsed volume.
export type VolumeSpec =
  | { kind: "anonymous"; destination: string; readonly: boolean }
  | { kind: "bind"; source: string; destination: string; readonly: boolean } // source as written (absolute, ./ or ~)
  | { kind: "named"; name: string; destination: string; readonly: boolean };

const MODES = ["ro", "rw", "z", "Z", "nocopy", "shared", "rshared", "slave", "rslave", "private", "rprivate", "delegated", "cached", "consistent"];
const isMode = (text: string) => text.split(",").every((m) => MODES.includes(m));

// The volume `spec` parsed, or a string saying what is wrong.
export function parseVolumeSpec(spec: string): VolumeSpec | string {
  const parts = spec.split(":");
  const mode = parts.length === 3 || (parts.length === 2 && isMode(parts[1]!)) ? parts.pop()! : "rw";
  if (parts.length > 2) return `bad volume \`${spec}\`: write \`/dst\`, \`name:/dst\` or \`/src:/dst\`, with an optional \`:ro\``;
  if (!isMode(mode)) return `bad volume mode \`${mode}\` in \`${spec}\`: one of ${MODES.join(", ")} (comma-separated)`;
  const readonly = mode.split(",").includes("ro");
  const destination = parts[parts.length - 1]!;
  if (!destination.startsWith("/")) return `Expected an absolute container path in volume \`${spec}\`, got \`${destination}\``;
  if (parts.length === 1) return { kind: "anonymous", destination, readonly };
  const source = parts[0]!;
  if (source === "") return `bad volume \`${spec}\`: the source before \`:\` is empty`;
  if (source.startsWith("/") || source.startsWith(".") || source.startsWith("~")) return { kind: "bind", source, destination, readonly };
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) return `bad volume name \`${source}\` in \`${spec}\`: a name is letters, digits, \`_\`, \`.\`, \`-\`; a host path starts with \`/\`, \`./\` or \`~\``;
  return { kind: "named", name: source, destination, readonly };
}
