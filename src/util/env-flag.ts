// An environment variable used as an on/off switch, as Molecule reads them (MOLECULE_OFFLINE,
// MOLECULE_ANSIBLE_ARGS_STRICT_MODE): 1, true, yes or on, in any case, are on; anything else is off.
export function envFlag(value: string | undefined): boolean {
  return ["1", "true", "yes", "on"].includes((value ?? "").trim().toLowerCase());
}
