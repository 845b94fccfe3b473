/**
 * The cooperative socket: Python's `socket.socket` where every call that would block suspends only the
 * calling fiber. Each call tries the syscall first; only on `EAGAIN` does it wait on the socket's own
 * read or write watcher (with what is left of the socket timeout), then it tries again.
 *
 * @since 0.1.0
 */
import {
  type Address,
  ConcurrentObjectUseError,
  DefaultTimeout,
  errnoValue,
  type GaiError,
  Native,
  notifyClosingUnsafe,
  cancelWait,
  SocketError,
  SocketTimeout,
  type TimeoutInput,
  validateTimeout,
  ioWait,
  Watcher
} from "@greenfiber/core"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"
import { fstatSync } from "node:fs"
import { checkAddress, invalid, resolveAddress } from "./address.ts"
import {
  AF_INET,
  AF_UNIX,
  MSG_DONTWAIT,
  MSG_TRUNC,
  SHUT_RD,
  SHUT_RDWR,
  SHUT_WR,
  SO_DOMAIN,
  SO_ERROR,
  SO_PROTOCOL,
  SO_TYPE,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOCK_STREAM,
  SOL_SOCKET,
  SOMAXCONN
} from "./constants.ts"
import type { SocketFile } from "./makefile.ts"
import { makeFile } from "./makefile.ts"
import type { RecvmsgIntoResult, RecvmsgResult } from "./msg.ts"
import { recvmsgImpl, recvmsgIntoImpl, sendmsgImpl } from "./msg.ts"

const native = Native.native

const EAGAIN = errnoValue("EAGAIN")
const EINPROGRESS = errnoValue("EINPROGRESS")
const EALREADY = errnoValue("EALREADY")
const EISCONN = errnoValue("EISCONN")
const ENOTCONN = errnoValue("ENOTCONN")
const EBADF = errnoValue("EBADF")
// macOS has neither flag: nothing to mask there.
const TYPE_MASK = ~((SOCK_NONBLOCK ?? 0) | (SOCK_CLOEXEC ?? 0))

/** Errors a socket call can fail with while waiting for readiness. */
export type IoError = SocketError | SocketTimeout | ConcurrentObjectUseError

/** @internal */
export const badFd = (syscall: string): SocketError => SocketError.fromErrno(EBADF, syscall)

const fail = (errno: number, syscall: string) => Effect.fail(SocketError.fromErrno(errno, syscall))

const isBytes = (u: unknown): u is Uint8Array => u instanceof Uint8Array

const isInt32 = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u) && u >= -(2 ** 31) && u < 2 ** 31

/** Sizes up to what one recv(2) can return (SSIZE_MAX on Linux is capped to 2^31-1 bytes per call). */
const MAX_SIZE = 0x7fffffff
const checkSize = (n: unknown, what: string): SocketError | undefined =>
  typeof n !== "number" || !Number.isInteger(n) || n < 0
    ? invalid(`negative or invalid ${what}`)
    : n > MAX_SIZE
    ? invalid(`${what} too large`)
    : undefined

/**
 * Reads of up to 64 KiB land in one shared scratch buffer (the read is synchronous, so sockets can
 * share it), and what was read is copied out into a buffer of exactly its size: a `recv(65536)` that
 * gets 64 bytes (or EAGAIN) costs no 64 KiB allocation, and a result holds on to no memory beyond its
 * own bytes (a small one is a slice of Node's buffer pool, as any `Buffer.allocUnsafe`). The copy is
 * cheaper than it looks: the kernel always writes into the same cache-hot pages. Handing big results
 * out as views of larger slabs instead made a streaming server about a fifth slower (the kernel
 * writing into fresh pages on every read), and left the unused tail of each slab for the garbage
 * collector to account for as well.
 */
const SCRATCH = 65536
const scratch = Buffer.allocUnsafeSlow(SCRATCH)

/**
 * Reads into the scratch buffer go through `recvSlab`, into the buffer registered with the addon,
 * which saves the typed-array lookup of every read. The addon's exports are one object, shared by
 * every copy of this module that loads them (two bundled copies, test isolation), so which buffer is
 * registered is recorded there and checked before each read: a copy never reads into another's.
 */
const shared = Native.shared
const recvIntoScratch = (fd: number, bufsize: number, flags: number): number => {
  if (shared.registeredSlab !== scratch) {
    native.setReadSlab(scratch)
    shared.registeredSlab = scratch
  }
  return native.recvSlab(fd, bufsize, flags)
}

/** The `n` bytes just read into the scratch buffer, copied out. */
const takeFromScratch = (n: number): Buffer => {
  const out = Buffer.allocUnsafe(n)
  scratch.copy(out, 0, 0, n)
  return out
}

/**
 * A cooperative budget, as tokio's: after this many operations in a row that did not have to wait, a
 * socket call yields to the other fibers, so a peer that always answers at once cannot starve them.
 */
const BUDGET = 32

/**
 * A socket collected without `close()` (its scope was never closed, or it never had one) still holds
 * its fd, and maybe a poll handle: they are released here, and reported as CPython reports an
 * unclosed socket (a ResourceWarning), since the program has a leak to fix. A socket with a fiber
 * waiting on it is never collected: the wait keeps it reachable.
 */
const unclosed = new FinalizationRegistry<number>((fd) => {
  notifyClosingUnsafe(fd)
  native.fdClose(fd)
  Watcher.closeIdleOn(fd)
  process.emitWarning(`unclosed socket (fd ${fd}) was garbage-collected; greenfiber closed it`, {
    type: "ResourceWarning",
    code: "GREENFIBER_UNCLOSED_SOCKET",
    detail: "Close sockets with close(), or open them in a Scope that is closed."
  })
})

/**
 * A cooperative socket, Python's `socket.socket`. Create one with `socket`, `createConnection`,
 * `createServer`, `socketpair`, `fromfd` or `accept`; each belongs to a `Scope` and is closed with it.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { socket, AF_INET, SOCK_STREAM } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const sock = yield* socket(AF_INET, SOCK_STREAM)
 *   yield* sock.settimeout(2)
 *   yield* sock.connect(["127.0.0.1", 8080])
 *   yield* sock.sendall(new TextEncoder().encode("ping"))
 *   const reply = yield* sock.recv(1024) // empty at EOF
 * }))
 * ```
 * @since 0.1.0
 * @category models
 */
