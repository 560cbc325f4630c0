import { describe, expect, it } from "vitest";
import { familiarReference, normalizeReference, parseReference } from "../../../src/images/reference.js";
import { InvalidReferenceError } from "../../../src/images/errors.js";

const D = "sha256:" + "a".repeat(64);

describe("normalizeReference", () => {
  it.each([
    ["debian", "docker.io/library/debian:latest"],
    ["debian:bookworm", "docker.io/library/debian:bookworm"],
    ["library/debian:12", "docker.io/library/debian:12"],
    ["docker.io/debian", "docker.io/library/debian:latest"],
    ["index.docker.io/library/debian", "docker.io/library/debian:latest"],
    ["geerlingguy/docker-debian12-ansible", "docker.io/geerlingguy/docker-debian12-ansible:latest"],
    ["quay.io/centos/centos:stream9", "quay.io/centos/centos:stream9"],
    ["localhost/app", "localhost/app:latest"],
    ["localhost:5000/app:1.0", "localhost:5000/app:1.0"],
    ["127.0.0.1:5000/a/b/c:v1", "127.0.0.1:5000/a/b/c:v1"],
    ["[::1]:5000/app", "[::1]:5000/app:latest"],
    [`debian@${D}`, `docker.io/library/debian@${D}`],
    [`debian:12@${D}`, `docker.io/library/debian:12@${D}`],
    ["my_app.x__y-z---w", "docker.io/library/my_app.x__y-z---w:latest"],
  ])("normalizes %s to %s", (input, expected) => {
    expect(normalizeReference(input)).toBe(expected);
  });

  it.each([
    ["", "empty"],
    ["Debian:12", "lowercase"],
    ["team/Debian", "lowercase"],
    ["debian:", "invalid tag"],
    ["debian:-x", "invalid tag"],
    ["debian@sha256:abc", "invalid digest"],
    [`debian@sha256:${"A".repeat(64)}`, "64 lowercase"],
    ["a//b", "empty path component"],
    ["-debian", "invalid path component"],
    ["reg_x.io/app", "invalid registry host"],
  ])("rejects %j with a message about %s", (input, why) => {
    expect(() => parseReference(input)).toThrow(InvalidReferenceError);
    expect(() => parseReference(input)).toThrow(why);
  });

  it("treats an uppercase first component as a registry host, as distribution does", () => {
    expect(parseReference("Registry.example/app").domain).toBe("Registry.example");
  });

  it("names the offending reference in backticks", () => {
    expect(() => parseReference("Ubuntu:22.04")).toThrow("got `Ubuntu:22.04` (repository names must be lowercase)");
  });
});

describe("familiarReference", () => {
  it.each([
    ["debian:bookworm", "debian:bookworm"],
    ["docker.io/geerlingguy/x:1", "geerlingguy/x:1"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
  ])("shortens %s to %s", (input, expected) => {
    expect(familiarReference(parseReference(input))).toBe(expected);
  });
});
