import { describe, expect, it } from "vitest";
import { imageReferenceProblem, platformRules, publishedPortProblem } from "../../../src/config/rules-platforms.js";
import { parsePortSpecs } from "../../../src/runtime/network/ports.js";

describe("image references", () => {
  it.each([
    "debian", "debian:bookworm", "docker.io/library/debian:bookworm", "localhost:5000/team/app:1.0",
    "quay.io/centos/centos:stream9", "geerlingguy/docker-debian12-ansible:latest", "my_org/my__repo",
    "Registry.Example.com/app", "[::1]:5000/app:v1", `debian@sha256:${"a".repeat(64)}`, `debian:12@sha256:${"b".repeat(64)}`,
  ])("accepts %s", (ref) => {
    expect(imageReferenceProblem(ref)).toBeUndefined();
  });

  it.each([
    ["Ubuntu:22.04", "repository names must be lowercase"],
    ["team/App", "repository names must be lowercase"],
    ["debian:book worm", "invalid tag `book worm`"],
    ["debian:-bad", "invalid tag `-bad`"],
    ["debian@sha256:xyz", "invalid digest `sha256:xyz`"],
    ["-debian", "invalid path component `-debian`"],
    ["", "empty"],
  ])("rejects %s with the images layer's reason: %s", (ref, why) => {
    expect(imageReferenceProblem(ref)).toBe(`Expected an image reference like \`debian:bookworm\` or \`registry:5000/team/app:1.0\`, got \`${ref}\` (${why})`);
  });

  it("reports it at the platform's image key", () => {
    expect(platformRules([{ name: "a", image: "Ubuntu:22.04" }], true)).toEqual([
      { severity: "error", path: "platforms[0].image", message: imageReferenceProblem("Ubuntu:22.04") },
    ]);
  });
});

describe("published ports", () => {
  it.each([
    ["80", [{ containerPort: 80, protocol: "tcp" }]],
    [8080, [{ containerPort: 8080, protocol: "tcp" }]],
    ["8080:80", [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }]],
    ["127.0.0.1:8080:80/udp", [{ hostIp: "127.0.0.1", hostPort: 8080, containerPort: 80, protocol: "udp" }]],
    ["127.0.0.1::80", [{ hostIp: "127.0.0.1", containerPort: 80, protocol: "tcp" }]],
    ["[::1]:8080:80", [{ hostIp: "::1", hostPort: 8080, containerPort: 80, protocol: "tcp" }]],
  ])("parses %s", (spec, expected) => {
    const parsed = parsePortSpecs(spec) as object[];
    expect(parsed.map((p) => JSON.parse(JSON.stringify(p)))).toEqual(expected);
  });

  it.each([
    ["8080:99999", "bad container port `99999` in `8080:99999` (expected 1-65535)"],
    ["0:80", "bad host port `0` in `0:80` (expected 1-65535)"],
    ["80/icmp", "bad protocol in `80/icmp` (expected `tcp` or `udp`)"],
    ["1:2:3:4", "too many `:` in `1:2:3:4` (expected `[ip:][host:]container[/proto]`)"],
    ["[::1]:1:2:3", "too many `:` in `[::1]:1:2:3` (expected `[ip:][host:]container[/proto]`)"],
    ["8000-8002:80-81", "host and container port ranges differ in length in `8000-8002:80-81`"],
    ["http", "bad container port `http` in `http` (expected 1-65535)"],
  ])("rejects %s", (spec, message) => {
    expect(parsePortSpecs(spec)).toBe(message);
  });

  it("refuses what the runtime cannot publish, with the IPv4 spelling to use instead", () => {
    expect(publishedPortProblem("[::1]:8080:80")).toBe("IPv6 host address `::1` in `[::1]:8080:80`: isomer publishes ports on IPv4 only; use `127.0.0.1:8080:80` (loopback) or `8080:80` (every IPv4 address)");
    expect(publishedPortProblem("localhost:8080:80")).toBe("bad published port: bad host address `localhost` in `localhost:8080:80` (expected an IPv4 address, or an IPv6 one in brackets)");
    expect(publishedPortProblem("127.0.0.1:8080:80")).toBeUndefined();
  });
});