export class Socket {
  /** The address family (`AF_INET`, `AF_INET6`, `AF_UNIX`, ...). */
  readonly family: number
  /** The socket type (`SOCK_STREAM`, `SOCK_DGRAM`, ...), without `SOCK_NONBLOCK`/`SOCK_CLOEXEC`. */
  readonly type: number
  /** The protocol number. */
  readonly proto: number
  /** @internal the real fd; -1 once really closed (or detached). */
  _fd: number
  /** @internal `close()` was called (the fd may live on for files, Python's reference rule). */
  _closed = false
  /** @internal open files made by `makefile`. */
  _ioRefs = 0
  /** @internal timeout in seconds, null = block. */
  _timeout: number | null
  /** @internal timeout in ms: -1 block, 0 non-blocking. */
  _timeoutMs: number
  /** @internal */
  _rw: Watcher.Watcher | undefined = undefined
  /** @internal */
  _ww: Watcher.Watcher | undefined = undefined
  /** @internal operations in a row that completed without waiting (see BUDGET). */
  _streak = 0
  /** @internal the last read left the receive queue empty (it got less than it asked for). */
  _drained = false
  /** @internal ends a Unix connect's back-off sleep when the fd closes (no watcher waits then). */
  _wakeOnClose: (() => void) | undefined = undefined

  /** @internal use `socket`, `fromfd` and friends. */
  constructor(fd: number, family: number, type: number, proto: number, timeout: number | null) {
    this._fd = fd
    this.family = family
    this.type = type & TYPE_MASK
    this.proto = proto
    this._timeout = timeout
    this._timeoutMs = timeout === null ? -1 : timeout * 1000
    Watcher.ownFd(fd)
    unclosed.register(this, fd, this)
  }

  /** The fd number, or -1 once closed. Python's `fileno()`. */
  fileno(): number {
    return this._closed ? -1 : this._fd
  }

  /** The timeout in seconds, `null` when blocking without a timeout, `0` when non-blocking. */
  gettimeout(): number | null {
    return this._timeout
  }

  /** `true` unless the socket is non-blocking (timeout 0), as in Python. */
  getblocking(): boolean {
    return this._timeout !== 0
  }

  /** Sets the timeout: seconds, a `Duration`, `null` (block forever) or `0` (non-blocking). Negative: `EINVAL`. */
  settimeout(timeout: TimeoutInput): Effect.Effect<void, SocketError> {
    return Effect.map(validateTimeout(timeout), (seconds) => this._setTimeoutUnsafe(seconds))
  }

  /** `setblocking(true)` is `settimeout(null)`, `setblocking(false)` is `settimeout(0)`. */
  setblocking(flag: boolean): Effect.Effect<void> {
    return Effect.sync(() => this._setTimeoutUnsafe(flag ? null : 0))
  }

  /** @internal */
  _setTimeoutUnsafe(seconds: number | null): void {
    this._timeout = seconds
    this._timeoutMs = seconds === null ? -1 : seconds * 1000
  }

  /** @internal the fd for a public call, or undefined when closed. */
  _live(): boolean {
    return !this._closed && this._fd >= 0
  }

  /** Binds to an address (`[host, port]`, `[host, port, flowinfo, scopeId]`, or a Unix path). */
  bind(address: Address): Effect.Effect<void, SocketError | GaiError> {
    return Effect.flatMap(resolveAddress(this.family, address), (addr) => {
      if (!this._live()) return Effect.fail(badFd("bind"))
      const r = native.bind(this._fd, this.family, addr)
      return r < 0 ? fail(-r, "bind") : Effect.void
    })
  }

  /** Starts listening; the default backlog is `min(SOMAXCONN, 128)`, as in Python. */
  listen(backlog?: number): Effect.Effect<void, SocketError> {
    return Effect.suspend(() => {
      if (!this._live()) return Effect.fail(badFd("listen"))
      const n = backlog === undefined ? Math.min(SOMAXCONN, 128) : backlog
      if (typeof n !== "number" || !Number.isInteger(n)) return Effect.fail(invalid("listen(): backlog must be an integer"))
      const r = native.listen(this._fd, n)
      return r < 0 ? fail(-r, "listen") : Effect.void
    })
  }

  /**
   * Accepts a connection: `[socket, address]`. The new socket belongs to the caller's `Scope` and
   * starts with `DefaultTimeout`, as in CPython.
   */
  accept(): Effect.Effect<readonly [Socket, Address], IoError, Scope.Scope> {
    return acceptImpl(this)
  }

  /** Connects, waiting for the connection with the socket timeout; a host name is resolved first. */
  connect(address: Address): Effect.Effect<void, IoError | GaiError> {
    return connectImpl(this, address)
  }

  /**
   * Like `connect`, but returns the errno (0 on success) instead of failing for an OS error. A
   * malformed address still fails with `SocketError` (EINVAL), as CPython raises for it.
   */
  connectEx(address: Address): Effect.Effect<number, SocketError | GaiError | ConcurrentObjectUseError> {
    // A malformed address (a port out of range, say) fails, as CPython raises for it; only what the
    // OS answers comes back as an errno.
    const bad = checkAddress(this.family, address)
    if (bad instanceof SocketError) return Effect.fail(bad)
    return Effect.catch(Effect.as(connectImpl(this, address), 0), (e): Effect.Effect<number, GaiError | ConcurrentObjectUseError> => {
      if (e._tag === "SocketError") return Effect.succeed(e.errno)
      if (e._tag === "SocketTimeout") return Effect.succeed(EAGAIN)
      return Effect.fail(e)
    })
  }

  /** Receives up to `bufsize` bytes; an empty array at EOF. */
  recv(bufsize: number, flags = 0): Effect.Effect<Uint8Array, IoError> {
    return this._closed ? Effect.fail(badFd("recv")) : recvImpl(this, bufsize, flags)
  }

  /** Receives up to `bufsize` bytes and the sender's address (`null` when the OS gives none, as TCP). */
  recvfrom(bufsize: number, flags = 0): Effect.Effect<readonly [Uint8Array, Address | null], IoError> {
    return this._closed ? Effect.fail(badFd("recvfrom")) : recvfromImpl(this, bufsize, flags)
  }

  /** Receives into `buffer` (at most `nbytes`, default its length); returns the count. */
  recvInto(buffer: Uint8Array, nbytes = 0, flags = 0): Effect.Effect<number, IoError> {
    return this._closed ? Effect.fail(badFd("recv_into")) : recvIntoImpl(this, buffer, nbytes, flags)
  }

