/**
 * The waits under the public ones: `ioWait`, which runs a socket call's retry in the wake-up itself,
 * and the synchronous cancellations `cancelWait`, `notifyClosing` and socket `close` are built on.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { closedError, type ConcurrentObjectUseError, type SocketError, type SocketTimeout } from "../Errors.ts"
import { native } from "./native.ts"
import { byNativeId, markedOn, type Watcher, WatcherImpl } from "./watcher.ts"

/**
 * The wait itself, with the timeout already in milliseconds (-1: none), once `wait` has read its options.
 *
 * @internal
 */
export const waitMillis = <E>(
  watcher: Watcher,
  ms: number,
  timeoutError?: E
): Effect.Effect<void, E | SocketTimeout | SocketError | ConcurrentObjectUseError> =>
  !(watcher instanceof WatcherImpl)
    ? Effect.die(new TypeError("wait(): the first argument must be a Watcher"))
    : ioWait(watcher, ms, timeoutError)

/**
 * Waits on `watcher` and runs `attempt(watcher)` each time its fd is ready, until it gives the outcome
 * (it returns `undefined` while the retried syscall still says EAGAIN). The retry runs in the wake-up
 * itself, so a socket call that had to wait resumes its fiber once, with its result. `target`, `a`,
 * `b`, `c` are the attempt's arguments, kept on the watcher for this wait. `ms` bounds the whole call
 * (-1: no timeout).
 *
 * @internal
 */
export const ioWait = <A = void, E = never>(
  watcher: WatcherImpl,
  ms: number,
  timeoutError?: unknown,
  attempt?: (w: WatcherImpl) => Effect.Effect<A, E> | undefined,
  target?: unknown,
  a?: unknown,
  b?: unknown,
  c?: unknown
): Effect.Effect<A, E | SocketTimeout | SocketError | ConcurrentObjectUseError> =>
  // The arguments live in this closure until the wait begins: the runtime may run the effect later than
  // it was made (it yields when a fiber's operation budget runs out), and other fibers run in between.
  Effect.callback<A, any>((resume) => watcher.begin(resume, ms, timeoutError, attempt, target, a, b, c))

/** @internal */
export const cancelUnsafe = (w: WatcherImpl, error: unknown): void => w.cancel(error)

/** @internal */
export const notifyClosingUnsafe = (fd: number): void => {
  if (!Number.isInteger(fd) || fd < 0) return
  for (const id of native.fdActive(fd)) {
    const w = byNativeId(id)
    if (w !== undefined) cancelUnsafe(w, closedError())
  }
  // A fiber woken in this same delivery that already waits again is not armed natively yet.
  for (const w of markedOn(fd)) cancelUnsafe(w, closedError())
}
