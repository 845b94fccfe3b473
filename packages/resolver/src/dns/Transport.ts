/**
 * How the `dns` layer talks to a name server: one UDP exchange or one TCP exchange, each on a fresh
 * greenfiber socket (`@greenfiber/socket`; so every query gets a new random source port from the kernel)
 * that is closed when the exchange ends, fails, times out or is interrupted. Only the calling fiber waits.
 *
 * @since 0.1.0
 */
import { errnos, SocketError } from "@greenfiber/core"
import { AF_INET, AF_INET6, SOCK_DGRAM, SOCK_STREAM, type Socket, socket } from "@greenfiber/socket"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { isIP } from "node:net"

/** A name server address `[ip, port]`. @since 0.1.0 @category models */
export type Server = readonly [host: string, port: number]

/** The exchange ran out of time. @since 0.1.0 @category models */
export const TIMEOUT: unique symbol = Symbol.for("@greenfiber/resolver/Transport/TIMEOUT")

let open = 0

/**
 * Sockets the transport holds open right now (tests use it to prove nothing leaks).
 *
 * @example
 * ```ts
 * import { Transport } from "@greenfiber/resolver"
 * Transport.openSockets() // 0 when no lookup is running
 * ```
 * @since 0.1.0
 * @category debugging
 */
export const openSockets = (): number => open

const remaining = (deadline: number) => (deadline - performance.now()) / 1000

const openSocket = (server: Server, type: number): Effect.Effect<Socket, SocketError, Scope.Scope> =>
  Effect.gen(function*() {
    const sock = yield* socket(isIP(server[0].split("%")[0]!) === 6 ? AF_INET6 : AF_INET, type)
    open++
    // Finalizers run last-in first-out: this one, then the socket's own close.
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        open--
      })
    )
    return sock
  })

/** Runs an I/O step with the time left; a socket timeout becomes `TIMEOUT`, other errors `SocketError`. */
const timed = <A>(sock: Socket, deadline: number, step: Effect.Effect<A, unknown>): Effect.Effect<A | typeof TIMEOUT, SocketError> =>
  Effect.gen(function*() {
    const left = remaining(deadline)
    if (left <= 0) return TIMEOUT
    yield* Effect.orDie(sock.settimeout(left))
    return yield* step
  }).pipe(
    Effect.catch((e: unknown) =>
      (e as { _tag?: string })._tag === "SocketTimeout"
        ? Effect.succeed(TIMEOUT)
        : Effect.fail(e instanceof SocketError ? e : SocketError.fromErrno(errnos.EIO!, "dns"))
    )
  )

const address = (server: Server) => (isIP(server[0].split("%")[0]!) === 6 ? ([server[0], server[1], 0, 0] as const) : server)

/**
 * Sends `query` over UDP to `server` and waits up to `ms` for a datagram `accept` takes (gives a value
 * for, not `undefined`); others are dropped (wrong id, wrong question, garbage). Returns what `accept`
 * gave or `TIMEOUT`. Datagrams are read `size` bytes at most (the rest of a longer one is lost: a
 * caller that reads one byte more than it allows sees that it was too long). A connected socket, so
 * datagrams from any other address are dropped by the kernel, and an ICMP "port unreachable" comes back
 * as `ECONNREFUSED` at once.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Transport } from "@greenfiber/resolver"
 * declare const query: Uint8Array
 * const reply = Transport.udp(["127.0.0.1", 5353], query, (datagram) => datagram.slice(), 1000)
 * ```
 * @since 0.1.0
 * @category exchanges
 */
