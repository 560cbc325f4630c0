// Planning of a rootless scenario network and the command lines and batches that build it, checked
// without touching the host.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors.js";
import { planNetwork, DNS_FORWARDER } from "../../../../src/runtime/network/rootless/plan.js";
import {
  attachBatches, bridgeBatch, holderArgv, holderRules, nsenterArgs, pastaArgs, processMatchers, rulesInput, sysctlArgs,
} from "../../../../src/runtime/network/rootless/batches.js";
import { pastaHint, pastaMessage } from "../../../../src/runtime/network/rootless/pasta.js";
import { overlaps } from "../../../../src/runtime/network/subnet.js";
import { rootlessIdMap } from "../../../../src/util/idmap.js";
import type { PortMapping } from "../../../../src/runtime/network/ports.js";

const tcp = (hostIp: string, hostPort: number, containerPort: number): PortMapping => ({ hostIp, hostPort, containerPort, protocol: "tcp" });

describe("rootless network plan", () => {
  const taken = ["192.0.2.0/24", "10.0.0.0/9"];
  const plan = planNetwork("/home/u/.cache/isomer/role/default", "/run/user/1000/isomer-net-x", [
    { id: "isomer-role-alpha" },
    { id: "isomer-role-beta", ports: [tcp("127.0.0.1", 8080, 80), { hostIp: "", hostPort: 5353, containerPort: 53, protocol: "udp" }] },
  ], taken);

  it("gives the network a /24 clear of the host's networks, and every instance the next address", () => {
    const { network, attachments } = plan;
    expect(network.subnet).toMatch(/^10\.2[0-3]\d\.\d+\.0\/24$/);
    expect(taken.some((cidr) => overlaps(cidr, network.subnet))).toBe(false);
    const base = network.subnet.replace(/\.0\/24$/, "");
    expect(network.gateway).toBe(`${base}.1`);
    expect(attachments.map((a) => a.address)).toEqual([`${base}.2`, `${base}.3`]);
    expect(attachments.every((a) => a.gateway === network.gateway && a.prefix === 24)).toBe(true);
    expect(new Set(attachments.map((a) => a.vethHost)).size).toBe(2);
    expect(network.dns).toBe(DNS_FORWARDER);
    expect(network.name).toMatch(/^isomer-net-[0-9a-f]{10}$/);
  });

  it("plans the same network for the same key, and records no process before creation", () => {
    const again = planNetwork("/home/u/.cache/isomer/role/default", "/run/user/1000/isomer-net-x", [{ id: "a" }], taken);
    expect(again.network.subnet).toBe(plan.network.subnet);
    expect(plan.network.holder).toBeUndefined();
    expect(plan.network.pasta).toBeUndefined();
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it("sends each published port to its instance's planned address", () => {
    expect(plan.network.forwards).toEqual([
      { ...tcp("127.0.0.1", 8080, 80), instance: "isomer-role-beta", address: plan.attachments[1]!.address },
      { hostIp: "", hostPort: 5353, containerPort: 53, protocol: "udp", instance: "isomer-role-beta", address: plan.attachments[1]!.address },
    ]);
  });

  it("refuses a host port published twice, naming both instances", () => {
    expect(() => planNetwork("k", "/d", [{ id: "a", ports: [tcp("", 8080, 80)] }, { id: "b", ports: [tcp("127.0.0.1", 8080, 81)] }], [])).toThrow(ConfigError);
    expect(() => planNetwork("k", "/d", [{ id: "a", ports: [tcp("", 8080, 80)] }, { id: "b", ports: [tcp("127.0.0.1", 8080, 81)] }], [])).toThrow(/`8080\/tcp` is published twice \(by `a` and `b`\)/);
    expect(() => planNetwork("k", "/d", [{ id: "a", ports: [tcp("", 53, 53), { ...tcp("", 53, 53), protocol: "udp" }] }], [])).not.toThrow();
  });

  it("refuses more instances than a /24 holds", () => {
    const many = Array.from({ length: 254 }, (_, i) => ({ id: `i${i}` }));
    expect(() => planNetwork("k", "/d", many, [])).toThrow(/at most 253 instances/);
    expect(planNetwork("k", "/d", many.slice(0, 253), []).attachments.at(-1)!.address).toMatch(/\.254$/);
  });
});

describe("rootless network command lines", () => {
  const { network, attachments } = planNetwork("key", "/tmp/u/isomer-net-abc", [
    { id: "alpha" },
    { id: "beta", ports: [tcp("127.0.0.1", 8080, 80), tcp("", 9000, 90), { hostIp: "127.0.0.1", hostPort: 5353, containerPort: 53, protocol: "udp" }] },
  ], []);

  it("starts the holder with the caller mapped to 0 and the subordinate range to 1.., named by its directory", () => {
    const argv = holderArgv(network.dir, rootlessIdMap(1001, 1002, { start: 100000, count: 65536 }, { start: 200000, count: 70000 }));
    expect(argv.slice(0, 7)).toEqual(["unshare", "--net", "--uid-map=0:1001:1", "--uid-map=1:100000:65536", "--gid-map=0:1002:1", "--gid-map=1:200000:65536", "--"]);
    expect(argv.slice(-2)).toEqual(["isomer-net-holder", network.dir]);
    expect(argv[argv.indexOf("-c") + 1]).toContain('exec -a "$0 $1" sleep infinity');
    const { holder } = processMatchers(network.dir);
    expect(holder(["/x/isomer-runtime", ...argv])).toBe(true); // from the spawn on
    expect(holder(["bash", ...argv.slice(argv.indexOf("bash") + 1)])).toBe(true);
    expect(holder([`isomer-net-holder ${network.dir}`, "infinity"])).toBe(true); // after exec -a
    expect(holder([`isomer-net-holder ${network.dir}-other`, "infinity"])).toBe(false);
    expect(holder(["rm", "-rf", network.dir])).toBe(false);
  });

  it("enters the holder's user namespace with the holder's or a container's netns", () => {
    expect(nsenterArgs(10)).toEqual(["--user=/proc/10/ns/user", "--net=/proc/10/ns/net", "--preserve-credentials", "--"]);
    expect(nsenterArgs(10, 20)).toEqual(["--user=/proc/10/ns/user", "--net=/proc/20/ns/net", "--preserve-credentials", "--"]);
  });

  it("builds the bridge, forwarding and route_localnet on it", () => {
    expect(bridgeBatch(network)).toBe(`link set lo up\nlink add isomer0 type bridge\naddr add ${network.gateway}/24 dev isomer0\nlink set isomer0 up\n`);
    expect(sysctlArgs(network)).toEqual(["-q", "-w", "net.ipv4.ip_forward=1", "net.ipv4.conf.isomer0.route_localnet=1"]);
  });

  it("masquerades the subnet out of pasta, drops pasta's invalid segments, and DNATs each host port on any holder address", () => {
    const lines = holderRules(network).map((rule) => `${rule.table} ${rule.op} ${rule.chain} ${rule.args.join(" ")}`);
    expect(lines).toContain(`nat -A POSTROUTING -s ${network.subnet} ! -o isomer0 -j MASQUERADE`);
    expect(lines).toContain("nat -A POSTROUTING -s 127.0.0.0/8 -o isomer0 -j MASQUERADE");
    expect(lines).toContain("filter -A INPUT -i tap0 -m conntrack --ctstate INVALID -j DROP");
    const beta = attachments[1]!.address;
    for (const chain of ["OUTPUT", "PREROUTING"]) {
      expect(lines).toContain(`nat -A ${chain} -m addrtype --dst-type LOCAL -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${beta}:80`);
      expect(lines).toContain(`nat -A ${chain} -m addrtype --dst-type LOCAL -p udp -m udp --dport 5353 -j DNAT --to-destination ${beta}:53`);
    }
    const input = rulesInput(network);
    expect(input).toMatch(/^\*nat\n(-A .*\n)+COMMIT\n\*filter\n-A INPUT .*\nCOMMIT\n$/);
    expect(input).not.toContain("--comment");
  });

  it("gives pasta every published host port, the DNS forwarder and its pid file, the holder's PID last", () => {
    const args = pastaArgs(network, 4242);
    const pairs = (flag: string) => args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));
    expect(pairs("-t")).toEqual(["127.0.0.1/8080", "9000"]);
    expect(pairs("-u")).toEqual(["127.0.0.1/5353"]);
    expect(pairs("-T")).toEqual(["none"]);
    expect(pairs("-U")).toEqual(["none"]);
    expect(pairs("--dns-forward")).toEqual([DNS_FORWARDER]);
    expect(pairs("--pid")).toEqual([`${network.dir}/pasta.pid`]);
    expect(args).toContain("--config-net");
    expect(args).toContain("--ipv4-only");
    expect(args.at(-1)).toBe("4242");
    const none = pastaArgs({ ...network, forwards: [] }, 1);
    expect([none[none.indexOf("-t") + 1], none[none.indexOf("-u") + 1]]).toEqual(["none", "none"]);
    const { pasta } = processMatchers(network.dir);
    expect(pasta(["pasta", ...args])).toBe(true);
    expect(pasta(["cat", `${network.dir}/pasta.pid`])).toBe(false);
  });

  it("wires a container with one batch in the holder's netns and one in the container's", () => {
    const { holder, container } = attachBatches(network, attachments[0]!, 777);
    const veth = attachments[0]!.vethHost;
    expect(holder).toBe(`link add ${veth} type veth peer name eth0 netns 777\nlink set ${veth} master isomer0\nlink set ${veth} up\n`);
    expect(container).toBe(`link set lo up\naddr add ${attachments[0]!.address}/24 dev eth0\nlink set eth0 up\nroute add default via ${network.gateway}\n`);
  });

  it("keeps pasta's own words of a failure without the syslog noise, and says what to do", () => {
    const stderr = "Failed to send 64 bytes to syslog\nFailed to bind any port for '-t 127.0.0.1/80', exiting\n";
    expect(pastaMessage(stderr)).toBe("Failed to bind any port for '-t 127.0.0.1/80', exiting");
    expect(pastaHint(pastaMessage(stderr))).toMatch(/ip_unprivileged_port_start/);
    expect(pastaHint("Failed to open tun socket in namespace")).toMatch(/\/dev\/net\/tun/);
  });
});
