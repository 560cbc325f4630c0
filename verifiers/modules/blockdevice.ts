// blockdevice(path): size and geometry of a block device, read from /sys/class/block (works
// where opening the device is refused, which `blockdev --report` needs).
import type { Host } from "../host.js";
import { UnsupportedError } from "../errors.js";

interface Report { size: number; ro: boolean; startSector: number; sectorSize: number; readAheadKb: number }

const QUERY =
  'dev=$(readlink -f %s); n=${dev##*/}; d=/sys/class/block/$n; test -e "$d/size" || exit 3; q=$d/queue; test -d "$q" || q=$d/../queue; ' +
  'echo $(cat "$d/size") $(cat "$d/ro") $(cat "$d/start" 2>/dev/null || echo 0) $(cat "$q/logical_block_size") $(cat "$q/read_ahead_kb")';

// A block device on the instance.
export class BlockDevice {
  constructor(readonly host: Host, readonly device: string) {}
  // `block device \`/dev/vda\``, for messages
  describe(): string { return `block device \`${this.device}\``; }
  // the path is a block device
  get exists(): Promise<boolean> { return this.host.run("test -b %s", this.device).then((r) => r.exitCode === 0); }
  private async report(): Promise<Report> {
    const r = await this.host.run(QUERY, this.device);
    const f = r.stdout.trim().split(/\s+/).map(Number);
    if (r.exitCode !== 0 || f.length !== 5 || f.some(Number.isNaN))
      throw new UnsupportedError(this.host.name, `cannot read /sys/class/block for \`${this.device}\` (exit ${r.exitCode}: ${(r.stdout + r.stderr).trim()})`, "is it a block device? /sys must be mounted");
    return { size: f[0]! * 512, ro: f[1] === 1, startSector: f[2]!, sectorSize: f[3]!, readAheadKb: f[4]! };
  }
  // size in bytes
  get size(): Promise<number> { return this.report().then((r) => r.size); }
  // logical sector size in bytes
  get sectorSize(): Promise<number> { return this.report().then((r) => r.sectorSize); }
  // first sector (0 for a whole disk)
  get startSector(): Promise<number> { return this.report().then((r) => r.startSector); }
  // a partition rather than a whole disk
  get isPartition(): Promise<boolean> { return this.report().then((r) => r.startSector > 0); }
  // writable (not read-only)
  get isWritable(): Promise<boolean> { return this.report().then((r) => !r.ro); }
  // read-ahead in 512-byte sectors (as `blockdev --getra`)
  get ra(): Promise<number> { return this.report().then((r) => r.readAheadKb * 2); }
}
