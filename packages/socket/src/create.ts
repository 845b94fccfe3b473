/**
 * Module-level constructors: `createConnection`, `createServer`, `socketpair`, `fromfd`, as CPython's
 * `socket.create_connection`, `create_server`, `socketpair` and `fromfd`.
 *
 * @since 0.1.0
 */
import {
  type Address,
  ConcurrentObjectUseError,
  DefaultTimeout,
  errnoValue,
  type GaiError,
  Resolver,
  SocketError,
  SocketTimeout,
  type TimeoutInput,
  validateTimeout
} from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { invalid } from "./address.ts"
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SOCK_STREAM,
  SOL_SOCKET
} from "./constants.ts"
import { hasIpv6 } from "./names.ts"
import { adoptUnscoped, makeUnscoped, Socket } from "./Socket.ts"

const native = Native.native

/** An address for a message, whatever the caller passed (a BigInt or a cycle must not throw here). */
const formatAddress = (address: unknown): string =>
  typeof address === "string"
    ? JSON.stringify(address)
    : Array.isArray(address)
    ? `(${address.map((part) => typeof part === "string" ? JSON.stringify(part) : String(part)).join(", ")})`
    : String(address)

/**
 * Options of `createConnection`: `timeout` for the new socket (default: `DefaultTimeout`),
 * `sourceAddress` to bind before connecting, and `allErrors`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateConnectionOptions {
  readonly timeout?: TimeoutInput | undefined
  readonly sourceAddress?: Address | undefined
  readonly allErrors?: boolean | undefined
}

/** The errors one connection attempt can end with. */
export type ConnectError = SocketError | SocketTimeout | ConcurrentObjectUseError | GaiError

/**
 * Connects to `[host, port]`, trying every address `getaddrinfo(host, port, 0, SOCK_STREAM)` gives,
 * in order (CPython's `socket.create_connection`). Each failed attempt closes its socket; an
 * interrupted attempt closes its half-made socket. The socket belongs to the caller's `Scope`.
 *
 * Failure: the last attempt's error. With `allErrors: true`, the error channel still carries the
 * first attempt's error but the `Cause` holds every attempt's error as its own `Fail` reason, in
 * order (Effect's twin of Python's `ExceptionGroup`): read them with `Effect.catchCause` and
 * `cause.reasons`, or with `allConnectErrors`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { createConnection } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const sock = yield* createConnection(["localhost", 8080], { timeout: 5 })
 *   yield* sock.sendall(new TextEncoder().encode("hello"))
 * }))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const createConnection = (
  address: readonly [host: string, port: number | string],
  options?: CreateConnectionOptions
): Effect.Effect<Socket, ConnectError, Scope.Scope> =>
  Effect.gen(function*() {
    if (!Array.isArray(address) || address.length !== 2 || typeof address[0] !== "string") {
      return yield* Effect.fail(invalid("create_connection() address must be a tuple (host, port)"))
    }
    const port = address[1]
    if (typeof port === "number" && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      return yield* Effect.fail(invalid("getsockaddrarg: port must be 0-65535."))
    }
    const timeout = options?.timeout === undefined ? undefined : yield* validateTimeout(options.timeout)
    const resolver = yield* Resolver
    const infos = yield* resolver.getaddrinfo(address[0], port, 0, SOCK_STREAM)
    const scope = yield* Effect.scope
    const errors: Array<ConnectError> = []
    for (const [family, type, proto, , sa] of infos) {
      const attempt = yield* Effect.exit(connectOne(family, type, proto, sa, timeout, options?.sourceAddress, scope))
      if (Exit.isSuccess(attempt)) return attempt.value
      const error = Cause.findErrorOption(attempt.cause)
      if (error._tag === "None") return yield* Effect.failCause(attempt.cause)
      if (!options?.allErrors) errors.length = 0
      errors.push(error.value)
    }
    if (errors.length === 0) return yield* Effect.fail(invalid("getaddrinfo returns an empty list"))
    if (errors.length === 1) return yield* Effect.fail(errors[0]!)
    return yield* Effect.failCause(Cause.fromReasons(errors.map((e) => Cause.makeFailReason(e))))
  })

/**
 * Every attempt's error from a `createConnection(..., { allErrors: true })` failure cause, in order.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { allConnectErrors, createConnection } from "@greenfiber/socket"
 *
 * const program = createConnection(["localhost", 1], { allErrors: true }).pipe(
 *   Effect.scoped,
 *   Effect.catchCause((cause) => Effect.succeed(allConnectErrors(cause).map((e) => e._tag)))
 * )
 * ```
 * @since 0.1.0
 * @category errors
 */
export const allConnectErrors = <E>(cause: Cause.Cause<E>): ReadonlyArray<E> =>
  cause.reasons.filter(Cause.isFailReason).map((reason) => reason.error)

const connectOne = (
  family: number,
  type: number,
  proto: number,
  sa: Address,
  timeout: number | null | undefined,
  sourceAddress: Address | undefined,
  scope: Scope.Scope
): Effect.Effect<Socket, ConnectError> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(makeUnscoped(family, type, proto), (sock) => {
      if (timeout !== undefined) sock._setTimeoutUnsafe(timeout)
      const work = sourceAddress === undefined ? sock.connect(sa) : Effect.andThen(sock.bind(sourceAddress), sock.connect(sa))
      return restore(work).pipe(
        Effect.onExit((exit) => Exit.isSuccess(exit) ? Effect.void : sock.close()),
        Effect.andThen(Scope.addFinalizer(scope, sock.close())),
        Effect.as(sock)
      )
    })
  )

