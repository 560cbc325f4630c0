import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { resolveImageUser } from "../../../src/util/image-user.js";
import { ConfigError } from "../../../src/errors.js";
import { tmpdir } from "../../helpers/tmpdir.js";

// Two layers: the upper one replaces /etc/group, as a later `RUN groupadd` would.
function image(): string[] {
  const dir = tmpdir({
    "lower/etc/passwd": "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\napp:x:1000:1000::/home/app:/bin/sh\n",
    "lower/etc/group": "root:x:0:\nwww-data:x:33:\n",
    "upper/etc/group": "root:x:0:\nwww-data:x:33:app\napp:x:1000:\ndocker:x:998:app,other\n",
  }, "isomer-test-users-");
  return [join(dir, "lower"), join(dir, "upper")];
}

describe("users of an image, as Docker resolves them", () => {
  it("takes a named user's uid, primary gid and the groups listing it (topmost /etc/group)", () => {
    expect(resolveImageUser("app", image())).toEqual({ uid: 1000, gid: 1000, additionalGids: [33, 998] });
    expect(resolveImageUser("1000", image())).toEqual({ uid: 1000, gid: 1000, additionalGids: [33, 998] });
    expect(resolveImageUser("www-data", image())).toEqual({ uid: 33, gid: 33 });
  });

  it("runs a uid the image does not know with gid 0 (not gid = uid)", () => {
    expect(resolveImageUser("4242", image())).toEqual({ uid: 4242, gid: 0 });
    expect(resolveImageUser("4242", [])).toEqual({ uid: 4242, gid: 0 });
  });

  it("lets an explicit group replace the gid, without supplementary groups", () => {
    expect(resolveImageUser("app:docker", image())).toEqual({ uid: 1000, gid: 998 });
    expect(resolveImageUser("4242:4343", image())).toEqual({ uid: 4242, gid: 4343 });
    expect(resolveImageUser("www-data", image(), ["docker", "5"])).toEqual({ uid: 33, gid: 33, additionalGids: [998, 5] });
  });

  it("refuses names the image does not have", () => {
    expect(() => resolveImageUser("nobody-here", image())).toThrow(ConfigError);
    expect(() => resolveImageUser("nobody-here", image())).toThrow("Expected a user of the image, got `nobody-here` (not in its /etc/passwd)");
    expect(() => resolveImageUser("app:nogroup", image())).toThrow("Expected a group of the image, got `nogroup` (not in its /etc/group)");
  });
});
