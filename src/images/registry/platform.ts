// Platforms: parse `os/arch[/variant]`, the host default, and choose a manifest from an index.
import { ConfigError } from "../../errors.js";
import { PlatformNotFoundError } from "../errors.js";
import type { Descriptor, Platform } from "../types.js";

const ARCH_ALIASES: Record<string, string> = { x86_64: "amd64", x64: "amd64", aarch64: "arm64", ia32: "386", arm: "arm" };

// The platform isomer runs containers for by default: linux/<host arch>, normally linux/amd64.
export function defaultPlatform(): Platform {
  const arch = ARCH_ALIASES[process.arch] ?? process.arch;
  return arch === "arm64" ? { os: "linux", architecture: "arm64", variant: "v8" } : { os: "linux", architecture: arch };
}

// Parse `os/arch[/variant]` (docker's --platform); throws ConfigError when malformed.
export function parsePlatform(text: string): Platform {
  const parts = text.trim().toLowerCase().split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9._-]+$/.test(p))) {
    throw new ConfigError(`Expected \`--platform\` as \`os/arch[/variant]\` (e.g. \`linux/amd64\`, \`linux/arm/v7\`), got \`${text}\``);
  }
  const architecture = ARCH_ALIASES[parts[1]] ?? parts[1];
  return parts[2] ? { os: parts[0], architecture, variant: parts[2] } : { os: parts[0], architecture };
}

// `os/arch[/variant]` for messages and `image ls`.
export function formatPlatform(p: Partial<Platform> | undefined): string {
  if (!p?.os) return "unknown";
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

// True when descriptor platform `have` satisfies `want` (variant must match when both give one;
// arm64 without variant counts as v8, as containerd's matcher does).
export function platformMatches(have: Platform | undefined, want: Platform): boolean {
  if (!have || have.os !== want.os || have.architecture !== want.architecture) return false;
  const norm = (p: Platform) => p.variant ?? (p.architecture === "arm64" ? "v8" : undefined);
  const wantVariant = norm(want);
  return wantVariant === undefined || norm(have) === wantVariant;
}

// The manifest of `manifests` for `want`; throws PlatformNotFoundError naming what exists.
export function selectManifest(ref: string, manifests: Descriptor[], want: Platform): Descriptor {
  const real = manifests.filter((m) => m.platform?.architecture !== "unknown"); // skip attestations
  const exact = real.find((m) => platformMatches(m.platform, want));
  if (exact) return exact;
  if (real.length === 1 && !real[0].platform) return real[0];
  throw new PlatformNotFoundError(ref, formatPlatform(want), real.map((m) => formatPlatform(m.platform)));
}
