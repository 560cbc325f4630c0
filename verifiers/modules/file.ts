// file(path): testinfra's File module — type, owner, mode, size, mtime, content, checksums.
import type { Host } from "../host.js";

// A path on the instance; every property runs one command when awaited.
export class File {
  constructor(readonly host: Host, readonly path: string) {}

  // `file \`/etc/passwd\``, for messages
  describe(): string {
    return `file \`${this.path}\``;
  }
  private async test(flag: string): Promise<boolean> {
    return (await this.host.runTest(`test -${flag} %s`, this.path)).exitCode === 0;
  }
  private stat(format: string): Promise<string> {
    return this.host.checkOutput("stat -c %s %s", format, this.path);
  }

  // the path exists (any type; a dangling symlink counts as not existing, as `test -e`)
  get exists(): Promise<boolean> { return this.test("e"); }
  // a regular file
  get isFile(): Promise<boolean> { return this.test("f"); }
  // a directory
  get isDirectory(): Promise<boolean> { return this.test("d"); }
  // a symbolic link
  get isSymlink(): Promise<boolean> { return this.test("L"); }
  // a named pipe
  get isPipe(): Promise<boolean> { return this.test("p"); }
  // a unix socket
  get isSocket(): Promise<boolean> { return this.test("S"); }
  // the fully resolved target of a symlink (`readlink -f`)
  get linkedTo(): Promise<string> { return this.host.checkOutput("readlink -f %s", this.path); }
  // owner name
  get user(): Promise<string> { return this.stat("%U"); }
  // group name
  get group(): Promise<string> { return this.stat("%G"); }
  // owner uid
  get uid(): Promise<number> { return this.stat("%u").then(Number); }
  // group gid
  get gid(): Promise<number> { return this.stat("%g").then(Number); }
  // permission bits as a number (compare with 0o644)
  get mode(): Promise<number> { return this.stat("%a").then((s) => parseInt(s, 8)); }
  // size in bytes
  get size(): Promise<number> { return this.stat("%s").then(Number); }
  // modification time
  get mtime(): Promise<Date> { return this.stat("%Y").then((s) => new Date(Number(s) * 1000)); }
  // raw content (bytes, through base64 so binary survives)
  get content(): Promise<Buffer> {
    return this.host.checkOutput("base64 -w0 < %s", this.path).then((s) => Buffer.from(s, "base64"));
  }
  // content decoded as UTF-8
  get contentString(): Promise<string> { return this.host.runExpect([0], "cat -- %s", this.path).then((r) => r.stdout); }
  // sha256 of the content, hex
  get sha256sum(): Promise<string> { return this.host.checkOutput("sha256sum -- %s", this.path).then((s) => s.split(/\s/)[0]!); }
  // md5 of the content, hex
  get md5sum(): Promise<string> { return this.host.checkOutput("md5sum -- %s", this.path).then((s) => s.split(/\s/)[0]!); }
  // true when a line matches the grep pattern `pattern` (basic regular expression)
  async contains(pattern: string): Promise<boolean> {
    return (await this.host.runTest("grep -qs -- %s %s", pattern, this.path)).exitCode === 0;
  }
  // entries of a directory (without . and ..), sorted
  async listdir(): Promise<string[]> {
    const out = await this.host.checkOutput("ls -1 -A -- %s", this.path);
    return out === "" ? [] : out.split("\n").sort();
  }
}
