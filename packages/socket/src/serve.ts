/**
 * `serve`: a server loop in the spirit of gevent's `StreamServer`. One fiber per connection, each
 * connection's scope closed when its handler ends, an optional concurrency limit, a graceful stop.
 *
 * @since 0.1.0
 */
import { type Address, ConcurrentObjectUseError, DefaultTimeout, errnoValue, SocketError, SocketTimeout } from "@greenfiber/core"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import { acceptInto, type Socket } from "./Socket.ts"

/**
 * Options of `serve`: `concurrency` caps the connections handled at once (further connections wait
 * in the listen backlog); `stopTimeout` (seconds, default 1) is how long a stopping server lets its
 * handlers finish before interrupting them, as gevent's `stop(timeout)`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServeOptions {
  readonly concurrency?: number | undefined
  readonly stopTimeout?: number | undefined
}

/** accept(2) errors that say nothing about the listener itself: log, back off, go on. */
const transient = new Set(
  ["EMFILE", "ENFILE", "ENOBUFS", "ENOMEM", "ECONNABORTED", "EPROTO", "EPERM", "ENETDOWN", "EHOSTUNREACH", "ENETUNREACH"]
    .map(errnoValue)
    .filter((n) => n > 0)
)
/** Out of a resource: back off before trying again (doubling up to a second). */
const exhausted = new Set(["EMFILE", "ENFILE", "ENOBUFS", "ENOMEM"].map(errnoValue).filter((n) => n > 0))

/**
 * Accepts connections on `listener` forever, running `handler(socket, address)` in its own fiber for
 * each. The connection's scope (which owns the socket) closes when its handler ends, whatever the
 * outcome; a handler's failure or defect is logged and does not stop the server.
 *
 * Accept errors EMFILE/ENFILE/ENOBUFS/ENOMEM (out of descriptors or memory) are logged and retried
 * after a back-off of 5 ms doubling up to 1 s; ECONNABORTED/EPROTO (a client gone before accept) are
 * retried at once. Any other accept error (e.g. EBADF when the listener is closed) ends `serve` with
 * that error.
 *
 * Each handler runs at once when its connection is accepted, up to its first wait, with the context
 * `serve` runs in plus the connection's `Scope`.
 *
 * Stopping: interrupting `serve` (or its failing) stops accepting at once, then waits up to
 * `stopTimeout` seconds for running handlers to finish and interrupts the rest; `serve` completes its
 * interruption only after every handler has ended and every connection is closed.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { createServer, serve, type Socket } from "@greenfiber/socket"
 *
 * // Effect.fnUntraced rather than `(conn) => Effect.gen(...)`: a closure around a generator costs
 * // every connection a generator function of its own.
 * const handle = Effect.fnUntraced(function*(conn: Socket) {
 *   while (true) {
 *     const data = yield* conn.recv(65536)
 *     if (data.length === 0) return
 *     yield* conn.sendall(data)
 *   }
 * })
 *
 * const echo = Effect.scoped(Effect.gen(function*() {
 *   const listener = yield* createServer(["127.0.0.1", 8080])
 *   return yield* serve(listener, handle, { concurrency: 1000 })
 * }))
 * ```
 * @since 0.1.0
 * @category servers
 */
