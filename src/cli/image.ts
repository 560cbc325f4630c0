// `isomer image ...`: the commander subtree for the image store. Each action normalizes its
// flags and lazily calls one function of src/commands/image/ (STYLE 14).
import { Command } from "commander";
import { ConfigError } from "../errors.js";

// Writers the program passes down (tests capture output).
export interface ImageCliContext {
  write?: (text: string) => void;
  writeErr?: (text: string) => void;
  signal?: AbortSignal; // Ctrl-C (main.ts): stops a pull
}

type Raw = Record<string, unknown>;
const collect = (value: string, previous: string[] = []) => [...previous, value];
const commands = () => import("../commands/image/index.js");

function buildArgs(list: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new ConfigError(`Expected \`--build-arg KEY=VALUE\`, got \`${item}\``);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function splitList(values: string[] = []): string[] {
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

// Add `image` and its subcommands to `program`.
export function registerImageCommands(program: Command, ctx: ImageCliContext = {}): Command {
  const image = program.command("image").description("Manage the image store: pull, import, bootstrap, build, ls, inspect, rm, prune, tag");
  const base = (raw: Raw) => ({ json: Boolean(raw.json), write: ctx.write, writeErr: ctx.writeErr });

  image.command("pull").description("Pull an image from a registry (mirrors from config.yml first)")
    .argument("<ref>", "image reference, e.g. debian:bookworm")
    .option("--platform <os/arch[/variant]>", "platform to pull from a multi-arch image (default linux/amd64)")
    .option("--insecure-registry <host:port>", "allow plain HTTP to this registry (repeatable)", collect)
    .option("--json", "print the result as JSON")
    .action(async (ref: string, raw: Raw) => {
      const { imagePull } = await commands();
      await imagePull(ref, { ...base(raw), platform: raw.platform as string | undefined, insecureRegistries: raw.insecureRegistry as string[] | undefined, signal: ctx.signal });
    });

  image.command("ls").alias("list").description("List stored images with their sizes")
    .option("--json", "print as JSON")
    .action(async (raw: Raw) => {
      const { imageList } = await commands();
      await imageList(base(raw));
    });

  image.command("inspect").description("Show an image's manifest, config and layers (JSON)")
    .argument("<ref>", "image reference or digest")
    .action(async (ref: string, raw: Raw) => {
      const { imageInspect } = await commands();
      await imageInspect(ref, base(raw));
    });

  image.command("rm").alias("remove").description("Remove tags, then delete content no other tag uses")
    .argument("<refs...>", "image references")
    .option("--no-prune", "only untag; keep blobs and unpacked layers")
    .option("--json", "print as JSON")
    .action(async (refs: string[], raw: Raw) => {
      const { imageRemove } = await commands();
      await imageRemove(refs, { ...base(raw), prune: raw.prune !== false });
    });

  image.command("prune").description("Delete blobs and unpacked layers no tag uses, prepared-instance snapshots no container uses, and leftovers of interrupted pulls")
    .option("--json", "print as JSON")
    .action(async (raw: Raw) => {
      const { imagePrune } = await commands();
      await imagePrune(base(raw));
    });

  image.command("tag").description("Give a stored image another name")
    .argument("<source>", "stored image reference or digest").argument("<target>", "new reference")
    .action(async (source: string, target: string, raw: Raw) => {
      const { imageTag } = await commands();
      await imageTag(source, target, base(raw));
    });

  image.command("import").description("Import a docker-archive (docker save), OCI archive/layout or rootfs tarball")
    .argument("<file>", "archive file or OCI layout directory")
    .option("-t, --tag <ref>", "tag to give it (required for rootfs tarballs)")
    .option("--json", "print the result as JSON")
    .action(async (file: string, raw: Raw) => {
      const { imageImport } = await commands();
      await imageImport(file, { ...base(raw), tag: raw.tag as string | undefined });
    });

  image.command("bootstrap").description("Build a Debian image with mmdebstrap and store it under REF")
    .argument("<ref>", "tag to store it under, e.g. debian:bookworm")
    .requiredOption("--suite <suite>", "Debian suite, e.g. bookworm, trixie")
    .option("--include <pkg,...>", "extra packages (repeatable, comma-separated)", collect)
    .option("--mirror <url>", "Debian mirror (default: images.debian_mirror in config.yml, else deb.debian.org)")
    .option("--variant <variant>", "mmdebstrap variant (default minbase)")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, raw: Raw) => {
      const { imageBootstrap } = await commands();
      await imageBootstrap(ref, { ...base(raw), suite: raw.suite as string, include: splitList(raw.include as string[] | undefined), mirror: raw.mirror as string | undefined, variant: raw.variant as string | undefined });
    });

  image.command("build").description("Build an image from a Dockerfile (the subset Molecule's templates use), or from one of isomer's recipes")
    .argument("[context]", "build context directory (not with --recipe)")
    .option("-t, --tag <ref>", "tag of the result (with --recipe: default the image it reproduces)")
    .option("--recipe <name>", "build isomer's recipe NAME from templates/images/ (debian11-ansible, debian12-ansible, debian13-ansible)")
    .option("-f, --file <Dockerfile>", "Dockerfile (default CONTEXT/Dockerfile)")
    .option("--build-arg <KEY=VALUE>", "build argument (repeatable)", collect)
    .option("--json", "print the result as JSON")
    .action(async (context: string | undefined, raw: Raw) => {
      const { imageBuild } = await commands();
      await imageBuild(context, { ...base(raw), tag: raw.tag as string | undefined, recipe: raw.recipe as string | undefined, file: raw.file as string | undefined, buildArgs: buildArgs(raw.buildArg as string[] | undefined) });
    });

  return image;
}
