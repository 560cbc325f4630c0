// state.yml in a scenario's ephemeral directory: Molecule's fields plus `isomer:` (what must be
// cleaned up). Typed, fixed keys, written atomically on every change (Molecule's state.py).
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { CleanupResource, DriverState } from "../drivers/driver.js";
import { writeFileAtomicSync } from "../util/atomic-write.js";
import { IsomerError } from "../errors.js";

// The state file's name (as Molecule).
export const STATE_FILE = "state.yml";

// What state.yml holds.
export interface ScenarioState {
  converged: boolean;
  created: boolean;
  driver: string | null;
  prepared: boolean | null;
  molecule_yml_date_modified: number | null;
  run_uuid: string | null;
  is_parallel: boolean;
  // snapshot: the prepared-instance snapshots the instances started from (`name: key`, ...)
  // instances: the id of the instances' life that `prepared` and `converged` are about: a new one
  // at each create; under shared state a scenario takes the `default` scenario's (shared-state.ts)
  isomer: { resources: CleanupResource[]; driver_data: Record<string, unknown>; snapshot: string | null; instances: string | null };
}

// The state of a scenario never run.
export function defaultState(): ScenarioState {
  return {
    converged: false,
    created: false,
    driver: null,
    prepared: null,
    molecule_yml_date_modified: null,
    run_uuid: null,
    is_parallel: false,
    isomer: { resources: [], driver_data: {}, snapshot: null, instances: null },
  };
}

// The state of one scenario, read once and written through on every change.
export class StateStore implements DriverState {
  readonly path: string;
  private current: ScenarioState;

  constructor(readonly dir: string) {
    this.path = join(dir, STATE_FILE);
    this.current = StateStore.read(this.path);
  }

  // Parse `path` (missing file: defaults; unknown keys dropped, missing ones defaulted).
  static read(path: string): ScenarioState {
    const state = defaultState();
    if (!existsSync(path)) return state;
    let raw: unknown;
    try {
      raw = parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new IsomerError("ISOMER_STATE", `Cannot read \`${path}\`: ${(e as Error).message}`, {
        hint: "Run `isomer reset` to forget this scenario's state (destroy its instances by hand first).",
        cause: e,
      });
    }
    if (!raw || typeof raw !== "object") return state;
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(state) as (keyof ScenarioState)[]) {
      if (key !== "isomer" && key in r) (state as unknown as Record<string, unknown>)[key] = r[key];
    }
    const iso = (r.isomer ?? {}) as Partial<ScenarioState["isomer"]>;
    state.isomer.resources = Array.isArray(iso.resources) ? iso.resources : [];
    state.isomer.driver_data = iso.driver_data && typeof iso.driver_data === "object" ? iso.driver_data : {};
    state.isomer.snapshot = typeof iso.snapshot === "string" ? iso.snapshot : null;
    state.isomer.instances = typeof iso.instances === "string" ? iso.instances : null;
    return state;
  }

  // A copy of the current state.
  get(): ScenarioState {
    return structuredClone(this.current);
  }

  // True when state.yml exists on disk.
  exists(): boolean {
    return existsSync(this.path);
  }

  // Change some fields and write the file.
  async update(change: Partial<Omit<ScenarioState, "isomer">>): Promise<void> {
    this.current = { ...this.current, ...change };
    this.write();
  }

  // Back to defaults (after destroy), keeping this run's identity and resources not yet removed.
  async reset(): Promise<void> {
    const { isomer, run_uuid, is_parallel, molecule_yml_date_modified } = this.current;
    this.current = { ...defaultState(), run_uuid, is_parallel, molecule_yml_date_modified };
    this.current.isomer.resources = isomer.resources;
    this.write();
  }

  resources(): CleanupResource[] {
    return structuredClone(this.current.isomer.resources);
  }

  async recordResource(resource: CleanupResource): Promise<void> {
    this.current.isomer.resources.push(structuredClone(resource));
    this.write();
  }

  async forgetResources(match: (resource: CleanupResource) => boolean): Promise<void> {
    this.current.isomer.resources = this.current.isomer.resources.filter((r) => !match(r));
    this.write();
  }

  // Record the prepared-instance snapshots the instances started from (reset forgets it).
  async setSnapshot(description: string | null): Promise<void> {
    this.current.isomer.snapshot = description;
    this.write();
  }

  // Record which instances' life `prepared` and `converged` are about (reset forgets it).
  async setInstances(id: string | null): Promise<void> {
    this.current.isomer.instances = id;
    this.write();
  }

  driverData(): Record<string, unknown> {
    return structuredClone(this.current.isomer.driver_data);
  }

  async setDriverData(data: Record<string, unknown>): Promise<void> {
    this.current.isomer.driver_data = structuredClone(data);
    this.write();
  }

  private write(): void {
    writeFileAtomicSync(this.path, stringify(this.current));
  }
}
