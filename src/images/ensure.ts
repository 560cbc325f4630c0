// ensureImage: the store first, else a pull (mirrors, then the registry), else — when no registry
// answers and the reference is a Debian image isomer can bootstrap — an mmdebstrap bootstrap.
// The result says which it did.
import { IsomerError } from "../errors.js";
import { isomerHome } from "../util/paths.js";
import { loadImageSettings, type ImageSettings } from "./config.js";
import { ImageNotFoundError, RegistryUnreachableError } from "./errors.js";
import { pullImage, type PullEvent, type PullOptions } from "./pull.js";
import { familiarReference, formatReference, parseReference } from "./reference.js";
import { ImageStore } from "./store/index.js";
import type { ResolvedImage } from "./types.js";
import { bootstrapImage } from "./bootstrap/index.js";

// When to pull: only if missing (default), always (fall back to the store when offline), never.
export type PullPolicy = "missing" | "always" | "never";

// Where the image came from.
export type ImageSource = "store" | "pulled" | "bootstrapped" | "built"; // built: from a recipe (build/recipe.ts)

// A resolved image plus where it came from.
export type EnsuredImage = ResolvedImage & { source: ImageSource };

// Events of ensureImage: the pull's, plus what was decided.
export type EnsureEvent = PullEvent | { type: "source"; ref: string; source: ImageSource } | { type: "bootstrap"; ref: string; suite: string } | { type: "offline"; ref: string; error: Error };

// Options of ensureImage (the driver passes `log`, `env`, and molecule's boolean `pull`).
export interface EnsureOptions extends Omit<PullOptions, "onEvent" | "settings"> {
  pull?: PullPolicy | boolean;
  onEvent?: (event: EnsureEvent) => void;
  log?: (message: string) => void;
  settings?: ImageSettings;
  bootstrapImage?: BootstrapFn; // default: src/images/bootstrap's (tests inject)
}

// What bootstraps a Debian image (src/images/bootstrap's `bootstrapImage`, or a test's).
export type BootstrapFn = (ref: string, opts: { suite: string; include?: string[]; mirror?: string; store?: ImageStore; ifMissing?: boolean }) => Promise<unknown>;

// Make `ref` available in the store and resolve it to unpacked layers and its run config.
export async function ensureImage(ref: string, options: EnsureOptions = {}): Promise<EnsuredImage> {
  const env = options.env ?? process.env;
  const name = formatReference(parseReference(ref));
  const short = familiarReference(parseReference(ref));
  const policy: PullPolicy = options.pull === true ? "always" : options.pull === false || options.pull === undefined ? "missing" : options.pull;
  const store = options.store ?? new ImageStore({ home: isomerHome(env) });
  const settings = options.settings ?? loadImageSettings(env);
  const say = (source: ImageSource, message: string) => {
    options.onEvent?.({ type: "source", ref: name, source });
    options.log?.(message);
  };

  if (policy !== "always") {
    const stored = await store.resolve(name);
    if (stored) {
      say("store", `image \`${short}\` found in the store`);
      return { ...stored, source: "store" };
    }
    if (policy === "never") throw new ImageNotFoundError(short);
  }
  try {
    options.log?.(`pulling \`${short}\``);
    await pullImage(name, { ...options, env, store, settings, onEvent: options.onEvent });
  } catch (e) {
    if (!(e instanceof RegistryUnreachableError)) throw e;
    options.onEvent?.({ type: "offline", ref: name, error: e });
    const stored = policy === "always" ? await store.resolve(name) : undefined;
    if (stored) {
      say("store", `registry unreachable (${e.message}); using \`${short}\` from the store`);
      return { ...stored, source: "store" };
    }
    const target = settings.bootstrap[name];
    if (!target) throw unreachable(short, e);
    options.onEvent?.({ type: "bootstrap", ref: name, suite: target.suite });
    options.log?.(`registry unreachable; bootstrapping \`${short}\` from Debian \`${target.suite}\` with mmdebstrap (about a minute)`);
    const bootstrap = options.bootstrapImage ?? bootstrapImage;
    await bootstrap(name, { store, ifMissing: true, suite: target.suite, ...(target.include ? { include: target.include } : {}), ...(settings.debianMirror ? { mirror: settings.debianMirror } : {}) });
    const built = await store.resolve(name);
    if (!built) throw new IsomerError("ISOMER_BOOTSTRAP", `bootstrapping \`${short}\` finished but the store has no such tag`, { hint: "this is a bug in isomer; run `isomer image bootstrap` by hand and report it" });
    say("bootstrapped", `image \`${short}\` bootstrapped from Debian \`${target.suite}\``);
    return { ...built, source: "bootstrapped" };
  }
  const pulled = await store.resolve(name);
  if (!pulled) throw new ImageNotFoundError(short);
  say("pulled", `image \`${short}\` pulled`);
  return { ...pulled, source: "pulled" };
}

function unreachable(short: string, e: RegistryUnreachableError): IsomerError {
  return new IsomerError("ISOMER_IMAGE_UNAVAILABLE", `image \`${short}\` is not in the store and its registry cannot be reached (${e.message})`, {
    cause: e,
    hint: `get it another way: \`isomer image import FILE --tag ${short}\` (docker save / OCI archive), \`isomer image bootstrap ${short} --suite bookworm --include python3,sudo\` for a Debian stand-in, or a mirror under \`images.mirrors\` in isomer's config.yml`,
  });
}
