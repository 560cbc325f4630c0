// The webserver role, checked with isomer's TypeScript verifier (`verifier: name: isomer`): the same
// checks as test_webserver.py (testinfra) and verify.yml (ansible), run once per instance.
import { describe, expect, test } from "isomer/verifiers";

const PORT = 8080;

describe("webserver role", () => {
  test("nginx is installed on Debian", async ({ host }) => {
    expect((await host.systemInfo()).distribution).toBe("debian");
    await expect(host.package("nginx-light")).toBeInstalled();
  });

  test("the site's user and group own the document root", async ({ host }) => {
    await expect(host.user("www-site")).toExist();
    expect(await host.user("www-site").home).toBe("/srv/www");
    expect(await host.user("www-site").shell).toBe("/usr/sbin/nologin");
    expect(await host.group("www-site").exists).toBe(true);
    const root = host.file("/srv/www");
    await expect(root).toBeDirectory();
    expect(await root.user).toBe("www-site");
    await expect(root).toHaveMode(0o755);
  });

  test("the index page is templated for this instance", async ({ host }) => {
    const page = host.file("/srv/www/index.html");
    await expect(page).toBeFile();
    await expect(page).toHaveMode(0o644);
    expect(await page.user).toBe("www-site");
    await expect(page).toContain(`Served by ${host.name}`);
  });

  test("the site is configured and enabled", async ({ host }) => {
    const enabled = host.file("/etc/nginx/sites-enabled/isomer-site");
    expect(await enabled.isSymlink).toBe(true);
    expect(await enabled.linkedTo).toBe("/etc/nginx/sites-available/isomer-site");
    await expect(host.file("/etc/nginx/sites-available/isomer-site")).toContain(`listen ${PORT};`);
  });

  test("nginx runs, is enabled and listens on the role's port", async ({ host }) => {
    await expect(host.service("nginx")).toBeRunning();
    await expect(host.service("nginx")).toBeEnabled();
    await expect(host.socket(`tcp://0.0.0.0:${PORT}`)).toBeListening();
    const nginx = await host.process().filter({ comm: "nginx" });
    expect(nginx.some((p) => p.user === "root" && p.args.startsWith("nginx: master"))).toBe(true);
    expect(nginx.some((p) => p.user === "www-data" && p.args.startsWith("nginx: worker"))).toBe(true);
  });

  test("the page is served on loopback", async ({ host }) => {
    expect(await host.interface("lo").addresses).toContain("127.0.0.1");
    expect(await host.addr("127.0.0.1").port(PORT).isReachable).toBe(true);
    expect(await host.mountPoint("/").exists).toBe(true);
    expect((await host.environment()).PATH).toMatch(/\/usr\/sbin/);
  });
});
