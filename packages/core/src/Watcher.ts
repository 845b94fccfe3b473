/**
 * io watchers: interest in an fd's readiness, backed by the native registry's one `uv_poll` per fd.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { closedError, errnoValue, SocketError } from "./Errors.ts"
import { native } from "./native.ts"

/** Wake when the fd is readable. @since 0.1.0 @category constants */
export const READ = 1
/** Wake when the fd is writable. @since 0.1.0 @category constants */
export const WRITE = 2
/** Wake when the fd is readable or writable. @since 0.1.0 @category constants */
export const READWRITE = 3

/**
 * Interest in one fd's readiness. At most one fiber waits on a watcher at a time; many watchers (and so
 * many fibers) may watch one fd.
 *
 * @since 0.1.0
 * @category models
 */
export interface Watcher {
  readonly fd: number
  readonly events: number
  /** True once the watcher was released (or its fd closed through `close`). */
  readonly closed: boolean
}

/** What a wake-up carries: 0 for ready, a negative errno, or the error a canceller chose. */
export type Wake = number | { readonly error: unknown }

/** @internal */
export class WatcherImpl implements Watcher {
  closed = false
  waiter: ((wake: Wake) => void) | undefined = undefined
  readonly id: number
  readonly fd: number
  readonly events: number
  constructor(id: number, fd: number, events: number) {
    this.id = id
    this.fd = fd
    this.events = events
  }
}

const byId: Array<WatcherImpl | undefined> = []

native.setWakeCallback((id, err) => {
  const watcher = byId[id]
  const waiter = watcher?.waiter
  if (waiter !== undefined) {
    watcher!.waiter = undefined
    waiter(err)
  }
})

/** @internal */
export const byNativeId = (id: number): WatcherImpl | undefined => byId[id]

const validEvents = (events: unknown): events is number => events === READ || events === WRITE || events === READWRITE

/**
 * Opens a watcher without a scope: the caller must `close` it. Sockets use this for their own watchers.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Watcher } from "@greenfiber/core"
 *
 * const program = Effect.gen(function*() {
 *   const w = yield* Watcher.make(0, Watcher.READ)
 *   yield* Watcher.close(w)
 * })
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const make = (fd: number, events: number): Effect.Effect<Watcher, SocketError> =>
  Effect.suspend(() => {
    if (!Number.isInteger(fd) || fd < 0 || fd > 0x7fffffff) return Effect.fail(SocketError.fromErrno(errnoValue("EBADF"), "poll"))
    if (!validEvents(events)) return Effect.fail(SocketError.fromErrno(errnoValue("EINVAL"), "poll"))
    const id = native.ioOpen(fd, events)
    if (id < 0) return Effect.fail(SocketError.fromErrno(-id, "poll"))
    const watcher = new WatcherImpl(id, fd, events)
    byId[id] = watcher
    return Effect.succeed<Watcher>(watcher)
  })

/**
 * Releases a watcher: a fiber still waiting on it is woken with EBADF. Closing twice is fine.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Watcher } from "@greenfiber/core"
 *
 * const program = Effect.flatMap(Watcher.make(0, Watcher.READ), Watcher.close)
 * ```
 * @since 0.1.0
 * @category destructors
 */
export const close = (watcher: Watcher): Effect.Effect<void> =>
  watcher instanceof WatcherImpl
    ? Effect.sync(() => closeUnsafe(watcher))
    : Effect.die(new TypeError("Watcher.close(): the argument must be a Watcher"))

/** @internal */
export const closeUnsafe = (watcher: Watcher): void => {
  const w = watcher as WatcherImpl
  if (w.closed) return
  w.closed = true
  const waiter = w.waiter
  w.waiter = undefined
  native.ioClose(w.id)
  if (byId[w.id] === w) byId[w.id] = undefined
  if (waiter !== undefined) waiter({ error: closedError() })
}

/**
 * A scoped watcher for `fd`: `READ`, `WRITE` or `READWRITE`. Released when the scope closes.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Watcher, wait } from "@greenfiber/core"
 *
 * const waitForInput = Effect.scoped(Effect.gen(function*() {
 *   const watcher = yield* Watcher.io(0, Watcher.READ)
 *   yield* wait(watcher, { timeout: 5 })
 * }))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const io = (fd: number, events: number): Effect.Effect<Watcher, SocketError, Scope.Scope> =>
  Effect.acquireRelease(make(fd, events), close)

/**
 * Live native counts, so tests and leak checks can prove nothing is left behind:
 * `handles` (uv_poll handles), `watchers` (open watchers), `active` (watchers being waited on).
 *
 * @example
 * ```ts
 * import { Watcher } from "@greenfiber/core"
 * const { handles, watchers, active } = Watcher.stats()
 * ```
 * @since 0.1.0
 * @category debugging
 */
export const stats = (): { readonly handles: number; readonly watchers: number; readonly active: number } =>
  native.stats()