  /** Receives into `buffer` and returns `[count, address]`. */
  recvfromInto(buffer: Uint8Array, nbytes = 0, flags = 0): Effect.Effect<readonly [number, Address | null], IoError> {
    return this._closed ? Effect.fail(badFd("recvfrom_into")) : recvfromIntoImpl(this, buffer, nbytes, flags)
  }

  /** Sends some of `data`; returns the count (in blocking mode at least one byte; 0 for empty data). */
  send(data: Uint8Array, flags = 0): Effect.Effect<number, IoError> {
    return this._closed ? Effect.fail(badFd("send")) : sendImpl(this, data, flags)
  }

  /** Sends all of `data` or fails; the socket timeout bounds the whole call. */
  sendall(data: Uint8Array, flags = 0): Effect.Effect<void, IoError> {
    return this._closed ? Effect.fail(badFd("sendall")) : sendallImpl(this, data, flags)
  }

  /** `sendto(data, address)` or `sendto(data, flags, address)`: returns the count. */
  sendto(data: Uint8Array, address: Address): Effect.Effect<number, IoError | GaiError>
  sendto(data: Uint8Array, flags: number, address: Address): Effect.Effect<number, IoError | GaiError>
  sendto(data: Uint8Array, flagsOrAddress: number | Address, maybeAddress?: Address): Effect.Effect<number, IoError | GaiError> {
    const flags = typeof flagsOrAddress === "number" ? flagsOrAddress : 0
    const address = typeof flagsOrAddress === "number" ? maybeAddress! : flagsOrAddress
    if (this._closed) return Effect.fail(badFd("sendto"))
    const checked = checkAddress(this.family, address)
    if (checked instanceof SocketError) return Effect.fail(checked)
    if (checked !== undefined) return sendtoImpl(this, data, flags, checked)
    return Effect.flatMap(resolveAddress(this.family, address), (addr) => sendtoImpl(this, data, flags, addr))
  }

  /**
   * Sends `count` bytes (default: to the end) of the file `fd` from `offset` with `sendfile(2)`.
   * Returns the count. On a non-blocking socket it fails with `EINVAL`. The file position is not moved.
   */
  sendfile(fd: number, offset = 0, count?: number): Effect.Effect<number, IoError> {
    return this._closed ? Effect.fail(badFd("sendfile")) : sendfileImpl(this, fd, offset, count)
  }

  /**
   * Sends the bytes of `buffers` (gathered, as one message) with ancillary data `ancdata`
   * (`[level, type, data]` items, e.g. `[SOL_SOCKET, SCM_RIGHTS, Int32Array.of(fd)]`), to `address`
   * when given (a name is resolved first). Returns the count of bytes sent. CPython's `sendmsg`.
   */
  sendmsg(
    buffers: Iterable<ArrayBufferView>,
    ancdata: Iterable<readonly [number, number, ArrayBufferView]> = [],
    flags = 0,
    address: Address | null = null
  ): Effect.Effect<number, IoError | GaiError> {
    return sendmsgImpl(this, buffers, ancdata, flags, address)
  }

  /**
   * Receives up to `bufsize` bytes and up to `ancbufsize` bytes of ancillary data (size it with
   * `CMSG_SPACE`): `[data, ancdata, msgFlags, address]`. Fds that arrive in `SCM_RIGHTS` items are
   * close-on-exec and the caller's to close. CPython's `recvmsg`.
   */
  recvmsg(bufsize: number, ancbufsize = 0, flags = 0): Effect.Effect<RecvmsgResult, IoError> {
    return recvmsgImpl(this, bufsize, ancbufsize, flags)
  }

  /** `recvmsg` scattering the data into `buffers`, in order: `[nbytes, ancdata, msgFlags, address]`. */
  recvmsgInto(buffers: Iterable<ArrayBufferView>, ancbufsize = 0, flags = 0): Effect.Effect<RecvmsgIntoResult, IoError> {
    return recvmsgIntoImpl(this, buffers, ancbufsize, flags)
  }

  /** Shuts down one or both halves; `SHUT_RD` wakes a waiting reader, `SHUT_WR` a waiting writer (EBADF). */
  shutdown(how: number): Effect.Effect<void, SocketError> {
    return Effect.suspend(() => {
      if (!this._live()) return Effect.fail(badFd("shutdown"))
      const r = native.shutdown(this._fd, how)
      if (r < 0) return fail(-r, "shutdown")
      const wakes: Array<Effect.Effect<void>> = []
      if ((how === SHUT_RD || how === SHUT_RDWR) && this._rw !== undefined) wakes.push(cancelWait(this._rw))
      if ((how === SHUT_WR || how === SHUT_RDWR) && this._ww !== undefined) wakes.push(cancelWait(this._ww))
      return wakes.length === 0 ? Effect.void : Effect.all(wakes, { discard: true })
    })
  }

  /**
   * Closes the socket: at once marked closed (`fileno()` is -1, later calls fail with EBADF), fibers
   * waiting on it woken with EBADF, the fd closed before this returns (its port free, the peer at
   * EOF). Closing twice is fine.
   * While files from `makefile` are open the fd stays open for them (Python's reference rule).
   */
  close(): Effect.Effect<void> {
    // bind, not an arrow: the finalizer every socket leaves in its scope stays small.
    return Effect.sync(this._closeUnsafe.bind(this))
  }

  /** @internal */
  _closeUnsafe(): void {
    this._closed = true
    if (this._ioRefs <= 0) this._realClose()
  }

  /** @internal */
  _realClose(): void {
    const fd = this._fd
    if (fd < 0) return
    this._fd = -1
    unclosed.unregister(this)
    notifyClosingUnsafe(fd)
    // The addon takes the fd out of epoll, then closes it; the watchers go after, as detached ids.
    native.fdClose(fd)
    this._dropWatchers()
  }

  /** @internal */
  _dropWatchers(): void {
    this._endBackoff()
    if (this._rw !== undefined) Watcher.closeUnsafe(this._rw)
    if (this._ww !== undefined) Watcher.closeUnsafe(this._ww)
    this._rw = undefined
    this._ww = undefined
  }

  /** @internal */
  _endBackoff(): void {
    const wake = this._wakeOnClose
    this._wakeOnClose = undefined
    if (wake !== undefined) wake()
  }

  /** Puts the socket in the closed state without closing the fd, and returns the fd. */
  detach(): Effect.Effect<number> {
    return Effect.sync(() => {
      const fd = this._closed ? -1 : this._fd
      this._closed = true
      if (fd < 0) return -1
      this._fd = -1
      unclosed.unregister(this)
      Watcher.disownFd(fd)
      notifyClosingUnsafe(fd)
      this._dropWatchers()
      return fd
    })
  }

