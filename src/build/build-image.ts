// buildImage: a Dockerfile (or Molecule's Jinja `Dockerfile.j2`) -> an image in the store. Each
// instruction is a step whose result is cached under parent key + instruction + inputs; RUN runs
// in a container (run-step.ts), COPY/ADD become layers from the context, the rest edit the config.
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join, posix, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { OCI_LAYER_TAR } from "../images/media-types.js";
import { ImageStore } from "../images/store/image-store.js";
import type { ImageConfigJson, ResolvedImage } from "../images/types.js";
import { cachedState, saveState, stepKey, type BuildState } from "./cache.js";
import { collectCopyItems, copyLayerTar, digestCopyItems } from "./context-files.js";
import { parseDockerfile, parsePairs, splitWords, substitute, type Instruction } from "./dockerfile.js";
import { renderTemplate } from "./render.js";
import { packDirToLayer } from "./pack.js";
import { runStep } from "./run-step.js";
import { resolveBase } from "./base.js";
import { removeTree } from "../util/remove-tree.js";

// Options of buildImage (docker build's flags).
export interface BuildOptions {
  tag: string;
  file?: string; // default CONTEXT/Dockerfile (or Dockerfile.j2)
  context: string;
  buildArgs?: Record<string, string>;
  platformVars?: Record<string, unknown>; // Molecule's platform, `item` in Dockerfile.j2
  noCache?: boolean;
  idPrefix?: string; // container ids of RUN steps start with this (default `isomer-build`)
  store?: ImageStore;
  log?: (line: string) => void;
}

// One executed step, for output and tests.
export interface BuildStepReport {
  instruction: string;
  cached: boolean;
}

// What buildImage made.
export interface BuildResult {
  ref: string;
  digest: string;
  image: ResolvedImage;
  steps: BuildStepReport[];
}

const DEFAULT_SHELL = ["/bin/sh", "-c"];
// RUN steps started by this process: their container ids and work dirs are unique even when two
// images build at once (two platforms from one Dockerfile.j2 have the same step numbers).
let runSteps = 0;

// Build the Dockerfile in `options.context` and tag the result `options.tag`.
export async function buildImage(options: BuildOptions): Promise<BuildResult> {
  const store = options.store ?? new ImageStore();
  const file = dockerfilePath(options.context, options.file);
  let text = await readFile(file, "utf8").catch(() => {
    throw new ConfigError(`the Dockerfile \`${file}\` does not exist`, { hint: "pass its path with `-f FILE`" });
  });
  if (file.endsWith(".j2")) text = await renderTemplate(text, { item: options.platformVars ?? {} }, file);
  const instructions = parseDockerfile(text, file);
  const log = options.log ?? (() => undefined);
  const buildArgs = options.buildArgs ?? {};
  const globalArgs: Record<string, string> = {};
  let state: BuildState | undefined;
  let args: Record<string, string> = {};
  const steps: BuildStepReport[] = [];
  for (const [n, ins] of instructions.entries()) {
    const where = `${file}:${ins.line}`;
    const text = `${ins.cmd} ${ins.args}`.trim();
    log(`Step ${n + 1}/${instructions.length}: ${text}`);
    if (ins.cmd === "ARG") {
      for (const [name, def] of parsePairs(ins.args, false)) {
        const value = buildArgs[name] ?? substitute(def, { ...globalArgs, ...args, ...envOf(state) });
        if (state) args[name] = value;
        else globalArgs[name] = value;
      }
      if (!state) continue;
    }
    if (ins.cmd === "FROM") {
      const ref = substitute(splitWords(ins.args)[0] ?? "", globalArgs);
      state = await resolveBase(store, ref, where);
      args = {};
      steps.push({ instruction: text, cached: true });
      continue;
    }
    if (!state) throw new ConfigError(`${where}: \`${ins.cmd}\` before \`FROM\``, { location: where });
    const vars = { ...args, ...envOf(state) };
    const key = stepKey(state.key, text, JSON.stringify(args), ins.cmd === "COPY" || ins.cmd === "ADD" ? copyDigest(ins, options.context, vars, state, where) : "");
    const hit = options.noCache ? undefined : await cachedState(store, key);
    if (hit) {
      state = hit;
      steps.push({ instruction: text, cached: true });
      log(" ---> using cache");
      continue;
    }
    const next: BuildState = { key, config: structuredClone(state.config), layers: [...state.layers] };
    next.config.config ??= {};
    await applyInstruction(ins, next, vars, args, { store, options, where, log, n });
    next.config.history = [...(next.config.history ?? []), { created: new Date().toISOString(), created_by: text, ...(next.layers.length === state.layers.length ? { empty_layer: true } : {}) }];
    await saveState(store, next);
    state = next;
    steps.push({ instruction: text, cached: false });
  }
  if (!state) throw new ConfigError(`${file} has no \`FROM\` instruction`);
  const digest = await store.putImage({ configJson: { ...state.config, created: new Date().toISOString() }, layers: state.layers });
  await store.tag(options.tag, digest);
  const image = await store.resolve(options.tag);
  if (!image) throw new Error(`build: \`${options.tag}\` vanished from the store right after tagging`);
  return { ref: image.ref, digest, image, steps };
}

// -f FILE is relative to the current directory (docker build), else to the context; the default
// is CONTEXT/Dockerfile, or CONTEXT/Dockerfile.j2 when only that exists (Molecule's name).
function dockerfilePath(context: string, file?: string): string {
  if (file) return existsSync(resolve(file)) ? resolve(file) : resolve(context, file);
  const plain = resolve(context, "Dockerfile");
  return existsSync(plain) || !existsSync(plain + ".j2") ? plain : plain + ".j2";
}

