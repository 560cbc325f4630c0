// The rootless network's prerequisite check names what is missing, here a /dev/net/tun the caller
// cannot open (a path that does not exist stands for it); the tools themselves are the host's.
import { describe, expect, it } from "vitest";
import { missingRootlessTools } from "../../../../src/runtime/network/rootless/tools.js";

describe("rootless network prerequisites", () => {
  it("names a tun device the caller cannot open, with the chmod that fixes it", async () => {
    const missing = await missingRootlessTools("/nonexistent/net/tun");
    expect(missing.filter((item) => item.includes("/nonexistent/net/tun"))).toEqual([
      "read and write access to `/nonexistent/net/tun` (Debian's udev makes it mode 0666; as root: `chmod 0666 /nonexistent/net/tun`)",
    ]);
  });
});