export const udp = <A>(
  server: Server,
  query: Uint8Array,
  accept: (reply: Uint8Array) => A | undefined,
  ms: number,
  size = 65536
): Effect.Effect<A | typeof TIMEOUT, SocketError> =>
  Effect.scoped(
    Effect.gen(function*() {
      const deadline = performance.now() + ms
      const sock = yield* openSocket(server, SOCK_DGRAM)
      if ((yield* timed(sock, deadline, sock.connect(address(server)))) === TIMEOUT) return TIMEOUT
      if ((yield* timed(sock, deadline, sock.send(query))) === TIMEOUT) return TIMEOUT
      for (;;) {
        const datagram = yield* timed(sock, deadline, sock.recv(size))
        if (datagram === TIMEOUT) return TIMEOUT
        const taken = accept(datagram)
        if (taken !== undefined) return taken
      }
    })
  )

/** No DNS message is shorter than its 12-byte header. */
const HEADER = 12

/**
 * Bytes read from a stream and not yet consumed: appended at the end, taken from the front by an offset,
 * so that neither costs more than the bytes it moves (a copy of the rest per frame made a server's
 * stream of empty frames quadratic: a 2 s stall). It grows by doubling and compacts only when full.
 */
class StreamBuffer {
  private buf = new Uint8Array(4096)
  private start = 0
  private end = 0
  get length() {
    return this.end - this.start
  }
  byte(i: number): number {
    return this.buf[this.start + i]!
  }
  append(chunk: Uint8Array) {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.length
      const target = this.buf.length >= live + chunk.length ? this.buf : new Uint8Array(Math.max(this.buf.length * 2, live + chunk.length))
      target.set(this.buf.subarray(this.start, this.end))
      this.buf = target
      this.start = 0
      this.end = live
    }
    this.buf.set(chunk, this.end)
    this.end += chunk.length
  }
  /** The next `n` bytes, as a view (valid until the next `append`), consumed. */
  take(n: number): Uint8Array {
    const out = this.buf.subarray(this.start, this.start + n)
    this.start += n
    return out
  }
}

/**
 * Sends `query` over TCP (two-byte length prefix, RFC 1035 4.2.2) and reads replies until one `accept`
 * takes (gives a value for, from a view of the frame valid only during the call), within `ms`. Returns
 * what `accept` gave or `TIMEOUT`; a connection closed early is `ECONNRESET`, and a frame too short to
 * be a DNS message (under 12 bytes) ends the exchange with `EPROTO`: no server sends one, and a stream
 * of them is only work for us.
 *
 * @example
 * ```ts
 * import { Transport } from "@greenfiber/resolver"
 * declare const query: Uint8Array
 * const reply = Transport.tcp(["127.0.0.1", 5353], query, (frame) => frame.slice(), 1000)
 * ```
 * @since 0.1.0
 * @category exchanges
 */
export const tcp = <A>(
  server: Server,
  query: Uint8Array,
  accept: (reply: Uint8Array) => A | undefined,
  ms: number
): Effect.Effect<A | typeof TIMEOUT, SocketError> =>
  Effect.scoped(
    Effect.gen(function*() {
      const deadline = performance.now() + ms
      const sock = yield* openSocket(server, SOCK_STREAM)
      if ((yield* timed(sock, deadline, sock.connect(address(server)))) === TIMEOUT) return TIMEOUT
      const framed = new Uint8Array(query.length + 2)
      framed[0] = query.length >> 8
      framed[1] = query.length & 0xff
      framed.set(query, 2)
      if ((yield* timed(sock, deadline, sock.sendall(framed))) === TIMEOUT) return TIMEOUT
      const buf = new StreamBuffer()
      for (;;) {
        while (buf.length >= 2) {
          const len = (buf.byte(0) << 8) | buf.byte(1)
          if (len < HEADER) return yield* Effect.fail(SocketError.fromErrno(errnos.EPROTO!, "recv"))
          if (buf.length < len + 2) break
          buf.take(2)
          const reply = buf.take(len)
          const taken = accept(reply)
          if (taken !== undefined) return taken
        }
        const chunk = yield* timed(sock, deadline, sock.recv(65536))
        if (chunk === TIMEOUT) return TIMEOUT
        if (chunk.length === 0) return yield* Effect.fail(SocketError.fromErrno(errnos.ECONNRESET!, "recv"))
        buf.append(chunk)
      }
    })
  )