function envOf(state: BuildState | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of state?.config.config?.Env ?? []) {
    const eq = kv.indexOf("=");
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

function setEnv(config: ImageConfigJson, name: string, value: string): void {
  const env = (config.config!.Env ?? []).filter((kv) => !kv.startsWith(`${name}=`));
  config.config!.Env = [...env, `${name}=${value}`];
}

// COPY/ADD sources and destination after substitution; the cache key part is their digest.
function copySpec(ins: Instruction, vars: Record<string, string>, state: BuildState): { sources: string[]; dest: string } {
  const words = ins.json ?? splitWords(substitute(ins.args, vars));
  if (words.length < 2) throw new ConfigError(`\`${ins.cmd}\` needs a source and a destination`);
  const workdir = state.config.config?.WorkingDir || "/";
  const rawDest = words[words.length - 1];
  const dest = rawDest.startsWith("/") ? rawDest : posix.join(workdir, rawDest) + (rawDest.endsWith("/") ? "/" : "");
  return { sources: words.slice(0, -1), dest };
}

function copyDigest(ins: Instruction, context: string, vars: Record<string, string>, state: BuildState, where: string): string {
  const { sources, dest } = copySpec(ins, vars, state);
  return digestCopyItems(collectCopyItems(context, sources, dest, where), resolve(context)) + (ins.flags.chown ?? "");
}

interface StepEnv {
  store: ImageStore;
  options: BuildOptions;
  where: string;
  log: (line: string) => void;
  n: number;
}

async function applyInstruction(ins: Instruction, next: BuildState, vars: Record<string, string>, args: Record<string, string>, env: StepEnv): Promise<void> {
  const c = next.config.config!;
  const sub = (s: string) => substitute(s, vars);
  switch (ins.cmd) {
    case "ENV":
      for (const [k, v] of parsePairs(ins.args)) setEnv(next.config, k, sub(v));
      return;
    case "LABEL":
      c.Labels = { ...(c.Labels ?? {}) };
      for (const [k, v] of parsePairs(ins.args, false)) c.Labels[sub(k)] = sub(v);
      return;
    case "WORKDIR":
      c.WorkingDir = posix.resolve(c.WorkingDir || "/", sub(ins.args));
      return;
    case "USER":
      c.User = sub(ins.args);
      return;
    case "CMD":
    case "ENTRYPOINT": {
      const value = ins.json ?? [...(c.Shell ?? DEFAULT_SHELL), ins.args];
      if (ins.cmd === "CMD") c.Cmd = value;
      else c.Entrypoint = value;
      return;
    }
    case "SHELL":
      if (!ins.json) throw new ConfigError(`${env.where}: SHELL needs the JSON form, e.g. \`SHELL ["/bin/bash", "-c"]\``, { location: env.where });
      c.Shell = ins.json;
      return;
    case "EXPOSE":
      c.ExposedPorts = { ...(c.ExposedPorts ?? {}) };
      for (const p of splitWords(sub(ins.args))) c.ExposedPorts[p.includes("/") ? p : `${p}/tcp`] = {};
      return;
    case "VOLUME":
      c.Volumes = { ...(c.Volumes ?? {}) };
      for (const v of ins.json ?? splitWords(sub(ins.args))) c.Volumes[v] = {};
      return;
    case "STOPSIGNAL":
      c.StopSignal = sub(ins.args);
      return;
    case "ARG":
      return;
    case "COPY":
    case "ADD": {
      const { sources, dest } = copySpec(ins, vars, next);
      const [uid, gid] = (ins.flags.chown ?? "0:0").split(":").map((x) => Number(x));
      if (Number.isNaN(uid) || (gid !== undefined && Number.isNaN(gid))) throw new ConfigError(`${env.where}: --chown takes numeric \`UID:GID\` here, got \`${ins.flags.chown}\``, { location: env.where });
      const items = collectCopyItems(env.options.context, sources, dest, env.where);
      const tar = copyLayerTar(items, uid, gid ?? uid);
      const layer = await env.store.putBlob(tar, { mediaType: OCI_LAYER_TAR });
      next.layers.push({ ...layer, mediaType: OCI_LAYER_TAR, diffId: layer.digest });
      return;
    }
    case "RUN": {
      const run = ++runSteps;
      const argv = ins.json ?? [...(c.Shell ?? DEFAULT_SHELL), ins.args];
      const layers: string[] = [];
      for (const layer of next.layers) layers.push(await env.store.ensureLayerUnpacked(layer));
      const workDir = join(env.store.home, "tmp", `build-${process.pid}-${run}`);
      await mkdir(workDir, { recursive: true });
      try {
        const runEnv = [...(c.Env ?? []), ...Object.entries(args).filter(([k]) => !(c.Env ?? []).some((kv) => kv.startsWith(`${k}=`))).map(([k, v]) => `${k}=${v}`)];
        const upper = await runStep({ layers, argv, env: runEnv, cwd: c.WorkingDir || "/", user: c.User ?? "", workDir, id: `${env.options.idPrefix ?? "isomer-build"}-${process.pid}-${run}`, log: env.log });
        next.layers.push(await packDirToLayer(env.store, upper));
      } finally {
        await removeTree(workDir); // rootless: holds files of the step's mapped ids
      }
      return;
    }
  }
}