  /** A new socket over a duplicate of the fd, with the same timeout; it belongs to the caller's `Scope`. */
  dup(): Effect.Effect<Socket, SocketError, Scope.Scope> {
    return Effect.acquireRelease(
      Effect.suspend(() => {
        if (!this._live()) return Effect.fail(badFd("dup"))
        const fd = native.dup(this._fd)
        if (fd < 0) return fail(-fd, "dup")
        return Effect.succeed(new Socket(fd, this.family, this.type, this.proto, this._timeout))
      }),
      (s) => s.close()
    )
  }

  /** The local address. */
  getsockname(): Effect.Effect<Address, SocketError> {
    return Effect.suspend(() => {
      if (!this._live()) return Effect.fail(badFd("getsockname"))
      const r = native.getsockname(this._fd)
      return typeof r === "number" ? fail(-r, "getsockname") : Effect.succeed(r as Address)
    })
  }

  /** The peer's address (`ENOTCONN` when not connected). */
  getpeername(): Effect.Effect<Address, SocketError> {
    return Effect.suspend(() => {
      if (!this._live()) return Effect.fail(badFd("getpeername"))
      const r = native.getpeername(this._fd)
      return typeof r === "number" ? fail(-r, "getpeername") : Effect.succeed(r as Address)
    })
  }

  /** An integer option, or with `buflen` the raw bytes (at most `buflen`, up to 1024). */
  getsockopt(level: number, name: number): Effect.Effect<number, SocketError>
  getsockopt(level: number, name: number, buflen: number): Effect.Effect<Uint8Array, SocketError>
  getsockopt(level: number, name: number, buflen?: number): Effect.Effect<number | Uint8Array, SocketError> {
    return Effect.suspend((): Effect.Effect<number | Uint8Array, SocketError> => {
      if (!this._live()) return Effect.fail(badFd("getsockopt"))
      if (!isInt32(level) || !isInt32(name)) return Effect.fail(invalid("getsockopt(): level and name must be integers"))
      if (buflen === undefined) {
        const [r, value] = native.getsockoptInt(this._fd, level, name)
        return r < 0 ? fail(-r, "getsockopt") : Effect.succeed(value!)
      }
      if (!Number.isInteger(buflen) || buflen <= 0 || buflen > 1024) {
        return Effect.fail(invalid("getsockopt buflen out of range"))
      }
      const r = native.getsockoptBytes(this._fd, level, name, buflen)
      return typeof r === "number" ? fail(-r, "getsockopt") : Effect.succeed(r)
    })
  }

  /** Sets an option to an integer or to raw bytes. */
  setsockopt(level: number, name: number, value: number | Uint8Array): Effect.Effect<void, SocketError> {
    return Effect.suspend(() => {
      if (!this._live()) return Effect.fail(badFd("setsockopt"))
      if (typeof value === "boolean") value = value ? 1 : 0
      const r = native.setsockopt(this._fd, level, name, value)
      return r < 0 ? fail(-r, "setsockopt") : Effect.void
    })
  }

  /**
   * A buffered file over the socket (`"r"`, `"w"`, `"rw"`, with `"b"` for bytes; text is UTF-8). The
   * file belongs to the caller's `Scope`; the fd closes when the socket and all its files are closed.
   */
  makefile(mode: "rb" | "wb" | "rwb" | "wrb" | "br" | "bw"): Effect.Effect<SocketFile<Uint8Array>, SocketError, Scope.Scope>
  makefile(mode?: "r" | "w" | "rw" | "wr"): Effect.Effect<SocketFile<string>, SocketError, Scope.Scope>
  makefile(mode: string): Effect.Effect<SocketFile<string> | SocketFile<Uint8Array>, SocketError, Scope.Scope>
  makefile(mode = "r"): Effect.Effect<SocketFile<any>, SocketError, Scope.Scope> {
    return makeFile(this, mode)
  }

  /** @internal whether a wait on this socket holds the process open (`toDuplex`'s ref/unref). */
  _ref = true

  /** @internal net.Socket's ref/unref: off, a process whose only pending work is a wait here may exit. */
  _setRef(on: boolean): void {
    this._ref = on
    if (this._fd >= 0) native.fdRef(this._fd, on ? 1 : 0)
  }

  /**
   * @internal The watcher for one direction, opened on first need. Opened and recorded in one
   * synchronous step: a fiber that yields in between (its operation budget ran out) must not let
   * another open a second watcher for the same direction, which would leak and let two fibers read
   * at once.
   */
  _watcher(events: number): Watcher.WatcherImpl | SocketError {
    const w = events === Watcher.READ ? this._rw : this._ww
    if (w !== undefined) return w as Watcher.WatcherImpl
    const made = Watcher.makeUnsafe(this._fd, events)
    if (made instanceof SocketError) return made
    // The fd's poll may be new with this watcher: it takes the socket's ref state.
    if (!this._ref) native.fdRef(this._fd, 0)
    if (events === Watcher.READ) this._rw = made
    else this._ww = made
    return made
  }
}

/**
 * Counts an operation that completed without waiting and says whether the caller should yield now
 * (every BUDGET such operations in a row).
 *
 * @internal
 */
export const overBudget = (self: Socket): boolean => {
  if (++self._streak < BUDGET) return false
  self._streak = 0
  return true
}

/** @internal A deadline (performance.now() ms) for a call starting now, or -1 for none. */
export const deadlineOf = (self: Socket): number => self._timeoutMs > 0 ? performance.now() + self._timeoutMs : -1

/**
 * Waits for readiness after an EAGAIN: fails at once with EAGAIN when non-blocking, with
 * `SocketTimeout` when the deadline has passed. With an `attempt`, runs it on each wake-up until it
 * gives the outcome (its arguments `a`, `b`, `c` are kept on the watcher): the retry happens in the
 * wake-up, so the fiber resumes once, with the result. `deadline` undefined: the socket timeout from now.
 *
 * @internal
 */
export const waitIo = <A = void>(
  self: Socket,
  events: number,
  deadline: number | undefined,
  syscall: string,
  attempt?: (w: Watcher.WatcherImpl) => Effect.Effect<A, IoError> | undefined,
  a?: unknown,
  b?: unknown,
  c?: unknown
): Effect.Effect<A, IoError> => {
  if (self._timeoutMs === 0) return fail(EAGAIN, syscall)
  if (self._fd < 0) return Effect.fail(badFd(syscall))
  self._streak = 0
  let ms = deadline === undefined ? self._timeoutMs : -1
  if (deadline !== undefined && deadline >= 0) {
    ms = deadline - performance.now()
    if (ms <= 0) return Effect.fail(new SocketTimeout())
  }
  const w = self._watcher(events)
  if (w instanceof SocketError) return Effect.fail(w)
  return ioWait(w, ms, undefined, attempt, self, a, b, c)
}

