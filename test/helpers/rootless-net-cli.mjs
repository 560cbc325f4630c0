// The unprivileged half of the rootless network tests: run as the test user (runuser -u USER --
// node rootless-net-cli.mjs VERB < request.json), each verb in its own process as separate isomer
// invocations would be, printing its answer as JSON. It drives the built module (dist/, `npm run
// build` first) because plain node runs it. Verbs:
//   plan {key, dir, instances}        -> {network, attachments}
//   create {network}                  -> {network, ms}
//   container {network, pidFile}      -> {pid}   a stand-in container: a process that joined the
//                                                holder's user namespace and made its own net + mount namespaces
//   attach {network, attachment, pid} -> {ms}
//   destroy {network}                 -> {}
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { performance } from "node:perf_hooks";
import { attachRootless, createRootlessNetwork, destroyRootlessNetwork, holderUserNamespace, planRootlessNetwork } from "../../dist/src/runtime/network/rootless/index.js";

const verbs = {
  plan: (request) => planRootlessNetwork(request),
  async create({ network }) {
    const start = performance.now();
    const created = await createRootlessNetwork(network);
    return { network: created, ms: performance.now() - start };
  },
  async container({ network, pidFile }) {
    const argv = [`--user=${holderUserNamespace(network)}`, "--preserve-credentials", "--", "unshare", "--net", "--mount", "--", "sh", "-c", 'echo $$ > "$0" && exec sleep infinity', pidFile];
    const child = spawn("nsenter", argv, { detached: true, stdio: "ignore" });
    child.unref();
    for (;;) {
      const text = (() => { try { return readFileSync(pidFile, "utf8"); } catch { return ""; } })();
      if (/^\d+\n$/.test(text)) return { pid: Number(text) };
      if (child.exitCode !== null) throw new Error(`the stand-in container exited with ${child.exitCode}`);
      await sleep(5);
    }
  },
  async attach({ network, attachment, pid }) {
    const start = performance.now();
    await attachRootless(network, attachment, pid);
    return { ms: performance.now() - start };
  },
  async destroy({ network }) {
    await destroyRootlessNetwork(network);
    return {};
  },
};

const verb = verbs[process.argv[2]];
if (!verb) {
  process.stderr.write(`usage: rootless-net-cli.mjs ${Object.keys(verbs).join("|")} < request.json\n`);
  process.exit(2);
}
const request = JSON.parse(readFileSync(0, "utf8") || "{}");
verb(request).then(
  (answer) => process.stdout.write(JSON.stringify(answer) + "\n"),
  (error) => {
    process.stderr.write(`${error.code ?? error.name}: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ""}\n`);
    process.exit(1);
  },
);
