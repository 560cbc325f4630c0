import { describe, expect, it } from "vitest";
import { decodeAddress, parseProcNet } from "../../../../verifiers/modules/proc-net.js";
import { parseSocketUrl } from "../../../../verifiers/modules/socket.js";
import { parsePs } from "../../../../verifiers/modules/process.js";
import { parseOsRelease } from "../../../../verifiers/modules/system-info.js";
import { parseMounts } from "../../../../verifiers/modules/mount-point.js";

describe("/proc/net parsing", () => {
  it("decodes little-endian IPv4 and IPv6 addresses", () => {
    expect(decodeAddress("0100007F")).toBe("127.0.0.1");
    expect(decodeAddress("00000000")).toBe("0.0.0.0");
    expect(decodeAddress("00000000000000000000000000000000")).toBe("::");
    expect(decodeAddress("00000000000000000000000001000000")).toBe("::1");
    expect(decodeAddress("0000000000000000FFFF00000100007F")).toBe("::ffff:127.0.0.1");
  });
  it("reads listening and established tcp sockets, udp and unix sockets", () => {
    const text = [
      "# tcp",
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0",
      "   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1",
      "# tcp6",
      "# udp",
      "   5: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3 2 0 0",
      "# unix",
      "Num       RefCount Protocol Flags    Type St Inode Path",
      "0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/test.sock",
    ].join("\n");
    const { inet, unix } = parseProcNet(text);
    expect(inet).toEqual([
      { proto: "tcp", family: 4, local: "127.0.0.1", localPort: 8080, remote: "0.0.0.0", remotePort: 0, state: 0x0a },
      { proto: "tcp", family: 4, local: "127.0.0.1", localPort: 8080, remote: "127.0.0.1", remotePort: 0xd431, state: 1 },
      { proto: "udp", family: 4, local: "0.0.0.0", localPort: 53, remote: "0.0.0.0", remotePort: 0, state: 7 },
    ]);
    expect(unix).toEqual([{ flags: 0x10000, type: 1, state: 1, path: "/run/test.sock" }]);
  });
});

describe("parseSocketUrl", () => {
  it("accepts testinfra's forms", () => {
    expect(parseSocketUrl("tcp://22")).toEqual({ protocol: "tcp", port: 22 });
    expect(parseSocketUrl("tcp://0.0.0.0:22")).toEqual({ protocol: "tcp", host: "0.0.0.0", port: 22 });
    expect(parseSocketUrl("udp://[::]:53")).toEqual({ protocol: "udp", host: "::", port: 53 });
    expect(parseSocketUrl("unix:///run/x.sock")).toEqual({ protocol: "unix", path: "/run/x.sock" });
  });
  it("says what a socket URL looks like when given something else", () => {
    expect(() => parseSocketUrl("22")).toThrow(/Expected a socket URL like `tcp:\/\/22`/);
    expect(() => parseSocketUrl("tcp://host")).toThrow(/got `tcp:\/\/host`/);
  });
});

describe("other parsers", () => {
  it("parses ps output with spaces in args", () => {
    expect(parsePs("    1     0 root     root     sleep           sleep infinity\n")).toEqual([
      { pid: 1, ppid: 0, user: "root", group: "root", comm: "sleep", args: "sleep infinity" },
    ]);
  });
  it("parses os-release with and without quotes", () => {
    expect(parseOsRelease('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toEqual({
      ID: "debian", VERSION_ID: "12", PRETTY_NAME: "Debian GNU/Linux 12 (bookworm)",
    });
  });
  it("parses mounts and decodes octal escapes", () => {
    expect(parseMounts("tmpfs /mnt/a\\040b tmpfs rw,nosuid 0 0\n")).toEqual([{ device: "tmpfs", path: "/mnt/a b", filesystem: "tmpfs", options: ["rw", "nosuid"] }]);
  });
});

describe("the /proc process fallback", () => {
  it("joins status lines, command lines and user/group names", async () => {
    const { parseProc } = await import("../../../../verifiers/modules/process.js");
    const text = [
      "# status", "/proc/1/status:Name:\tsleep", "/proc/1/status:PPid:\t0", "/proc/1/status:Uid:\t0\t0\t0\t0", "/proc/1/status:Gid:\t0\t0\t0\t0",
      "/proc/7/status:Name:\tnginx", "/proc/7/status:PPid:\t1", "/proc/7/status:Uid:\t33\t33\t33\t33", "/proc/7/status:Gid:\t33\t33\t33\t33",
      "# cmdline", "1 sleep infinity ", "7 ", "# passwd", "root:x:0:0:root:/root:/bin/bash", "www-data:x:33:33::/var/www:/usr/sbin/nologin",
      "# group", "root:x:0:", "www-data:x:33:",
    ].join("\n");
    expect(parseProc(text)).toEqual([
      { pid: 1, ppid: 0, user: "root", group: "root", comm: "sleep", args: "sleep infinity" },
      { pid: 7, ppid: 1, user: "www-data", group: "www-data", comm: "nginx", args: "[nginx]" },
    ]);
  });
});
