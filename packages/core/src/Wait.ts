/**
 * Cooperative waits: suspend only the calling fiber until an fd is ready, with timeouts,
 * interruption and cancellation all ending in one cleanup.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { closedError, type ConcurrentObjectUseError, SocketError, type SocketTimeout } from "./Errors.ts"
import * as internal from "./internal/wait.ts"
import { WatcherImpl } from "./internal/watcher.ts"
import { toSeconds, type TimeoutInput } from "./Timeout.ts"
import * as Watcher from "./Watcher.ts"

/**
 * Options of every wait: `timeout` in seconds or a `Duration` (`null` or negative: none), and the error
 * to fail with when it runs out (default `SocketTimeout`).
 *
 * @since 0.1.0
 * @category models
 */
export interface WaitOptions<E = SocketTimeout> {
  readonly timeout?: TimeoutInput | undefined
  readonly timeoutError?: E | undefined
}

const invalidTimeout = () => SocketError.invalid("Timeout value must be a number, a Duration or null")

/** Milliseconds of a wait's timeout, or -1 for none. */
const timeoutMillis = (timeout: unknown): number | undefined => {
  if (timeout === undefined) return -1
  const seconds = toSeconds(timeout)
  if (seconds === undefined) return undefined
  return seconds === null || seconds < 0 ? -1 : seconds * 1000
}

/**
 * Waits until the watcher's fd is ready. Fails with `timeoutError` (default `SocketTimeout`) after
 * `timeout`, with `ConcurrentObjectUseError` when another fiber already waits on this watcher, and with
 * `SocketError` EBADF when the fd is closed meanwhile (`notifyClosing`) or the error `cancelWait` gave.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Watcher, wait } from "@greenfiber/core"
 *
 * const readable = (fd: number) =>
 *   Effect.scoped(Effect.flatMap(Watcher.io(fd, Watcher.READ), (w) => wait(w, { timeout: 0.5 })))
 * ```
 * @since 0.1.0
 * @category waiting
 */
export const wait = <E = SocketTimeout>(
  watcher: Watcher.Watcher,
  options?: WaitOptions<E>
): Effect.Effect<void, E | SocketTimeout | SocketError | ConcurrentObjectUseError> => {
  const ms = timeoutMillis(options?.timeout)
  return ms === undefined ? Effect.fail(invalidTimeout()) : internal.waitMillis(watcher, ms, options?.timeoutError)
}

const waitFresh = (events: number) =>
<E = SocketTimeout>(
  fd: number,
  options?: WaitOptions<E>
): Effect.Effect<void, E | SocketTimeout | SocketError | ConcurrentObjectUseError> =>
  Effect.acquireUseRelease(Watcher.make(fd, events), (w) => wait(w, options), Watcher.close)

/**
 * Waits until `fd` is readable, over a fresh watcher, so any number of fibers may wait on one fd.
 * Works on sockets, pipes, fifos and ttys; an fd that cannot be polled fails with `SocketError`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { waitRead } from "@greenfiber/core"
 *
 * const program = waitRead(0, { timeout: 1 }) // stdin readable within a second, or SocketTimeout
 * ```
 * @since 0.1.0
 * @category waiting
 */
export const waitRead = waitFresh(Watcher.READ)

/**
 * Waits until `fd` is writable, over a fresh watcher.
 *
 * @example
 * ```ts
 * import { waitWrite } from "@greenfiber/core"
 * const program = waitWrite(1, { timeout: 1 })
 * ```
 * @since 0.1.0
 * @category waiting
 */
export const waitWrite = waitFresh(Watcher.WRITE)

/**
 * Waits until `fd` is readable or writable, over a fresh watcher.
 *
 * @example
 * ```ts
 * import { waitReadWrite } from "@greenfiber/core"
 * const program = waitReadWrite(1, { timeout: null })
 * ```
 * @since 0.1.0
 * @category waiting
 */
export const waitReadWrite = waitFresh(Watcher.READWRITE)

/**
 * Wakes the fiber waiting on `watcher` with `error` (default: `SocketError` EBADF, "File descriptor was
 * closed in another fiber"). Does nothing when nobody waits.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { cancelWait, Watcher } from "@greenfiber/core"
 *
 * const stop = (w: Watcher.Watcher) => cancelWait(w)
 * ```
 * @since 0.1.0
 * @category waiting
 */
export const cancelWait = (watcher: Watcher.Watcher, error?: unknown): Effect.Effect<void> =>
  watcher instanceof WatcherImpl
    ? Effect.sync(() => internal.cancelUnsafe(watcher, error ?? closedError()))
    : Effect.die(new TypeError("cancelWait(): the first argument must be a Watcher"))

/**
 * Wakes every fiber waiting on `fd`, through any watcher, with the EBADF error (trio's
 * `notify_closing`). Call it before closing an fd other fibers may be waiting on.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { notifyClosing } from "@greenfiber/core"
 *
 * const closing = (fd: number) => notifyClosing(fd)
 * ```
 * @since 0.1.0
 * @category waiting
 */
export const notifyClosing = (fd: number): Effect.Effect<void> => Effect.sync(() => internal.notifyClosingUnsafe(fd))
