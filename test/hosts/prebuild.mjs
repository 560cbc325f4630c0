// The images the chosen suites' scenarios build from their Dockerfiles (`pre_build_image: false`
// platforms), built on the host with the driver's own build (buildPlatformImage) into the host's
// store and build cache before the guest's store is prepared: store.mjs copies the build-cache
// entries along, so the guest's build of the same steps is a cache hit instead of apt-get under
// TCG through qemu's user-mode network. On a host whose cache is warm (npm test ran the same
// scenarios first) every step here is a hit too.
import { dirname, join } from "node:path";
import { loadScenarioConfig } from "../../dist/src/config/index.js";
import { buildPlatformImage } from "../../dist/src/drivers/isomer/image.js";
import { ImageStore } from "../../dist/src/images/index.js";

// `scenarios`: `{ role, scenario }` (role directory relative to the project root); returns the
// base image refs the builds used, which the guest's store needs too.
export async function prebuildScenarioImages(home, root, scenarios, log) {
  const store = new ImageStore({ home });
  const bases = new Set();
  for (const { role, scenario } of scenarios) {
    const { config } = await loadScenarioConfig({ projectDir: join(root, role), scenarioName: scenario });
    for (const platform of config.platforms.filter((p) => p.pre_build_image === false)) {
      const t0 = Date.now();
      const built = await buildPlatformImage(dirname(config.configFile), platform, { store });
      const ran = built.steps.filter((s) => !s.cached).length;
      log(`${role} ${scenario} ${platform.name}: ${built.ref} ${ran ? `built (${ran} steps run)` : "from the build cache"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      bases.add(platform.image);
    }
  }
  return [...bases];
}
