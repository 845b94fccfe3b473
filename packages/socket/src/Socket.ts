/**
 * The cooperative socket: Python's `socket.socket` where every call that would block suspends only the
 * calling fiber. Each call tries the syscall first; only on `EAGAIN` does it wait on the socket's own
 * read or write watcher (with what is left of the socket timeout), then it tries again.
 *
 * This module is the public face: the `Socket` interface, `isSocket` and the constructors. The state
 * and the calls live in `internal/` (socket.ts, io.ts with the one non-blocking driver, recv.ts,
 * send.ts, connect.ts).
 *
 * @since 0.1.0
 */
import { type Address, cancelWait, type ConcurrentObjectUseError, DefaultTimeout, type GaiError, SocketError } from "@greenfiber/core"
import { Native, Watcher } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"
import { checkAddress, invalid, resolveAddress } from "./address.ts"
import {
  AF_INET,
  SHUT_RD,
  SHUT_RDWR,
  SHUT_WR,
  SO_DOMAIN,
  SO_PROTOCOL,
  SO_TYPE,
  SOCK_NONBLOCK,
  SOCK_STREAM,
  SOL_SOCKET,
  SOMAXCONN
} from "./constants.ts"
import { connectImpl } from "./internal/connect.ts"
import { attemptNow, badFd, EAGAIN, fail, type IoError, mustYield, type Op, waitIo } from "./internal/io.ts"
import { recvfromImpl, recvfromIntoImpl, recvImpl, recvIntoImpl } from "./internal/recv.ts"
import { sendallImpl, sendfileImpl, sendImpl, sendtoImpl } from "./internal/send.ts"
import { SocketState, TYPE_MASK } from "./internal/socket.ts"
import type { SocketFile } from "./makefile.ts"
import { makeFile } from "./makefile.ts"
import type { RecvmsgIntoResult, RecvmsgResult } from "./msg.ts"
import { recvmsgImpl, recvmsgIntoImpl, sendmsgImpl } from "./msg.ts"

export type { IoError } from "./internal/io.ts"
/**
 * The calls the TLS layer (`ssl/`) drives a raw socket with, kept importable from here.
 *
 * @internal
 */
export { badFd, deadlineOf, overBudget, waitIo } from "./internal/io.ts"

const native = Native.native

const isInt32 = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u) && u >= -(2 ** 31) && u < 2 ** 31

/**
 * Tags every greenfiber socket, for `isSocket`.
 *
 * @since 0.1.0
 * @category type ids
 */
export const SocketTypeId: unique symbol = Symbol.for("@greenfiber/socket/Socket")

/**
 * @since 0.1.0
 * @category type ids
 */
export type SocketTypeId = typeof SocketTypeId