/** A whole socket call that waits: `waitIo` with an attempt, within the socket timeout from now. */
const ioCall = <A>(
  self: Socket,
  events: number,
  syscall: string,
  attempt: (w: Watcher.WatcherImpl) => Effect.Effect<A, IoError> | undefined,
  a?: unknown,
  b?: unknown,
  c?: unknown
): Effect.Effect<A, IoError> => waitIo(self, events, undefined, syscall, attempt, a, b, c)

/** A value for an operation that did not wait, counted against the socket's budget. */
const completed = <A>(self: Socket, value: A): Effect.Effect<A> => {
  self._streak++
  return Effect.succeed(value)
}

/** `completed` for a call with no value: the shared `Effect.void`, no allocation. */
const completedVoid = (self: Socket): Effect.Effect<void> => {
  self._streak++
  return Effect.void
}

/**
 * Whether a call must yield to the other fibers before its syscall: `BUDGET` calls in a row completed
 * without waiting. The yield comes before the syscall, never between the syscall and its result: an
 * interruption there would lose bytes already read, or report as failed a send that went out.
 */
const mustYield = (self: Socket): boolean => {
  if (self._streak < BUDGET) return false
  self._streak = 0
  return true
}

/**
 * With MSG_TRUNC the kernel may report more than it wrote: a datagram's real length (it writes at
 * most `bufsize` bytes of it), or on a TCP socket the count of bytes it discarded without writing
 * any. A result must hold only what the kernel wrote, never what the buffer held before (in the
 * scratch buffer, another socket's data): the read target is zeroed first and the result cut to
 * `bufsize`. A long datagram comes back cut, bytes TCP discarded as zeros. (`recvInto` returns the
 * real length, as CPython does: it only ever writes the caller's buffer.) Returns whether it did.
 * A big buffer needs no clearing: `bigBuffer` allocates it zeroed for MSG_TRUNC, and an attempt that
 * ends in EAGAIN writes nothing into it.
 */
const clearForTruncation = (big: Buffer | undefined, bufsize: number, flags: number): boolean => {
  if ((flags & MSG_TRUNC) === 0) return false
  if (big === undefined) scratch.fill(0, 0, bufsize)
  return true
}

/**
 * The buffer of a read of over 64 KiB, or none (the scratch buffer serves). Zeroed for MSG_TRUNC: the
 * allocator's zeroed pages cost nothing until written, where filling a 2 GiB buffer took 4.4 s.
 */
const bigBuffer = (bufsize: number, flags: number): Buffer | undefined =>
  bufsize <= SCRATCH ? undefined : (flags & MSG_TRUNC) === 0 ? Buffer.allocUnsafe(bufsize) : Buffer.alloc(bufsize)

/** One recv(2) attempt: the data, or an errno (negative); data read into the scratch buffer is copied out at once. */
const recvOnce = (fd: number, bufsize: number, flags: number, big: Buffer | undefined): Buffer | number => {
  const truncating = clearForTruncation(big, bufsize, flags)
  const r = big === undefined ? recvIntoScratch(fd, bufsize, flags) : native.recv(fd, big, 0, bufsize, flags)
  return r < 0 ? r : takeRead(big, truncating ? Math.min(r, bufsize) : r)
}

/**
 * The `n` bytes a read just left in `big` (allocated uninitialised for a read of over 64 KiB) or,
 * without one, in the scratch buffer. A short read into `big` is copied out, as CPython shrinks its
 * bytes object: a view would leave the unwritten tail, old heap memory, reachable through `.buffer`.
 */
const takeRead = (big: Buffer | undefined, n: number): Buffer => {
  if (big === undefined) return takeFromScratch(n)
  return n === big.length ? big : Buffer.from(big.subarray(0, n))
}

/**
 * recv without the `close()` check (files use it). The first attempt runs without a generator: a busy
 * socket's recv is one syscall and one small allocation; only EAGAIN takes the waiting loop.
 *
 * @internal
 */
export const recvImpl = (self: Socket, bufsize: number, flags: number): Effect.Effect<Uint8Array, IoError> =>
  Effect.suspend(() => {
    const bad = checkSize(bufsize, "buffersize in recv")
    if (bad !== undefined) return Effect.fail(bad)
    const fd = self._fd
    if (fd < 0) return Effect.fail(badFd("recv"))
    // As CPython: recv(0) is empty at once, without a syscall (Linux would say EAGAIN on an empty queue).
    if (bufsize === 0) return Effect.succeed(Buffer.alloc(0))
    const first = waitFirst(self, bufsize, flags)
    if (!first && mustYield(self)) return Effect.andThen(Effect.yieldNow, recvImpl(self, bufsize, flags))
    const big = bigBuffer(bufsize, flags)
    if (first) return ioCall(self, Watcher.READ, "recv", recvAttempt, bufsize, flags, big)
    const r = recvOnce(fd, bufsize, flags, big)
    if (typeof r !== "number") {
      self._drained = r.length < bufsize
      return completed(self, r)
    }
    if (r !== -EAGAIN || (flags & MSG_DONTWAIT) !== 0) return fail(-r, "recv")
    return ioCall(self, Watcher.READ, "recv", recvAttempt, bufsize, flags, big)
  })

/** recv once the socket is readable: target the socket, a = bufsize, b = flags, c = the caller's big buffer. */
const recvAttempt = (w: Watcher.WatcherImpl): Effect.Effect<Uint8Array, SocketError> | undefined => {
  const self = w.target as Socket
  const fd = self._fd
  if (fd < 0) return Effect.fail(badFd("recv"))
  const r = recvOnce(fd, w.a, w.b, w.c)
  if (typeof r === "number") return r === -EAGAIN ? undefined : fail(-r, "recv")
  self._drained = r.length < w.a
  return Effect.succeed(r)
}

/**
 * Whether a read should wait for readiness before its first recv(2): the last read emptied the queue,
 * so, as libuv reads only when epoll says so, the syscall that would say EAGAIN is skipped (in a
 * request-reply exchange it always would). Never for a non-blocking call or a zero-byte read.
 */
const waitFirst = (self: Socket, bufsize: number, flags: number): boolean =>
  self._drained && flags === 0 && bufsize > 0 && self._timeoutMs !== 0

