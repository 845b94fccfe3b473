/**
 * Cooperative waits: suspend only the calling fiber until an fd is ready, with timeouts,
 * interruption and cancellation all ending in one cleanup.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { closedError, ConcurrentObjectUseError, SocketError, SocketTimeout } from "./Errors.ts"
import { native } from "./native.ts"
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

const fromWake = (wake: Watcher.Wake): Effect.Effect<void, unknown> =>
  wake === 0 ? Effect.void : typeof wake === "number" ? Effect.fail(SocketError.fromErrno(-wake, "poll")) : Effect.fail(wake.error)

/** Node clamps delays above 2^31-1 ms to 1 ms; longer waits re-arm in steps of the largest delay. */
const timerDelay = (ms: number): number => Math.min(Math.ceil(ms), 0x7fffffff)

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
  return ms === undefined ? Effect.fail(invalidTimeout()) : waitMillis(watcher, ms, options?.timeoutError)
}

/**
 * The wait itself, with the timeout already in milliseconds (-1: none). Sockets call this on their hot path.
 *
 * @internal
 */
export const waitMillis = <E>(
  watcher: Watcher.Watcher,
  ms: number,
  timeoutError?: E
): Effect.Effect<void, E | SocketTimeout | SocketError | ConcurrentObjectUseError> =>
  !(watcher instanceof Watcher.WatcherImpl) ? Effect.die(new TypeError("wait(): the first argument must be a Watcher")) :
  Effect.callback<void, any>((resume) => {
    const w = watcher
    if (w.closed) return resume(Effect.fail(closedError()))
    if (w.waiter !== undefined) {
      return resume(Effect.fail(new ConcurrentObjectUseError({ message: "This watcher is already used by another fiber" })))
    }
    const started = native.ioStart(w.id)
    if (started < 0) return resume(Effect.fail(SocketError.fromErrno(-started, "poll")))
    let timer: ReturnType<typeof setTimeout> | undefined
    const waiter = (wake: Watcher.Wake) => {
      if (timer !== undefined) clearTimeout(timer)
      resume(fromWake(wake))
    }
    w.waiter = waiter
    if (ms >= 0) {
      // libuv's cached loop time can fire a timer early by a few ms; re-arm until the full time has passed.
      const deadline = performance.now() + ms
      const onTimer = () => {
        const left = deadline - performance.now()
        if (left > 0) {
          timer = setTimeout(onTimer, timerDelay(left))
          return
        }
        if (w.waiter !== waiter) return
        w.waiter = undefined
        native.ioStop(w.id)
        resume(Effect.fail(timeoutError ?? new SocketTimeout()))
      }
      timer = setTimeout(onTimer, timerDelay(ms))
    }
    return Effect.sync(() => {
      if (timer !== undefined) clearTimeout(timer)
      if (w.waiter === waiter) {
        w.waiter = undefined
        if (!w.closed) native.ioStop(w.id)
      }
    })
  })

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

const cancelUnsafe = (w: Watcher.WatcherImpl, error: unknown): void => {
  const waiter = w.waiter
  if (waiter === undefined) return
  w.waiter = undefined
  native.ioStop(w.id)
  waiter({ error })
}

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
  watcher instanceof Watcher.WatcherImpl
    ? Effect.sync(() => cancelUnsafe(watcher, error ?? closedError()))
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
export const notifyClosing = (fd: number): Effect.Effect<void> => Effect.sync(() => notifyClosingUnsafe(fd))

/** @internal */
export const notifyClosingUnsafe = (fd: number): void => {
  if (!Number.isInteger(fd) || fd < 0) return
  for (const id of native.fdActive(fd)) {
    const w = Watcher.byNativeId(id)
    if (w !== undefined) cancelUnsafe(w, closedError())
  }
}
