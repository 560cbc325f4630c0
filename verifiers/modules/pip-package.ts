// pipPackage(name, python): a Python distribution installed for an interpreter, read with
// importlib.metadata (works without pip itself being installed).
import type { Host } from "../host.js";

const LIST = "import importlib.metadata as m, json; print(json.dumps({d.metadata['Name'].lower(): d.version for d in m.distributions() if d.metadata['Name']}))";

// Every distribution of `python` (default `python3`) as {lowercased name: version}.
export function pipPackages(host: Host, python = "python3"): Promise<Record<string, string>> {
  return host.checkOutput("%s -c %s", python, LIST).then((s) => JSON.parse(s) as Record<string, string>);
}

// One Python distribution.
export class PipPackage {
  constructor(readonly host: Host, readonly name: string, readonly python = "python3") {}
  // `pip package \`requests\``, for messages
  describe(): string { return `pip package \`${this.name}\` (${this.python})`; }
  private key(): string { return this.name.toLowerCase().replace(/_/g, "-"); }
  private async lookup(): Promise<string | undefined> {
    const all = await pipPackages(this.host, this.python);
    return all[this.key()] ?? all[this.name.toLowerCase()] ?? all[this.name.toLowerCase().replace(/-/g, "_")];
  }
  // the distribution is installed
  get isInstalled(): Promise<boolean> { return this.lookup().then((v) => v !== undefined); }
  // its version, or undefined
  get version(): Promise<string | undefined> { return this.lookup(); }
}