/** How many bytes a `*_into` call may read into `buffer` (`nbytes` 0: all of it), or why it may not. */
const intoLength = (buffer: unknown, nbytes: number, name: string): number | SocketError => {
  if (!isBytes(buffer)) return invalid(`${name}() argument must be a Uint8Array`)
  const bad = checkSize(nbytes, `buffersize in ${name}`)
  if (bad !== undefined) return bad
  if (nbytes > buffer.length) return invalid("nbytes is greater than the length of the buffer")
  return nbytes === 0 ? buffer.length : nbytes
}

const recvIntoImpl = (self: Socket, buffer: Uint8Array, nbytes: number, flags: number): Effect.Effect<number, IoError> =>
  Effect.suspend(() => {
    const n = intoLength(buffer, nbytes, "recv_into")
    if (typeof n !== "number") return Effect.fail(n)
    const fd = self._fd
    if (fd < 0) return Effect.fail(badFd("recv_into"))
    if (n === 0) return Effect.succeed(0)
    if (waitFirst(self, n, flags)) return ioCall(self, Watcher.READ, "recv_into", recvIntoAttempt, buffer, n, flags)
    if (mustYield(self)) return Effect.andThen(Effect.yieldNow, recvIntoImpl(self, buffer, nbytes, flags))
    const r = native.recv(fd, buffer, 0, n, flags)
    if (r >= 0) {
      self._drained = r < n
      return completed(self, r)
    }
    if (r !== -EAGAIN || (flags & MSG_DONTWAIT) !== 0) return fail(-r, "recv_into")
    return ioCall(self, Watcher.READ, "recv_into", recvIntoAttempt, buffer, n, flags)
  })

/** recv_into once the socket is readable: a = the buffer, b = how many bytes, c = flags. */
const recvIntoAttempt = (w: Watcher.WatcherImpl): Effect.Effect<number, SocketError> | undefined => {
  const self = w.target as Socket
  const fd = self._fd
  if (fd < 0) return Effect.fail(badFd("recv_into"))
  const r = native.recv(fd, w.a, 0, w.b, w.c)
  if (r < 0) return r === -EAGAIN ? undefined : fail(-r, "recv_into")
  self._drained = r < w.b
  return Effect.succeed(r)
}

const recvfromIntoImpl = Effect.fnUntraced(function*(self: Socket, buffer: Uint8Array, nbytes: number, flags: number) {
  const n = intoLength(buffer, nbytes, "recvfrom_into")
  if (typeof n !== "number") return yield* Effect.fail(n)
  let deadline = -2
  while (true) {
    const fd = self._fd
    if (fd < 0) return yield* Effect.fail(badFd("recvfrom_into"))
    const r = native.recvfrom(fd, buffer, 0, n, flags)
    if (typeof r !== "number") return [r[0], r[1] as Address | null] as const
    if (r !== -EAGAIN || (flags & MSG_DONTWAIT) !== 0) return yield* fail(-r, "recvfrom_into")
    if (deadline === -2) deadline = deadlineOf(self)
    yield* waitIo(self, Watcher.READ, deadline, "recvfrom_into")
  }
})

const recvfromImpl = Effect.fnUntraced(function*(self: Socket, bufsize: number, flags: number) {
  const bad = checkSize(bufsize, "buffersize in recvfrom")
  if (bad !== undefined) return yield* Effect.fail(bad)
  const big = bigBuffer(bufsize, flags)
  let deadline = -2
  while (true) {
    const fd = self._fd
    if (fd < 0) return yield* Effect.fail(badFd("recvfrom"))
    const truncating = clearForTruncation(big, bufsize, flags)
    const r = native.recvfrom(fd, big ?? scratch, 0, bufsize, flags)
    if (typeof r !== "number") return [takeRead(big, truncating ? Math.min(r[0], bufsize) : r[0]), r[1] as Address | null] as const
    if (r !== -EAGAIN || (flags & MSG_DONTWAIT) !== 0) return yield* fail(-r, "recvfrom")
    if (deadline === -2) deadline = deadlineOf(self)
    yield* waitIo(self, Watcher.READ, deadline, "recvfrom")
  }
})

/** @internal send without the `close()` check (files use it). */
export const sendImpl = (self: Socket, data: Uint8Array, flags: number): Effect.Effect<number, IoError> =>
  Effect.suspend(() => {
    if (!isBytes(data)) return Effect.fail(invalid("a bytes-like object is required"))
    const fd = self._fd
    if (fd < 0) return Effect.fail(badFd("send"))
    if (data.length === 0) return Effect.succeed(0)
    if (mustYield(self)) return Effect.andThen(Effect.yieldNow, sendImpl(self, data, flags))
    const r = native.send(fd, data, 0, data.length, flags)
    if (r >= 0) return completed(self, r)
    if (r !== -EAGAIN || (flags & MSG_DONTWAIT) !== 0) return fail(-r, "send")
    return ioCall(self, Watcher.WRITE, "send", sendAttempt, data, flags)
  })

/** send once the socket is writable: a = the data, b = flags. */
const sendAttempt = (w: Watcher.WatcherImpl): Effect.Effect<number, SocketError> | undefined => {
  const fd = (w.target as Socket)._fd
  if (fd < 0) return Effect.fail(badFd("send"))
  const data = w.a as Uint8Array
  const r = native.send(fd, data, 0, data.length, w.b)
  if (r >= 0) return Effect.succeed(r)
  return r === -EAGAIN ? undefined : fail(-r, "send")
}

/**
 * sendall without the `close()` check (files use it). The first send runs without a generator: most
 * complete at once; only a full send buffer takes the waiting loop, whose deadline bounds the whole call.
 *
 * @internal
 */
export const sendallImpl = (self: Socket, data: Uint8Array, flags: number): Effect.Effect<void, IoError> =>
  Effect.suspend(() => {
    if (!isBytes(data)) return Effect.fail(invalid("a bytes-like object is required"))
    const fd = self._fd
    if (fd < 0) return Effect.fail(badFd("sendall"))
    const total = data.length
    if (total > 0 && mustYield(self)) return Effect.andThen(Effect.yieldNow, sendallImpl(self, data, flags))
    const r = total === 0 ? 0 : native.send(fd, data, 0, total, flags)
    if (r === total) return completedVoid(self)
    if (r < 0 && (r !== -EAGAIN || (flags & MSG_DONTWAIT) !== 0)) return fail(-r, "sendall")
    if ((flags & MSG_DONTWAIT) !== 0) return sendallNoWait(fd, data, r, flags)
    // The socket timeout bounds the whole call: one wait, re-armed until everything is sent.
    return ioCall(self, Watcher.WRITE, "sendall", sendallAttempt, data, r < 0 ? 0 : r, flags)
  })

