// The image config's runtime part, in the shape ResolvedImage promises (all keys present).
import type { ImageConfigJson, ResolvedImage } from "../types.js";

// Defaults follow Docker: no Env means a PATH-less env (the runtime adds PATH), `/` as workdir.
export function toResolvedConfig(config: ImageConfigJson): ResolvedImage["config"] {
  const c = config.config ?? {};
  return {
    env: c.Env ?? [],
    cmd: c.Cmd ?? [],
    entrypoint: c.Entrypoint ?? [],
    workingDir: c.WorkingDir || "/",
    user: c.User ?? "",
    ...(c.StopSignal ? { stopSignal: c.StopSignal } : {}),
    exposedPorts: Object.keys(c.ExposedPorts ?? {}),
    labels: c.Labels ?? {},
  };
}
