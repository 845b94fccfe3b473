/**
 * io watchers: interest in an fd's readiness, backed by the native registry's one `uv_poll` per fd
 * (gevent's `hub.loop.io`). The registry itself and the delivery of wake-ups live in
 * `internal/watcher.ts`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { SocketError } from "./Errors.ts"
import { native } from "./internal/native.ts"
import * as internal from "./internal/watcher.ts"

/** Wake when the fd is readable. @since 0.1.0 @category constants */
export const READ: number = internal.READ
/** Wake when the fd is writable. @since 0.1.0 @category constants */
export const WRITE: number = internal.WRITE
/** Wake when the fd is readable or writable. @since 0.1.0 @category constants */
export const READWRITE: number = internal.READWRITE

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

/**
 * Opens a watcher without a scope: the caller must `close` it.
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
    const made = internal.makeUnsafe(fd, events)
    return made instanceof SocketError ? Effect.fail(made) : Effect.succeed<Watcher>(made)
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
  watcher instanceof internal.WatcherImpl
    ? Effect.sync(() => internal.closeUnsafe(watcher))
    : Effect.die(new TypeError("Watcher.close(): the argument must be a Watcher"))

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

/**
 * How many fds this environment's sockets own (what a worker's teardown would close).
 *
 * @example
 * ```ts
 * import { Watcher } from "@greenfiber/core"
 * const open = Watcher.ownedFds()
 * ```
 * @since 0.1.0
 * @category debugging
 */
export const ownedFds = (): number => native.fdOwnedCount()