/**
 * A cooperative socket, Python's `socket.socket`. Create one with `socket`, `createConnection`,
 * `createServer`, `socketpair`, `fromfd` or `accept`; each belongs to a `Scope` and is closed with it.
 * `fileno`, `gettimeout`, `settimeout`, `setblocking`, `getblocking`, `close` and `detach` come from
 * the socket's state; the calls below do I/O.
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
export interface Socket extends SocketState {
  readonly [SocketTypeId]: SocketTypeId
  /** Binds to an address (`[host, port]`, `[host, port, flowinfo, scopeId]`, or a Unix path). */
  bind(address: Address): Effect.Effect<void, SocketError | GaiError>
  /** Starts listening; the default backlog is `min(SOMAXCONN, 128)`, as in Python. */
  listen(backlog?: number): Effect.Effect<void, SocketError>
  /**
   * Accepts a connection: `[socket, address]`. The new socket belongs to the caller's `Scope` and
   * starts with `DefaultTimeout`, as in CPython.
   */
  accept(): Effect.Effect<readonly [Socket, Address], IoError, Scope.Scope>
  /** Connects, waiting for the connection with the socket timeout; a host name is resolved first. */
  connect(address: Address): Effect.Effect<void, IoError | GaiError>
  /**
   * Like `connect`, but returns the errno (0 on success) instead of failing for an OS error. A
   * malformed address still fails with `SocketError` (EINVAL), as CPython raises for it.
   */
  connectEx(address: Address): Effect.Effect<number, SocketError | GaiError | ConcurrentObjectUseError>
  /** Receives up to `bufsize` bytes; an empty array at EOF. */
  recv(bufsize: number, flags?: number): Effect.Effect<Uint8Array, IoError>
  /** Receives up to `bufsize` bytes and the sender's address (`null` when the OS gives none, as TCP). */
  recvfrom(bufsize: number, flags?: number): Effect.Effect<readonly [Uint8Array, Address | null], IoError>
  /** Receives into `buffer` (at most `nbytes`, default its length); returns the count. */
  recvInto(buffer: Uint8Array, nbytes?: number, flags?: number): Effect.Effect<number, IoError>
  /** Receives into `buffer` and returns `[count, address]`. */
  recvfromInto(buffer: Uint8Array, nbytes?: number, flags?: number): Effect.Effect<readonly [number, Address | null], IoError>
  /** Sends some of `data`; returns the count (in blocking mode at least one byte; 0 for empty data). */
  send(data: Uint8Array, flags?: number): Effect.Effect<number, IoError>
  /** Sends all of `data` or fails; the socket timeout bounds the whole call. */
  sendall(data: Uint8Array, flags?: number): Effect.Effect<void, IoError>
  /** `sendto(data, address)` or `sendto(data, flags, address)`: returns the count. */
  sendto(data: Uint8Array, address: Address): Effect.Effect<number, IoError | GaiError>
  sendto(data: Uint8Array, flags: number, address: Address): Effect.Effect<number, IoError | GaiError>
  /**
   * Sends `count` bytes (default: to the end) of the file `fd` from `offset` with `sendfile(2)`.
   * Returns the count. On a non-blocking socket it fails with `EINVAL`. The file position is not moved.
   */
  sendfile(fd: number, offset?: number, count?: number): Effect.Effect<number, IoError>
  /**
   * Sends the bytes of `buffers` (gathered, as one message) with ancillary data `ancdata`
   * (`[level, type, data]` items, e.g. `[SOL_SOCKET, SCM_RIGHTS, Int32Array.of(fd)]`), to `address`
   * when given (a name is resolved first). Returns the count of bytes sent. CPython's `sendmsg`.
   */
  sendmsg(
    buffers: Iterable<ArrayBufferView>,
    ancdata?: Iterable<readonly [number, number, ArrayBufferView]>,
    flags?: number,
    address?: Address | null
  ): Effect.Effect<number, IoError | GaiError>
  /**
   * Receives up to `bufsize` bytes and up to `ancbufsize` bytes of ancillary data (size it with
   * `CMSG_SPACE`): `[data, ancdata, msgFlags, address]`. Fds that arrive in `SCM_RIGHTS` items are
   * close-on-exec and the caller's to close. CPython's `recvmsg`.
   */
  recvmsg(bufsize: number, ancbufsize?: number, flags?: number): Effect.Effect<RecvmsgResult, IoError>
  /** `recvmsg` scattering the data into `buffers`, in order: `[nbytes, ancdata, msgFlags, address]`. */
  recvmsgInto(buffers: Iterable<ArrayBufferView>, ancbufsize?: number, flags?: number): Effect.Effect<RecvmsgIntoResult, IoError>
  /** Shuts down one or both halves; `SHUT_RD` wakes a waiting reader, `SHUT_WR` a waiting writer (EBADF). */
  shutdown(how: number): Effect.Effect<void, SocketError>
  /** A new socket over a duplicate of the fd, with the same timeout; it belongs to the caller's `Scope`. */
  dup(): Effect.Effect<Socket, SocketError, Scope.Scope>
  /** The local address. */
  getsockname(): Effect.Effect<Address, SocketError>
  /** The peer's address (`ENOTCONN` when not connected). */
  getpeername(): Effect.Effect<Address, SocketError>
  /** An integer option, or with `buflen` the raw bytes (at most `buflen`, up to 1024). */
  getsockopt(level: number, name: number): Effect.Effect<number, SocketError>
  getsockopt(level: number, name: number, buflen: number): Effect.Effect<Uint8Array, SocketError>
  /** Sets an option to an integer or to raw bytes. */
  setsockopt(level: number, name: number, value: number | Uint8Array): Effect.Effect<void, SocketError>
  /**
   * A buffered file over the socket (`"r"`, `"w"`, `"rw"`, with `"b"` for bytes; text is UTF-8). The
   * file belongs to the caller's `Scope`; the fd closes when the socket and all its files are closed.
   */
  makefile(mode: "rb" | "wb" | "rwb" | "wrb" | "br" | "bw"): Effect.Effect<SocketFile<Uint8Array>, SocketError, Scope.Scope>
  makefile(mode?: "r" | "w" | "rw" | "wr"): Effect.Effect<SocketFile<string>, SocketError, Scope.Scope>
  makefile(mode: string): Effect.Effect<SocketFile<string> | SocketFile<Uint8Array>, SocketError, Scope.Scope>
}

