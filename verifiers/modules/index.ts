// The module map: name → factory taking the host first. Host attaches each as a method, so
// `host.file(path)`, `host.package(name)`, ... — testinfra's `host.<module>(...)` vocabulary.
import type { Host } from "../host.js";
import { Addr } from "./addr.js";
import { BlockDevice } from "./blockdevice.js";
import { environment } from "./environment.js";
import { File } from "./file.js";
import { Group } from "./group.js";
import { Interface } from "./interface.js";
import { Iptables } from "./iptables.js";
import { MountPoint } from "./mount-point.js";
import { Package } from "./package.js";
import { PipPackage, pipPackages } from "./pip-package.js";
import { Processes } from "./process.js";
import { Service } from "./service.js";
import { Socket } from "./socket.js";
import { sysctl } from "./sysctl.js";
import { systemInfo } from "./system-info.js";
import { User } from "./user.js";

export { Addr, BlockDevice, File, Group, Interface, Iptables, MountPoint, Package, PipPackage, Processes, Service, Socket, User };

// name → factory(host, ...args)
export const moduleFactories = {
  file: (h: Host, path: string) => new File(h, path),
  package: (h: Host, name: string) => new Package(h, name),
  service: (h: Host, name: string) => new Service(h, name),
  user: (h: Host, name?: string) => new User(h, name),
  group: (h: Host, name: string) => new Group(h, name),
  socket: (h: Host, url: string) => new Socket(h, url),
  process: (h: Host) => new Processes(h),
  sysctl: (h: Host, key: string) => sysctl(h, key),
  interface: (h: Host, name: string) => new Interface(h, name),
  addr: (h: Host, name: string) => new Addr(h, name),
  mountPoint: (h: Host, path: string) => new MountPoint(h, path),
  systemInfo: (h: Host) => systemInfo(h),
  environment: (h: Host) => environment(h),
  pipPackage: (h: Host, name: string, python?: string) => new PipPackage(h, name, python),
  pipPackages: (h: Host, python?: string) => pipPackages(h, python),
  iptables: (h: Host) => new Iptables(h),
  blockdevice: (h: Host, device: string) => new BlockDevice(h, device),
};
