// Renders a Jinja-templated Dockerfile (Molecule's `Dockerfile.j2`) with the platform's values as
// `item`, as Molecule's create playbook does, using the Jinja2 that Ansible brings (Debian's
// python3-jinja2 under /usr/bin/python3), so that filters and tests behave the same.
import { runProcess } from "../util/process.js";
import { ConfigError, PrerequisiteError } from "../errors.js";

const RENDER_SCRIPT = `
import json, sys
try:
    import jinja2
except ImportError:
    sys.stderr.write("NOJINJA")
    sys.exit(3)
data = json.load(sys.stdin)
env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
try:
    out = env.from_string(data["template"]).render(**data["vars"])
except jinja2.TemplateError as e:
    sys.stderr.write("%s: %s" % (type(e).__name__, e))
    sys.exit(4)
sys.stdout.write(out)
`;

// The Python that runs Ansible (Debian's, not a pyenv on PATH); $ISOMER_PYTHON overrides.
export function ansiblePython(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISOMER_PYTHON || "/usr/bin/python3";
}

// Render `template` (text of `file`) with `vars` (Molecule passes { item: platform }).
export async function renderTemplate(template: string, vars: Record<string, unknown>, file = "Dockerfile.j2"): Promise<string> {
  const python = ansiblePython();
  const input = JSON.stringify({ template, vars });
  const r = await runProcess(python, ["-c", RENDER_SCRIPT], { input });
  if (r.exitCode === 127) throw new PrerequisiteError(`\`${python}\` is missing; it renders \`${file}\``, { hint: "install Ansible's Python: `apt-get install python3 python3-jinja2`" });
  if (r.exitCode === 3) throw new PrerequisiteError(`Jinja2 is not installed for \`${python}\`; it renders \`${file}\``, { hint: "apt-get install python3-jinja2 (Ansible brings it)" });
  if (r.exitCode !== 0) throw new ConfigError(`cannot render \`${file}\`: ${String(r.stderr).trim().split("\n").pop()}`, { location: file });
  return String(r.stdout);
}