export const serve = <A, E, R>(
  listener: Socket,
  handler: (socket: Socket, address: Address) => Effect.Effect<A, E, R>,
  options?: ServeOptions
): Effect.Effect<never, SocketError | SocketTimeout | ConcurrentObjectUseError, Exclude<R, Scope.Scope>> =>
  Effect.suspend(() => {
    const concurrency = options?.concurrency
    if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
      return Effect.fail(SocketError.invalid("concurrency must be a positive integer"))
    }
    const stopTimeout = options?.stopTimeout ?? 1
    if (typeof stopTimeout !== "number" || !(stopTimeout >= 0)) {
      return Effect.fail(SocketError.invalid("stopTimeout must be a non-negative number of seconds"))
    }
    const stopMillis = stopTimeout * 1000
    const semaphore = concurrency === undefined ? undefined : Semaphore.makeUnsafe(concurrency)
    const fibers = new Set<Fiber.Fiber<unknown, unknown>>()
    let backoff = 0

    // A connection is over (its handler ended, or its accept failed): close its scope, free its slot.
    const release = (scope: Scope.Closeable, exit: Exit.Exit<unknown, unknown>): Effect.Effect<void> =>
      semaphore === undefined ? Scope.close(scope, exit) : Effect.andThen(Scope.close(scope, exit), semaphore.release(1))

    const leave = Effect.withFiber((fiber) => {
      fibers.delete(fiber)
      return Effect.void
    })

    // A handler ended: log a failure (not a plain interruption), close the connection's scope with the
    // handler's exit, give the slot back, and only then leave the set `stop` waits on.
    const finish = (scope: Scope.Closeable, exit: Exit.Exit<unknown, unknown>): Effect.Effect<void> =>
      Effect.andThen(
        Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause)
          ? Effect.andThen(Effect.logWarning("greenfiber serve: connection handler failed", exit.cause), release(scope, exit))
          : release(scope, exit),
        leave
      )

    // Each handler fiber starts at once (a greenlet StreamServer spawns waits for the next switch) with
    // the server's context plus its connection's scope: no scheduler hop, no extra frames. Its exit
    // goes nowhere: `finish` has logged and closed what it had to.
    const startHandler = (parent: Context.Context<Exclude<R, Scope.Scope>>, scope: Scope.Closeable, sock: Socket, address: Address) =>
      Effect.runForkWith(Context.add(parent, Scope.Scope, scope))(
        // suspend: a handler that throws instead of returning an Effect is a defect of its own connection,
        // logged and closed like any other, not a crash of the accept loop that called it.
        Effect.onExit(Effect.suspend(() => handler(sock, address)), (exit) => finish(scope, exit)) as Effect.Effect<A, E, Exclude<R, Scope.Scope> | Scope.Scope>
      )

    // A failed accept: back off and go on for a transient error, end `serve` for any other.
    const acceptFailed = (
      scope: Scope.Closeable,
      restore: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>,
      failed: Exit.Failure<unknown, SocketError | SocketTimeout | ConcurrentObjectUseError>
    ) =>
      Effect.gen(function*() {
        yield* release(scope, failed)
        const cause = failed.cause
        const error = Cause.findErrorOption(cause)
        if (error._tag === "Some" && error.value._tag === "SocketError" && transient.has(error.value.errno)) {
          const err = error.value
          if (exhausted.has(err.errno)) {
            backoff = backoff === 0 ? 5 : Math.min(backoff * 2, 1000)
            yield* Effect.logWarning(`greenfiber serve: accept failed with ${err.code}, retrying in ${backoff} ms`)
            yield* restore(Effect.sleep(backoff))
          } else {
            yield* Effect.logDebug(`greenfiber serve: accept failed with ${err.code}, going on`)
          }
          return
        }
        return yield* Effect.failCause(cause)
      })

    // One connection: a scope made first (it owns the socket from accept on), then the handler's fiber.
    // No generator here: this runs once per connection.
    const acceptOne = (parent: Context.Context<Exclude<R, Scope.Scope>>, timeout: number | null) =>
      Effect.uninterruptibleMask((restore) => {
        const one = Effect.suspend(() => {
          const scope = Scope.makeUnsafe()
          return Effect.flatMap(Effect.exit(restore(acceptInto(listener, scope, timeout))), (accepted) => {
            if (Exit.isFailure(accepted)) return acceptFailed(scope, restore, accepted)
            backoff = 0
            const [sock, address] = accepted.value
            const fiber = startHandler(parent, scope, sock, address)
            // A handler still running is in the set until its `finish` takes it out.
            if (fiber.pollUnsafe() === undefined) fibers.add(fiber)
            return Effect.void
          })
        })
        return semaphore === undefined ? one : Effect.andThen(restore(semaphore.take(1)), one)
      })

    const stop = Effect.suspend(() => {
      if (fibers.size === 0) return Effect.void
      const all = Array.from(fibers)
      const awaitAll = Effect.callback<void>((resume) => {
        let left = all.length
        const removers = all.map((f) =>
          f.addObserver(() => {
            if (--left === 0) resume(Effect.void)
          })
        )
        return Effect.sync(() => removers.forEach((remove) => remove()))
      })
      return awaitAll.pipe(
        Effect.timeoutOption(stopMillis),
        Effect.andThen(Effect.suspend(() => {
          const rest = Array.from(fibers)
          return rest.length === 0 ? Effect.void : Fiber.interruptAll(rest)
        }))
      )
    })

    // The server's context and default timeout are read once: every connection starts from them.
    const loop = Effect.flatMap(Effect.context<Exclude<R, Scope.Scope>>(), (parent) =>
      // No yield per connection: accept itself yields after a run of connections that needed no wait.
      Effect.forever(acceptOne(parent, Context.get(parent as Context.Context<never>, DefaultTimeout)), { disableYield: true }))
    return loop.pipe(Effect.ensuring(stop)) as Effect.Effect<
      never,
      SocketError | SocketTimeout | ConcurrentObjectUseError,
      Exclude<R, Scope.Scope>
    >
  })
