/**
 * How the `dns` layer talks to a name server: one UDP exchange or one TCP exchange, each on a fresh
 * non-blocking socket (so every query gets a new random source port from the kernel) that is closed when
 * the exchange ends, fails, times out or is interrupted.
 *
 * Written on `@greenfiber/core` directly (`Native` syscalls, `Watcher`, `waitMillis`): the same
 * try-the-syscall, wait-on-EAGAIN, retry loop as `@greenfiber/socket`, kept here so the resolver has no
 * dependency cycle on the socket package's own name resolution.
 *
 * @since 0.1.0
 */
import { constants, errnos, Native, SocketError, waitMillis, Watcher } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { isIP } from "node:net"

const C = constants
const native = Native.native
const EAGAIN = errnos.EAGAIN!
const EINPROGRESS = errnos.EINPROGRESS!
const EINTR = errnos.EINTR!

/** A name server address `[ip, port]`. @since 0.1.0 @category models */
export type Server = readonly [host: string, port: number]

/** The exchange ran out of time. @internal */
export const TIMEOUT: unique symbol = Symbol.for("@greenfiber/resolver/Transport/TIMEOUT")

interface Sock {
  readonly fd: number
  readonly reader: Watcher.Watcher
  readonly writer: Watcher.Watcher
}

const check = (r: number, syscall: string): Effect.Effect<number, SocketError> =>
  r < 0 ? Effect.fail(SocketError.fromErrno(-r, syscall)) : Effect.succeed(r)

let open = 0

/** Sockets the transport holds open right now (tests use it to prove nothing leaks). @since 0.1.0 @category debugging */
export const openSockets = (): number => open

const openSocket = (server: Server, type: number): Effect.Effect<Sock, SocketError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.gen(function*() {
      const family = isIP(server[0].split("%")[0]!) === 6 ? C.AF_INET6! : C.AF_INET!
      const fd = yield* check(native.socket(family, type, 0), "socket")
      open++
      const watchers = yield* Effect.onError(Effect.all([Watcher.make(fd, Watcher.READ), Watcher.make(fd, Watcher.WRITE)]), () =>
        Effect.sync(() => {
          native.fdClose(fd)
          open--
        }))
      const address = family === C.AF_INET6 ? [server[0], server[1], 0, 0] : [server[0], server[1]]
      const r = native.connect(fd, family, address)
      const sock = { fd, reader: watchers[0], writer: watchers[1] }
      if (r < 0 && -r !== EINPROGRESS && -r !== EAGAIN && -r !== EINTR) {
        close(sock)
        return yield* Effect.fail(SocketError.fromErrno(-r, "connect"))
      }
      return sock
    }),
    (sock) => Effect.sync(() => close(sock))
  )

const close = (sock: Sock) => {
  if (sock.reader.closed) return
  Watcher.closeUnsafe(sock.reader)
  Watcher.closeUnsafe(sock.writer)
  native.fdClose(sock.fd)
  open--
}

const remaining = (deadline: number) => Math.max(0, deadline - performance.now())

/** Waits for readiness until the deadline; false when time ran out. */
const waitUntil = (watcher: Watcher.Watcher, deadline: number): Effect.Effect<boolean, SocketError> =>
  Effect.suspend(() => {
    const ms = remaining(deadline)
    if (ms <= 0) return Effect.succeed(false)
    return waitMillis(watcher, ms, TIMEOUT).pipe(
      Effect.as(true),
      Effect.catch((e) => (e === TIMEOUT ? Effect.succeed(false) : Effect.fail(e as SocketError)))
    )
  })

const soError = (sock: Sock): Effect.Effect<void, SocketError> => {
  const [r, value] = native.getsockoptInt(sock.fd, C.SOL_SOCKET!, C.SO_ERROR!)
  if (r < 0) return Effect.fail(SocketError.fromErrno(-r, "getsockopt"))
  return value ? Effect.fail(SocketError.fromErrno(value, "connect")) : Effect.void
}

const recvOnce = (sock: Sock, buf: Uint8Array, offset: number, deadline: number): Effect.Effect<number | typeof TIMEOUT, SocketError> =>
  Effect.gen(function*() {
    for (;;) {
      const r = native.recv(sock.fd, buf, offset, buf.length - offset, 0)
      if (r >= 0) return r
      if (-r !== EAGAIN && -r !== EINTR) return yield* Effect.fail(SocketError.fromErrno(-r, "recv"))
      if (!(yield* waitUntil(sock.reader, deadline))) return TIMEOUT
    }
  })