/**
 * Whether `u` is a greenfiber socket (a TLS socket from `@greenfiber/socket/ssl` is not one: it wraps one).
 *
 * @example
 * ```ts
 * import { isSocket } from "@greenfiber/socket"
 *
 * isSocket({ fileno: () => 3 }) // false
 * ```
 * @since 0.1.0
 * @category guards
 */
export const isSocket = (u: unknown): u is Socket => typeof u === "object" && u !== null && SocketTypeId in u

class SocketImpl extends SocketState implements Socket {
  get [SocketTypeId](): SocketTypeId {
    return SocketTypeId
  }

  bind(address: Address): Effect.Effect<void, SocketError | GaiError> {
    return Effect.flatMap(resolveAddress(this.family, address), (addr) => {
      if (!this._live()) return Effect.fail(badFd("bind"))
      const r = native.bind(this._fd, this.family, addr)
      return r < 0 ? fail(-r, "bind") : Effect.void
    })
  }

  listen(backlog?: number): Effect.Effect<void, SocketError> {
    return Effect.suspend(() => {
      if (!this._live()) return Effect.fail(badFd("listen"))
      const n = backlog === undefined ? Math.min(SOMAXCONN, 128) : backlog
      if (typeof n !== "number" || !Number.isInteger(n)) return Effect.fail(invalid("listen(): backlog must be an integer"))
      const r = native.listen(this._fd, n)
      return r < 0 ? fail(-r, "listen") : Effect.void
    })
  }

  accept(): Effect.Effect<readonly [Socket, Address], IoError, Scope.Scope> {
    return Effect.flatMap(Effect.scope, (scope) => DefaultTimeout.use((timeout) => acceptInto(this, scope, timeout)))
  }

  connect(address: Address): Effect.Effect<void, IoError | GaiError> {
    return connectImpl(this, address)
  }

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

  recv(bufsize: number, flags = 0): Effect.Effect<Uint8Array, IoError> {
    return this._closed ? Effect.fail(badFd("recv")) : recvImpl(this, bufsize, flags)
  }

  recvfrom(bufsize: number, flags = 0): Effect.Effect<readonly [Uint8Array, Address | null], IoError> {
    return this._closed ? Effect.fail(badFd("recvfrom")) : recvfromImpl(this, bufsize, flags)
  }

  recvInto(buffer: Uint8Array, nbytes = 0, flags = 0): Effect.Effect<number, IoError> {
    return this._closed ? Effect.fail(badFd("recv_into")) : recvIntoImpl(this, buffer, nbytes, flags)
  }

  recvfromInto(buffer: Uint8Array, nbytes = 0, flags = 0): Effect.Effect<readonly [number, Address | null], IoError> {
    return this._closed ? Effect.fail(badFd("recvfrom_into")) : recvfromIntoImpl(this, buffer, nbytes, flags)
  }

  send(data: Uint8Array, flags = 0): Effect.Effect<number, IoError> {
    return this._closed ? Effect.fail(badFd("send")) : sendImpl(this, data, flags)
  }

  sendall(data: Uint8Array, flags = 0): Effect.Effect<void, IoError> {
    return this._closed ? Effect.fail(badFd("sendall")) : sendallImpl(this, data, flags)
  }

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

  sendfile(fd: number, offset = 0, count?: number): Effect.Effect<number, IoError> {
    return this._closed ? Effect.fail(badFd("sendfile")) : sendfileImpl(this, fd, offset, count)
  }

  sendmsg(
    buffers: Iterable<ArrayBufferView>,
    ancdata: Iterable<readonly [number, number, ArrayBufferView]> = [],
    flags = 0,
    address: Address | null = null
  ): Effect.Effect<number, IoError | GaiError> {
    return sendmsgImpl(this, buffers, ancdata, flags, address)
  }

  recvmsg(bufsize: number, ancbufsize = 0, flags = 0): Effect.Effect<RecvmsgResult, IoError> {
    return recvmsgImpl(this, bufsize, ancbufsize, flags)
  }