/**
 * Options of `createServer`, as CPython's `socket.create_server`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateServerOptions {
  readonly family?: number | undefined
  readonly backlog?: number | undefined
  readonly reusePort?: boolean | undefined
  readonly dualstackIpv6?: boolean | undefined
}

/**
 * A listening TCP socket bound to `address` (CPython's `socket.create_server`): SO_REUSEADDR set,
 * SO_REUSEPORT with `reusePort`, IPV6_V6ONLY cleared with `dualstackIpv6` (set otherwise for
 * AF_INET6). The socket belongs to the caller's `Scope`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { createServer } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const server = yield* createServer(["127.0.0.1", 0])
 *   const [conn, peer] = yield* server.accept()
 * }))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const createServer = (
  address: Address,
  options?: CreateServerOptions
): Effect.Effect<Socket, SocketError | GaiError, Scope.Scope> =>
  Effect.gen(function*() {
    const family = options?.family ?? AF_INET
    if (options?.reusePort && SO_REUSEPORT === undefined) {
      return yield* Effect.fail(invalid("SO_REUSEPORT not supported on this platform"))
    }
    if (options?.dualstackIpv6) {
      if (!hasDualstackIpv6()) return yield* Effect.fail(invalid("dualstack_ipv6 not supported on this platform"))
      if (family !== AF_INET6) return yield* Effect.fail(invalid("dualstack_ipv6 requires AF_INET6 family"))
    }
    const sock = yield* Effect.acquireRelease(makeUnscoped(family, SOCK_STREAM, 0), (s) => s.close())
    yield* sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    if (options?.reusePort) yield* sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)
    if (hasIpv6 && family === AF_INET6) {
      yield* sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, options?.dualstackIpv6 ? 0 : 1)
    }
    yield* Effect.mapError(sock.bind(address), (e) =>
      e._tag === "SocketError"
        ? new SocketError({
          errno: e.errno,
          code: e.code,
          message: `${e.message} (while attempting to bind on address ${formatAddress(address)})`,
          syscall: "bind"
        })
        : e)
    yield* sock.listen(options?.backlog)
    return sock
  })

/**
 * Whether an IPv6 socket can accept IPv4 connections too (CPython's `has_dualstack_ipv6`).
 *
 * @example
 * ```ts
 * import { hasDualstackIpv6 } from "@greenfiber/socket"
 * hasDualstackIpv6() // true on most Linux hosts with IPv6
 * ```
 * @since 0.1.0
 * @category utils
 */
export const hasDualstackIpv6 = (): boolean => {
  if (!hasIpv6 || IPV6_V6ONLY === undefined) return false
  const fd = native.socket(AF_INET6, SOCK_STREAM, 0)
  if (fd < 0) return false
  const ok = native.setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0) === 0
  native.fdClose(fd)
  return ok
}

/**
 * A pair of connected sockets (default `AF_UNIX`, `SOCK_STREAM`), both in the caller's `Scope`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { socketpair } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const [a, b] = yield* socketpair()
 *   yield* a.sendall(new Uint8Array([1, 2, 3]))
 *   const got = yield* b.recv(3) // Uint8Array [1, 2, 3]
 * }))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const socketpair = (
  family: number = AF_UNIX,
  type: number = SOCK_STREAM,
  proto = 0
): Effect.Effect<readonly [Socket, Socket], SocketError, Scope.Scope> =>
  Effect.acquireRelease(
    DefaultTimeout.use((timeout) => {
      const r = native.socketpair(family, type, proto)
      if (typeof r === "number") return Effect.fail(SocketError.fromErrno(-r, "socketpair"))
      return Effect.succeed([
        new Socket(r[0], family, type, proto, timeout),
        new Socket(r[1], family, type, proto, timeout)
      ] as const)
    }),
    ([a, b]) => Effect.andThen(a.close(), b.close())
  )

/**
 * A socket over a duplicate of `fd` (CPython's `socket.fromfd`); the duplicate is made non-blocking
 * (which, being a property of the open file, also affects `fd`). It belongs to the caller's `Scope`.
 * An fd that is no socket fails with ENOTSOCK, as in CPython.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { fromfd, AF_INET, SOCK_STREAM } from "@greenfiber/socket"
 *
 * const adopt = (fd: number) => fromfd(fd, AF_INET, SOCK_STREAM)
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const fromfd = (
  fd: number,
  family: number,
  type: number,
  proto = 0
): Effect.Effect<Socket, SocketError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.suspend(() => {
      if (!Number.isInteger(fd) || fd < 0) return Effect.fail(SocketError.fromErrno(errnoValue("EBADF"), "fromfd"))
      const dup = native.dup(fd)
      if (dup < 0) return Effect.fail(SocketError.fromErrno(-dup, "dup"))
      // The duplicate is ours until a socket owns it: one that is no socket (ENOTSOCK) is closed here.
      return Effect.tapError(adoptUnscoped(dup, family, type, proto, "fromfd"), () => Effect.sync(() => native.fdClose(dup)))
    }),
    (s) => s.close()
  )