/**
 * sendall with MSG_DONTWAIT: sends what the socket takes now and fails with EAGAIN at its first
 * refusal, without waiting, as CPython's sendall raises BlockingIOError there (the bytes before it
 * are sent).
 */
const sendallNoWait = (fd: number, data: Uint8Array, sent: number, flags: number): Effect.Effect<void, SocketError> => {
  while (sent < data.length) {
    const r = native.send(fd, data, sent, data.length - sent, flags)
    if (r < 0) return fail(-r, "sendall")
    sent += r
  }
  return Effect.void
}

/** sendall once the socket is writable: a = the data, b = how much is sent (updated), c = flags. */
const sendallAttempt = (w: Watcher.WatcherImpl): Effect.Effect<void, SocketError> | undefined => {
  const data = w.a as Uint8Array
  const total = data.length
  while (true) {
    const fd = (w.target as Socket)._fd
    if (fd < 0) return Effect.fail(badFd("sendall"))
    const r = native.send(fd, data, w.b, total - w.b, w.c)
    if (r < 0) return r === -EAGAIN ? undefined : fail(-r, "sendall")
    w.b += r
    if (w.b >= total) return Effect.void
  }
}

const sendtoImpl = Effect.fnUntraced(function*(self: Socket, data: Uint8Array, flags: number, address: Address) {
  if (!isBytes(data)) return yield* Effect.fail(invalid("a bytes-like object is required"))
  let deadline = -2
  while (true) {
    const fd = self._fd
    if (fd < 0) return yield* Effect.fail(badFd("sendto"))
    const r = native.sendto(fd, data, 0, data.length, flags, self.family, address)
    if (r >= 0) return r
    if (r !== -EAGAIN || (flags & MSG_DONTWAIT) !== 0) return yield* fail(-r, "sendto")
    if (deadline === -2) deadline = deadlineOf(self)
    yield* waitIo(self, Watcher.WRITE, deadline, "sendto")
  }
})

const sendfileImpl = Effect.fnUntraced(function*(self: Socket, file: number, offset: number, count: number | undefined) {
  if (self._timeoutMs === 0) return yield* Effect.fail(invalid("the socket must be in blocking mode"))
  if (!Number.isInteger(file) || file < 0) return yield* fail(EBADF, "sendfile")
  if (!Number.isInteger(offset) || offset < 0) return yield* Effect.fail(invalid("offset must be a non-negative integer"))
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
    return yield* Effect.fail(invalid("count must be a positive integer"))
  }
  let left: number
  if (count === undefined || count === 0) {
    let size: number
    try {
      size = fstatSync(file).size
    } catch (e) {
      return yield* fail((e as NodeJS.ErrnoException).errno ? -(e as NodeJS.ErrnoException).errno! : EBADF, "fstat")
    }
    left = Math.max(0, size - offset)
  } else {
    left = count
  }
  const deadline = deadlineOf(self)
  let sent = 0
  let pos = offset
  while (left > 0) {
    const fd = self._fd
    if (fd < 0) return yield* Effect.fail(badFd("sendfile"))
    const r = native.sendfile(fd, file, pos, Math.min(left, 0x7ffff000))
    if (r === 0) break
    if (r > 0) {
      sent += r
      pos += r
      left -= r
      continue
    }
    if (r !== -EAGAIN) return yield* fail(-r, "sendfile")
    yield* waitIo(self, Watcher.WRITE, deadline, "sendfile")
  }
  return sent
})

/** The longest pause between connect(2) attempts to a Unix listener with a full backlog. */
const UNIX_BACKOFF_MAX_MS = 100

/** Sleeps `ms` between connect attempts; closing the socket ends the sleep at once (the loop then sees EBADF). */
const backoffSleep = (self: Socket, ms: number): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const timer = setTimeout(() => {
      self._wakeOnClose = undefined
      resume(Effect.void)
    }, ms)
    self._wakeOnClose = () => {
      clearTimeout(timer)
      resume(Effect.void)
    }
    return Effect.sync(() => {
      clearTimeout(timer)
      self._wakeOnClose = undefined
    })
  })

const connectImpl = Effect.fnUntraced(function*(self: Socket, address: Address) {
  if (self._closed) return yield* Effect.fail(badFd("connect"))
  const checked = checkAddress(self.family, address)
  if (checked instanceof SocketError) return yield* Effect.fail(checked)
  const addr = checked !== undefined ? checked : yield* resolveAddress(self.family, address)
  const deadline = deadlineOf(self)
  let waited = false
  let backoff = 1
  while (true) {
    const fd = self._fd
    if (fd < 0) return yield* Effect.fail(badFd("connect"))
    const r = native.connect(fd, self.family, addr)
    if (r === 0) return
    if (waited && r === -EISCONN) return
    if (r !== -EINPROGRESS && r !== -EAGAIN && r !== -EALREADY) return yield* fail(-r, "connect")
    if (self._timeoutMs === 0) return yield* fail(-r, "connect")
    if (r === -EAGAIN && self.family === AF_UNIX) {
      // The listener's backlog is full. An unconnected Unix socket always polls writable, so waiting
      // for writability would spin; nothing signals room again, so back off instead.
      const ms = deadline < 0 ? backoff : Math.min(backoff, deadline - performance.now())
      if (ms <= 0) return yield* Effect.fail(new SocketTimeout())
      yield* backoffSleep(self, ms)
      backoff = Math.min(backoff * 2, UNIX_BACKOFF_MAX_MS)
      continue
    }
    // Wait for writability, then read the outcome from SO_ERROR; a spurious wake-up waits again.
    while (true) {
      yield* waitIo(self, Watcher.WRITE, deadline, "connect")
      waited = true
      if (self._fd < 0) return yield* Effect.fail(badFd("connect"))
      const [gr, err] = native.getsockoptInt(self._fd, SOL_SOCKET, SO_ERROR)
      if (gr < 0) return yield* fail(-gr, "connect")
      if (err !== 0 && err !== undefined) return yield* fail(err, "connect")
      if (r === -EAGAIN) break // EAGAIN from another family: connect once more
      const peer = native.getpeername(self._fd)
      if (typeof peer !== "number" || peer !== -ENOTCONN) return
    }
  }
})