  recvmsgInto(buffers: Iterable<ArrayBufferView>, ancbufsize = 0, flags = 0): Effect.Effect<RecvmsgIntoResult, IoError> {
    return recvmsgIntoImpl(this, buffers, ancbufsize, flags)
  }

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

  dup(): Effect.Effect<Socket, SocketError, Scope.Scope> {
    return Effect.acquireRelease(
      Effect.suspend(() => {
        if (!this._live()) return Effect.fail(badFd("dup"))
        const fd = native.dup(this._fd)
        if (fd < 0) return fail(-fd, "dup")
        return Effect.succeed<Socket>(new SocketImpl(fd, this.family, this.type, this.proto, this._timeout))
      }),
      (s) => s.close()
    )
  }

  getsockname(): Effect.Effect<Address, SocketError> {
    return Effect.suspend(() => {
      if (!this._live()) return Effect.fail(badFd("getsockname"))
      const r = native.getsockname(this._fd)
      return typeof r === "number" ? fail(-r, "getsockname") : Effect.succeed(r as Address)
    })
  }

  getpeername(): Effect.Effect<Address, SocketError> {
    return Effect.suspend(() => {
      if (!this._live()) return Effect.fail(badFd("getpeername"))
      const r = native.getpeername(this._fd)
      return typeof r === "number" ? fail(-r, "getpeername") : Effect.succeed(r as Address)
    })
  }

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

  setsockopt(level: number, name: number, value: number | Uint8Array): Effect.Effect<void, SocketError> {
    return Effect.suspend(() => {
      if (!this._live()) return Effect.fail(badFd("setsockopt"))
      if (typeof value === "boolean") value = value ? 1 : 0
      const r = native.setsockopt(this._fd, level, name, value)
      return r < 0 ? fail(-r, "setsockopt") : Effect.void
    })
  }

  makefile(mode: "rb" | "wb" | "rwb" | "wrb" | "br" | "bw"): Effect.Effect<SocketFile<Uint8Array>, SocketError, Scope.Scope>
  makefile(mode?: "r" | "w" | "rw" | "wr"): Effect.Effect<SocketFile<string>, SocketError, Scope.Scope>
  makefile(mode: string): Effect.Effect<SocketFile<string> | SocketFile<Uint8Array>, SocketError, Scope.Scope>
  makefile(mode = "r"): Effect.Effect<SocketFile<any>, SocketError, Scope.Scope> {
    return makeFile(this, mode)
  }
}

/**
 * The sockets' constructor, so `instanceof Socket` holds for every socket, as when `Socket` was the
 * class; use `isSocket` instead.
 *
 * @internal use `socket`, `fromfd` and friends to make one.
 */
export const Socket: {
  new(fd: number, family: number, type: number, proto: number, timeout: number | null): Socket
  readonly prototype: Socket
} = SocketImpl

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
      // Only the yield and the wait are restored, never the step that hands the new socket to `scope`.
      if (mustYield(self)) return restore(Effect.andThen(Effect.yieldNow, acceptInto(self, scope, timeout)))
      return attemptNow(self, acceptAttempt, scope, timeout) ??
        restore(waitIo(self, Watcher.READ, undefined, "accept", acceptAttempt, scope, timeout))
    })
  )

/**
 * One accept(2), a = the scope, b = the timeout: the new socket reaches the scope before anything else
 * runs (in the fiber or in a wake-up).
 */
const acceptAttempt = (op: Op): Effect.Effect<readonly [Socket, Address], SocketError> | undefined => {
  const self = op.target as Socket
  const fd = self._fd
  if (fd < 0) return Effect.fail(badFd("accept"))
  const r = native.accept(fd)
  if (typeof r === "number") return r === -EAGAIN ? undefined : fail(-r, "accept")
  const sock: Socket = new SocketImpl(r[0], self.family, self.type, self.proto, op.b)
  return Effect.uninterruptible(Effect.as(Scope.addFinalizer(op.a as Scope.Scope, sock.close()), [sock, r[1] as Address] as const))
}

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
    return Effect.succeed<Socket>(new SocketImpl(fd, fam, kindGiven, read(proto, SO_PROTOCOL, 0)!, typeTimeout(kindGiven, timeout)))
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
    return Effect.succeed<Socket>(new SocketImpl(fd, family, type, proto, typeTimeout(type, timeout)))
  })
