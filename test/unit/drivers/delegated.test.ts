import { describe, it, expect } from "vitest";
import { connectionVars, loginArgv, delegatedDriver } from "../../../src/drivers/delegated.js";
import type { DriverContext } from "../../../src/drivers/driver.js";
import { getDriver, driverNames } from "../../../src/drivers/index.js";
import { tmpdir } from "../../helpers/tmpdir.js";
import { join } from "node:path";

function ctx(ephemeralDir: string, driver: Record<string, unknown>): DriverContext {
  return {
    scenario: { name: "default", directory: ephemeralDir, projectDirectory: ephemeralDir, ephemeralDirectory: ephemeralDir },
    config: { driver: { name: "default", ...driver }, platforms: [{ name: "one" }, { name: "two" }] },
    state: undefined as never,
    ephemeralDir,
    env: {},
    logger: { info() {}, warn() {}, debug() {} },
    signal: new AbortController().signal,
    debug: false,
    runPlaybook: async () => ({}),
  };
}

describe("delegated driver", () => {
  it("is registered as default and delegated", async () => {
    expect(driverNames()).toEqual(expect.arrayContaining(["default", "delegated"]));
    expect((await getDriver("delegated")).name).toBe("delegated");
    await expect(getDriver("vagrant")).rejects.toThrow("Unknown driver `vagrant`");
  });

  it("turns an instance config entry into Molecule's connection vars", () => {
    expect(connectionVars({ instance: "one", address: "10.0.0.2", user: "deb", port: 2222, identity_file: "/k", become_method: "sudo" }, ["-o StrictHostKeyChecking=no"])).toEqual({
      ansible_host: "10.0.0.2", ansible_user: "deb", ansible_port: 2222, ansible_private_key_file: "/k", ansible_become_method: "sudo", ansible_ssh_common_args: "-o StrictHostKeyChecking=no",
    });
    expect(connectionVars(undefined)).toEqual({});
  });

  it("reads instance_config.yml for managed instances and options for unmanaged ones", async () => {
    const dir = tmpdir({ "instance_config.yml": "- instance: one\n  address: 127.0.0.1\n  connection: local\n" });
    const driver = delegatedDriver("default");
    expect(await driver.connectionOptions(ctx(dir, { options: { managed: true } }), "one")).toEqual({ ansible_host: "127.0.0.1", ansible_connection: "local" });
    expect(await driver.connectionOptions(ctx(dir, { options: { managed: true } }), "two")).toEqual({});
    expect(await driver.status!(ctx(dir, {}))).toEqual([{ name: "one", created: true, state: "created" }, { name: "two", created: false, state: "not created" }]);
    const unmanaged = ctx(join(dir, "none"), { managed: false, options: { managed: false, ansible_connection_options: { ansible_connection: "local" } } });
    expect(await driver.connectionOptions(unmanaged, "two")).toEqual({ ansible_connection: "local" });
  });

  it("asks the provisioner for the create action, not a playbook path, unless instances are managed by hand", async () => {
    const ran: string[] = [];
    const log: string[] = [];
    const base = ctx(tmpdir(), { managed: false, options: { managed: false } });
    const c = { ...base, logger: { ...base.logger, info: (m: string) => void log.push(m) }, runPlaybook: async (action: "create" | "destroy") => (ran.push(action), action === "destroy" ? { skipped: "skipped: no destroy playbook (`x` does not exist)" } : {}) };
    await delegatedDriver("default").create(c, []);
    expect(ran).toEqual([]);
    const managed = { ...c, config: { ...c.config, driver: { name: "default", options: { managed: true } } } };
    await delegatedDriver("default").create(managed, []);
    await delegatedDriver("default").destroy(managed);
    expect(ran).toEqual(["create", "destroy"]);
    expect(log.at(-1)).toBe("destroy skipped: no destroy playbook (`x` does not exist)");
  });

  it("logs in with a local shell or ssh", () => {
    expect(loginArgv({ ansible_connection: "local" }, { SHELL: "/bin/bash" })).toEqual(["/bin/bash"]);
    expect(loginArgv({ ansible_host: "h", ansible_user: "u", ansible_port: 22, ansible_private_key_file: "/k" }, {})).toEqual(["ssh", "-p", "22", "-i", "/k", "u@h"]);
    expect(() => loginArgv({}, {})).toThrow("The instance has no address to log in to");
  });
});
