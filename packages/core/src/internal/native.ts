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
  /** registry.c's protocol: interest bits for ioOpen, and the errno-slot mark that re-arms a watcher. */
  readonly io: { readonly READ: number; readonly WRITE: number; readonly REARM: number }
  ioOpen(fd: number, events: number): number
  ioStart(id: number): number
  ioStop(id: number): number
  ioClose(id: number): number
  fdActive(fd: number): Array<number>
  fdClose(fd: number): number
  /** Marks `fd` as owned by a socket of this environment: its teardown closes it if nothing else does. */
  fdOwn(fd: number): number
  /** Whether a wait on `fd` holds the event loop open (net.Socket's ref/unref); -ENOENT before its first watcher. */
  fdRef(fd: number, on: number): number
  /** Ends that ownership without closing (a detached socket). */
  fdDisown(fd: number): number
  /** How many fds this environment owns. */
  fdOwnedCount(): number
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
  /** sendmsg(2): `buffers` as an iovec each, `ancdata` as [level, type, data] items; `address` null: none. */
  sendmsg(fd: number, buffers: ReadonlyArray<Uint8Array>, ancdata: ReadonlyArray<readonly [number, number, Uint8Array]>, flags: number, family: number, address: unknown): number
  /** recvmsg(2) into `buffers`: [nbytes, ancdata, msgFlags, address]; received fds are close-on-exec. */
  recvmsg(fd: number, buffers: ReadonlyArray<Uint8Array>, ancbufsize: number, flags: number): [number, Array<[number, number, Uint8Array]>, number, NativeAddress | null] | number
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
  /** inet_pton(3): the packed address, 0 for text that is no address, or -errno. */
  inetPton(family: number, text: string): Uint8Array | number
  /** inet_ntop(3): the text, or -errno (EINVAL for a wrong length, EAFNOSUPPORT). */
  inetNtop(family: number, packed: Uint8Array): string | number
  /** inet_aton(3): 4 bytes, or 0 when libc refuses the text. */
  inetAton(text: string): Uint8Array | number
  ifNameindex(): Array<[number, string]> | number
  /** 0 when there is no such interface. */
  ifNametoindex(name: string): number
  ifIndextoname(index: number): string | number
  /** poll(2) with timeout 0 over [fd, events, revents] triples (revents written in place): the count or -errno. */
  pollOnce(triples: Int32Array): number
  /** CMSG_LEN / CMSG_SPACE, or -1 out of CPython's range. */
  cmsgLen(length: number): number
  cmsgSpace(length: number): number
  getaddrinfoSync(host: string | null, service: string | null, family: number, type: number, proto: number, flags: number): Array<NativeAddrInfo> | NativeGaiFailure
  getnameinfoSync(family: number, address: unknown, flags: number): [string, string] | NativeGaiFailure
  getaddrinfoAsync(host: string | null, service: string | null, family: number, type: number, proto: number, flags: number, cb: (result: Array<NativeAddrInfo> | NativeGaiFailure) => void): number
  getnameinfoAsync(family: number, address: unknown, flags: number, cb: (result: [string, string] | NativeGaiFailure) => void): number
  /** Takes back a lookup still queued (its callback gets EAI_CANCELED); -EBUSY once a thread runs it. */
  nameCancel(id: number): number
  gethostname(): string | number
  gaiStrerror(code: number): string
  /** The TLS engine (tls.c): `true`, or why the OpenSSL inside Node cannot be used. Statuses: -1 SSL error, -2 want read, -3 want write, -5 system error, -6 close_notify; -22 bad argument. */
  tlsAvailable(): true | string
  tlsContextNew(server: number): NativeTlsContext | NativeTlsFailure | number
  tlsContextConfigure(ctx: NativeTlsContext, minVersion: number, maxVersion: number, cipherList: string | null, cipherSuites: string | null): number | NativeTlsFailure
  tlsContextAddCa(ctx: NativeTlsContext, pem: Uint8Array): number | NativeTlsFailure
  tlsContextUseCert(ctx: NativeTlsContext, cert: Uint8Array, key: Uint8Array, passphrase: string | null): number | NativeTlsFailure
  tlsContextSetAlpn(ctx: NativeTlsContext, wire: Uint8Array, server: number): number | NativeTlsFailure
  tlsNew(ctx: NativeTlsContext, fd: number, server: number, verifyMode: number, sni: string | null, checkName: string | null, checkIsIp: number): NativeTlsConnection | NativeTlsFailure | number
  tlsHandshake(conn: NativeTlsConnection): number
  tlsRead(conn: NativeTlsConnection, buf: Uint8Array, offset: number, length: number): number
  tlsWrite(conn: NativeTlsConnection, buf: Uint8Array, offset: number, length: number): number
  tlsShutdown(conn: NativeTlsConnection): number
  tlsPending(conn: NativeTlsConnection): number
  /** [version, cipher standard name, cipher protocol, secret bits, ALPN protocol]. */
  tlsInfo(conn: NativeTlsConnection): [string, string, string, number, string | null] | number
  tlsPeerCert(conn: NativeTlsConnection): Uint8Array | null | number
  /** [library, reason, errno, verifyCode, verifyMessage] of the last failure. */
  tlsError(conn: NativeTlsConnection): [string, string, number, number, string] | number
  tlsFree(conn: NativeTlsConnection): number
}

/** An OpenSSL SSL_CTX held by the addon. */
export interface NativeTlsContext {
  readonly _nativeTlsContext: unique symbol
}

/** An OpenSSL SSL held by the addon. */
export interface NativeTlsConnection {
  readonly _nativeTlsConnection: unique symbol
}

/** OpenSSL's [library, reason] texts for a failed setup call. */
export type NativeTlsFailure = readonly [string, string]

const require = createRequire(import.meta.url)

/**
 * The addon as loaded: one exports object per addon instance. node-gyp-build takes a local build
 * (`build/Release`, what a contributor or a platform without a prebuild compiles) before the N-API
 * prebuild for this platform, arch and libc that ships in the package's `prebuilds/`. The package
 * root is found from this module's own URL (two levels below it, in `src/internal/` and
 * `dist/internal/` alike) so a bundle that keeps `@greenfiber/core` external still finds its binary.
 */
const addon = (require("node-gyp-build") as (root: string) => unknown)(
  fileURLToPath(new URL("../..", import.meta.url))
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
  /** The watcher registry and its wake-up delivery (internal/watcher.ts): one per addon, whichever copy made it. */
  registry?: unknown
}

/**
 * Kept on the addon's exports object, the one thing every copy of these modules in a process has in
 * common when they load the same addon (two bundled copies, test isolation): they share its state.
 */
export const shared: Shared = addon.shared ??= {}
