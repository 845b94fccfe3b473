/**
 * The native addon, typed. Internal: results are `>= 0` or `-errno`, as the C code returns them.
 *
 * @internal
 */
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"

/** A Python-shaped address as the addon reads and returns it. */
export type NativeAddress = readonly [string, number] | readonly [string, number, number, number] | string

/** A failed OS name lookup: `code` is the platform's EAI_* value, `errno` is set for EAI_SYSTEM. */
export interface NativeGaiFailure {
  readonly code: number
  readonly errno: number
}

/** One getaddrinfo entry: [family, type, proto, canonname, address]. */
export type NativeAddrInfo = readonly [number, number, number, string, NativeAddress]

export interface Native {
  readonly constants: Readonly<Record<string, number>>
  readonly errno: Readonly<Record<string, number>>
  ioOpen(fd: number, events: number): number
  ioStart(id: number): number
  ioStop(id: number): number
  ioClose(id: number): number
  fdActive(fd: number): Array<number>
  fdClose(fd: number): number
  setWakeCallback(fn: (count: number) => void, chunk: Int32Array): number
  stats(): { handles: number; watchers: number; active: number }
  socket(family: number, type: number, proto: number): number
  socketpair(family: number, type: number, proto: number): [number, number] | number
  bind(fd: number, family: number, address: unknown): number
  connect(fd: number, family: number, address: unknown): number
  listen(fd: number, backlog: number): number
  accept(fd: number): [number, NativeAddress | null] | number
  recv(fd: number, buf: Uint8Array, offset: number, length: number, flags: number): number
  /** Registers the buffer `recvSlab` reads into (held by the addon until the next one). */
  setReadSlab(buf: Uint8Array): number
  /** recv(2) of up to `length` bytes into the start of the registered read slab. */
  recvSlab(fd: number, length: number, flags: number): number
  recvfrom(fd: number, buf: Uint8Array, offset: number, length: number, flags: number): [number, NativeAddress | null] | number
  send(fd: number, buf: Uint8Array, offset: number, length: number, flags: number): number
  sendto(fd: number, buf: Uint8Array, offset: number, length: number, flags: number, family: number, address: unknown): number
  shutdown(fd: number, how: number): number
  dup(fd: number): number
  setNonblocking(fd: number, on: number): number
  getsockoptInt(fd: number, level: number, name: number): [number, number?]
  getsockoptBytes(fd: number, level: number, name: number, buflen: number): Uint8Array | number
  setsockopt(fd: number, level: number, name: number, value: number | Uint8Array): number
  getsockname(fd: number): NativeAddress | number
  getpeername(fd: number): NativeAddress | number
  sendfile(outFd: number, inFd: number, offset: number, count: number): number
  strerror(errno: number): string
  getaddrinfoSync(host: string | null, service: string | null, family: number, type: number, proto: number, flags: number): Array<NativeAddrInfo> | NativeGaiFailure
  getnameinfoSync(family: number, address: unknown, flags: number): [string, string] | NativeGaiFailure
  getaddrinfoAsync(host: string | null, service: string | null, family: number, type: number, proto: number, flags: number, cb: (result: Array<NativeAddrInfo> | NativeGaiFailure) => void): number
  getnameinfoAsync(family: number, address: unknown, flags: number, cb: (result: [string, string] | NativeGaiFailure) => void): number
  /** Takes back a lookup still queued (its callback gets EAI_CANCELED); -EBUSY once a thread runs it. */
  nameCancel(id: number): number
  gethostname(): string | number
  gaiStrerror(code: number): string
}

const require = createRequire(import.meta.url)

/**
 * The addon as loaded: one exports object per addon instance. node-gyp-build takes a local build
 * (`build/Release`, what a contributor or a platform without a prebuild compiles) before the N-API
 * prebuild for this platform, arch and libc that ships in the package's `prebuilds/`. The package
 * root is found from this module's own URL (one level below it, in `src/` and `dist/` alike) so a
 * bundle that keeps `@greenfiber/core` external still finds its binary.
 */
const addon = (require("node-gyp-build") as (root: string) => unknown)(
  fileURLToPath(new URL("..", import.meta.url))
) as Native & { shared?: Shared }

/**
 * The addon's functions on an object of our own: the exports object Node-API fills is a dictionary, so
 * each `native.send` on it would be a hash lookup; this one has fast properties.
 */
export const native: Native = { ...addon }

/** JS-side state about the addon instance. */
export interface Shared {
  /** The buffer last registered with `setReadSlab`. */
  registeredSlab?: Uint8Array
  /** The watcher registry and its wake-up delivery (Watcher.ts): one per addon, whichever copy made it. */
  registry?: unknown
}

/**
 * Kept on the addon's exports object, the one thing every copy of these modules in a process has in
 * common when they load the same addon (two bundled copies, test isolation): they share its state.
 */
export const shared: Shared = addon.shared ??= {}