const acceptImpl = (self: Socket): Effect.Effect<readonly [Socket, Address], IoError, Scope.Scope> =>
  Effect.flatMap(Effect.scope, (scope) => DefaultTimeout.use((timeout) => acceptInto(self, scope, timeout)))

/**
 * accept(2) with the new socket owned by `scope` from the moment it exists, starting with `timeout`.
 * `serve` calls it with what it read once, instead of looking both up for every connection.
 *
 * @internal
 */
export const acceptInto = (self: Socket, scope: Scope.Scope, timeout: number | null): Effect.Effect<readonly [Socket, Address], IoError> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.suspend(() => {
      if (self._closed) return Effect.fail(badFd("accept"))
      // A full backlog is taken BUDGET connections at a time (gevent's StreamServer: max_accept), then
      // the other fibers run; the yield comes before accept(2), so no new socket waits through it. The
      // accept after it runs restored too: its own mask would otherwise keep its wait uninterruptible.
      if (overBudget(self)) return restore(Effect.andThen(Effect.yieldNow, acceptInto(self, scope, timeout)))
      return acceptOnce(self, scope, timeout) ?? restore(ioCall(self, Watcher.READ, "accept", acceptAttempt, scope, timeout))
    })
  )

/** One accept(2): the new socket reaches `scope` before anything else runs (in the fiber or in a wake-up). */
const acceptOnce = (self: Socket, scope: Scope.Scope, timeout: number | null): Effect.Effect<readonly [Socket, Address], SocketError> | undefined => {
  const fd = self._fd
  if (fd < 0) return Effect.fail(badFd("accept"))
  const r = native.accept(fd)
  if (typeof r === "number") return r === -EAGAIN ? undefined : fail(-r, "accept")
  const sock = new Socket(r[0], self.family, self.type, self.proto, timeout)
  return Effect.uninterruptible(Effect.as(Scope.addFinalizer(scope, sock.close()), [sock, r[1] as Address] as const))
}

/** accept once the listener is readable: a = the scope, b = the timeout. */
const acceptAttempt = (w: Watcher.WatcherImpl) => acceptOnce(w.target as Socket, w.a, w.b)

/**
 * Opens a socket in the caller's `Scope` (closed when the scope closes, or earlier by `close()`).
 * It starts with `DefaultTimeout`; `SOCK_NONBLOCK` in `type` makes it non-blocking instead, and
 * `type` reads without `SOCK_NONBLOCK` and `SOCK_CLOEXEC` (every socket here is close-on-exec), as in
 * CPython. With `fileno` it adopts that fd, as CPython's `socket(fileno=fd)`: the fd must be a socket
 * (ENOTSOCK otherwise), is made non-blocking, and is closed with the socket; a family, type or proto
 * left out (or -1) is read from it (SO_DOMAIN, SO_TYPE, SO_PROTOCOL: Linux; elsewhere pass the family).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { socket, AF_INET6, SOCK_DGRAM } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const udp = yield* socket(AF_INET6, SOCK_DGRAM)
 *   yield* udp.bind(["::1", 0])
 *   const [host, port] = (yield* udp.getsockname()) as readonly [string, number]
 * }))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const socket = (
  family?: number,
  type?: number,
  proto?: number,
  fileno?: number | null
): Effect.Effect<Socket, SocketError, Scope.Scope> =>
  Effect.acquireRelease(
    fileno === undefined || fileno === null
      ? makeUnscoped(family ?? AF_INET, type ?? SOCK_STREAM, proto ?? 0)
      : adoptUnscoped(fileno, family, type, proto, "socket"),
    (s) => s.close()
  )

/**
 * A socket over an fd that exists already (CPython's `socket(fileno=fd)`), owned by it from now on:
 * closing the socket closes the fd. The fd must be a socket, or this fails with ENOTSOCK as CPython
 * does (EBADF for a closed one); it is made non-blocking, as the hub needs. A family, type or proto
 * left out (or -1) is read from the fd: SO_DOMAIN, SO_TYPE and SO_PROTOCOL, which are Linux's (elsewhere
 * the family must be given, and the proto left out is 0).
 *
 * @internal
 */
export const adoptUnscoped = (
  fd: number,
  family: number | undefined,
  type: number | undefined,
  proto: number | undefined,
  syscall: string
): Effect.Effect<Socket, SocketError> =>
  DefaultTimeout.use((timeout) => {
    if (!isInt32(fd) || fd < 0) return Effect.fail(badFd(syscall))
    for (const v of [family, type, proto]) {
      if (v !== undefined && !isInt32(v)) return Effect.fail(invalid(`${syscall}(): arguments must be integers`))
    }
    const [r, kind] = native.getsockoptInt(fd, SOL_SOCKET, SO_TYPE)
    if (r < 0) return fail(-r, syscall)
    const read = (given: number | undefined, option: number | undefined, otherwise: number | undefined): number | undefined => {
      if (given !== undefined && given !== -1) return given
      if (option === undefined) return otherwise
      const [rr, value] = native.getsockoptInt(fd, SOL_SOCKET, option)
      return rr < 0 ? otherwise : value
    }
    const fam = read(family, SO_DOMAIN, undefined)
    if (fam === undefined) return Effect.fail(invalid(`${syscall}(): the family of fd ${fd} must be given on this platform`))
    const nb = native.setNonblocking(fd, 1)
    if (nb < 0) return fail(-nb, "fcntl")
    const kindGiven = read(type, undefined, kind!)!
    return Effect.succeed(new Socket(fd, fam, kindGiven, read(proto, SO_PROTOCOL, 0)!, typeTimeout(kindGiven, timeout)))
  })

/** As CPython: SOCK_NONBLOCK in `type` makes the socket non-blocking (timeout 0), whatever the default. */
const typeTimeout = (type: number, timeout: number | null): number | null =>
  SOCK_NONBLOCK !== undefined && (type & SOCK_NONBLOCK) !== 0 ? 0 : timeout

/**
 * A socket nobody owns yet: the caller must close it or hand it to a scope.
 *
 * @internal
 */
export const makeUnscoped = (family: number, type: number, proto: number): Effect.Effect<Socket, SocketError> =>
  DefaultTimeout.use((timeout) => {
    for (const v of [family, type, proto]) {
      if (typeof v !== "number" || !Number.isInteger(v)) return Effect.fail(invalid("socket(): arguments must be integers"))
    }
    const fd = native.socket(family, type & TYPE_MASK, proto)
    if (fd < 0) return fail(-fd, "socket")
    return Effect.succeed(new Socket(fd, family, type, proto, typeTimeout(type, timeout)))
  })
