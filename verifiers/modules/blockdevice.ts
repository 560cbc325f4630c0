// blockdevice(path): size and geometry of a block device from `blockdev --report`.
import type { Host } from "../host.js";
import { UnsupportedError } from "../errors.js";

// One `blockdev --report` line.
interface Report { rw: boolean; ra: number; sectorSize: number; blockSize: number; startSector: number; size: number }

// A block device on the instance (needs root).
export class BlockDevice {
  constructor(readonly host: Host, readonly device: string) {}
  // `block device \`/dev/vda\``, for messages
  describe(): string { return `block device \`${this.device}\``; }
  // the path is a block device
  get exists(): Promise<boolean> { return this.host.run("test -b %s", this.device).then((r) => r.exitCode === 0); }
  private async report(): Promise<Report> {
    const out = await this.host.checkOutput("blockdev --report %s", this.device);
    const line = out.split("\n").find((l) => l.trim().endsWith(this.device));
    const f = line?.trim().split(/\s+/);
    if (!f || f.length < 7) throw new UnsupportedError(this.host.name, `cannot read \`blockdev --report\` for \`${this.device}\`: ${out}`);
    return { rw: f[0] === "rw", ra: Number(f[1]), sectorSize: Number(f[2]), blockSize: Number(f[3]), startSector: Number(f[4]), size: Number(f[5]) };
  }
  // size in bytes
  get size(): Promise<number> { return this.report().then((r) => r.size); }
  // logical sector size
  get sectorSize(): Promise<number> { return this.report().then((r) => r.sectorSize); }
  // block size
  get blockSize(): Promise<number> { return this.report().then((r) => r.blockSize); }
  // first sector (0 for a whole disk)
  get startSector(): Promise<number> { return this.report().then((r) => r.startSector); }
  // a partition rather than a whole disk
  get isPartition(): Promise<boolean> { return this.report().then((r) => r.startSector > 0); }
  // writable (not read-only)
  get isWritable(): Promise<boolean> { return this.report().then((r) => r.rw); }
  // read-ahead in sectors
  get ra(): Promise<number> { return this.report().then((r) => r.ra); }
}