const sendAll = (sock: Sock, data: Uint8Array, deadline: number): Effect.Effect<boolean, SocketError> =>
  Effect.gen(function*() {
    let sent = 0
    while (sent < data.length) {
      const r = native.send(sock.fd, data, sent, data.length - sent, C.MSG_NOSIGNAL ?? 0)
      if (r >= 0) {
        sent += r
        continue
      }
      if (-r !== EAGAIN && -r !== EINTR) return yield* Effect.fail(SocketError.fromErrno(-r, "send"))
      if (!(yield* waitUntil(sock.writer, deadline))) return false
      yield* soError(sock)
    }
    return true
  })

/**
 * Sends `query` over UDP to `server` and waits up to `ms` for a datagram `accept` takes; others are
 * dropped (wrong id, wrong question, garbage). Returns the datagram or `TIMEOUT`. A connected socket,
 * so datagrams from any other address are dropped by the kernel, and an ICMP "port unreachable" comes
 * back as `ECONNREFUSED` at once.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Transport } from "@greenfiber/resolver"
 * declare const query: Uint8Array
 * const reply = Transport.udp(["127.0.0.1", 5353], query, () => true, 1000)
 * ```
 * @since 0.1.0
 * @category exchanges
 */
export const udp = (
  server: Server,
  query: Uint8Array,
  accept: (reply: Uint8Array) => boolean,
  ms: number
): Effect.Effect<Uint8Array | typeof TIMEOUT, SocketError> =>
  Effect.scoped(
    Effect.gen(function*() {
      const deadline = performance.now() + ms
      const sock = yield* openSocket(server, C.SOCK_DGRAM!)
      if (!(yield* sendAll(sock, query, deadline))) return TIMEOUT
      const buf = new Uint8Array(65536)
      for (;;) {
        const n = yield* recvOnce(sock, buf, 0, deadline)
        if (n === TIMEOUT) return TIMEOUT
        const datagram = buf.slice(0, n)
        if (accept(datagram)) return datagram
      }
    })
  )

/**
 * Sends `query` over TCP (two-byte length prefix, RFC 1035 4.2.2) and reads replies until one `accept`
 * takes, within `ms`. Returns the reply or `TIMEOUT`; a connection closed early is `ECONNRESET`.
 *
 * @example
 * ```ts
 * import { Transport } from "@greenfiber/resolver"
 * declare const query: Uint8Array
 * const reply = Transport.tcp(["127.0.0.1", 5353], query, () => true, 1000)
 * ```
 * @since 0.1.0
 * @category exchanges
 */
export const tcp = (
  server: Server,
  query: Uint8Array,
  accept: (reply: Uint8Array) => boolean,
  ms: number
): Effect.Effect<Uint8Array | typeof TIMEOUT, SocketError> =>
  Effect.scoped(
    Effect.gen(function*() {
      const deadline = performance.now() + ms
      const sock = yield* openSocket(server, C.SOCK_STREAM!)
      const framed = new Uint8Array(query.length + 2)
      framed[0] = query.length >> 8
      framed[1] = query.length & 0xff
      framed.set(query, 2)
      if (!(yield* sendAll(sock, framed, deadline))) return TIMEOUT
      let buf = new Uint8Array(4096)
      let have = 0
      for (;;) {
        while (have >= 2) {
          const len = (buf[0]! << 8) | buf[1]!
          if (have < len + 2) break
          const reply = buf.slice(2, 2 + len)
          buf.copyWithin(0, 2 + len, have)
          have -= 2 + len
          if (accept(reply)) return reply
        }
        if (have === buf.length) {
          const bigger = new Uint8Array(buf.length * 2)
          bigger.set(buf)
          buf = bigger
        }
        const n = yield* recvOnce(sock, buf, have, deadline)
        if (n === TIMEOUT) return TIMEOUT
        if (n === 0) return yield* Effect.fail(SocketError.fromErrno(errnos.ECONNRESET!, "recv"))
        have += n
      }
    })
  )
