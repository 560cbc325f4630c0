import { describe, expect, it } from "vitest";
import { bootstrapConfig, bootstrapKey, mmdebstrapArgs } from "../../../../src/images/bootstrap/index.js";

describe("mmdebstrapArgs", () => {
  it("builds a minbase tarball bootstrap with packages, cleanup hook and mirror", () => {
    const args = mmdebstrapArgs({ suite: "bookworm", include: ["python3", "sudo"], mirror: "http://deb.debian.org/debian" }, "/x/out.tar");
    expect(args[0]).toBe("--variant=minbase");
    expect(args).toContain("--include=python3,sudo");
    expect(args).toContain("--skip=cleanup/apt");
    expect(args.find((a) => a.startsWith("--customize-hook="))).toMatch(/etc\/resolv\.conf.*touch -d @946684800/);
    expect(args.slice(-3)).toEqual(["bookworm", "/x/out.tar", "http://deb.debian.org/debian"]);
  });

  it("leaves the mirror to mmdebstrap (with -updates and security) when none is given", () => {
    expect(mmdebstrapArgs({ suite: "trixie", variant: "apt" }, "t.tar").slice(-2)).toEqual(["trixie", "t.tar"]);
    expect(mmdebstrapArgs({ suite: "trixie", variant: "apt" }, "t.tar")[0]).toBe("--variant=apt");
  });

  it("refuses a suite that is not a suite name", () => {
    expect(() => mmdebstrapArgs({ suite: "--evil" }, "t.tar")).toThrow(/Expected a Debian suite name like `bookworm`, got `--evil`/);
  });
});

describe("bootstrapKey and bootstrapConfig", () => {
  it("does not depend on package order or duplicates", () => {
    expect(bootstrapKey({ suite: "bookworm", include: ["sudo", "python3", "sudo"] })).toBe(bootstrapKey({ suite: "bookworm", include: ["python3", "sudo"] }));
    expect(bootstrapKey({ suite: "bookworm" })).not.toBe(bootstrapKey({ suite: "trixie" }));
  });

  it("gives the image Docker's debian defaults and a label with the key", () => {
    const config = bootstrapConfig({ suite: "bookworm", include: ["python3"] }, new Date(0));
    expect(config.config?.Cmd).toEqual(["bash"]);
    expect(config.config?.Env?.[0]).toMatch(/^PATH=\/usr\/local\/sbin:/);
    expect(config.config?.Labels?.["dev.isomer.bootstrap"]).toBe(bootstrapKey({ suite: "bookworm", include: ["python3"] }));
    expect(config.history?.[0]?.created_by).toBe("isomer image bootstrap --suite bookworm --include python3");
  });
});
