/**
 * The watcher registry: each watcher by its native id, the one wait it may have, and the delivery of
 * the addon's wake-ups to them. Sibling packages reach it through `@greenfiber/core/hub`; applications
 * use the `Watcher` module (`make`, `io`, `close`, `stats`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { closedError, ConcurrentObjectUseError, errnoValue, SocketError, SocketTimeout } from "../Errors.ts"
import type { Watcher } from "../Watcher.ts"
import { native, shared } from "./native.ts"

export type { Watcher }

// The interest bits and the re-arm mark are the addon's protocol, so they come from registry.c.
/** Wake when the fd is readable. */
export const READ: number = native.io.READ
/** Wake when the fd is writable. */
export const WRITE: number = native.io.WRITE
/** Wake when the fd is readable or writable. */
export const READWRITE: number = READ | WRITE

/**
 * What a waiting fiber does each time its fd is ready: the outcome to resume with, or `undefined` to
 * wait for the next readiness (the syscall it retried said EAGAIN again). It reads its arguments from
 * the watcher (`target`, `a`, `b`, `c`, set for this wait) and may update them (a send's progress):
 * attempts are plain module-level functions, so a wait allocates no closure for them and the JIT sees
 * one function per kind of call.
 *
 * @internal
 */
export type Attempt = (w: WatcherImpl) => Effect.Effect<any, any> | undefined

/** Node clamps delays above 2^31-1 ms to 1 ms; longer waits re-arm in steps of the largest delay. */
const timerDelay = (ms: number): number => Math.min(Math.ceil(ms), 0x7fffffff)

/**
 * A watcher and the one wait it may have: the resumption of the waiting fiber, what to try when the fd
 * is ready, and the timer. All of it lives on the watcher, so a wait allocates nothing of its own here.
 *
 * @internal
 */
export class WatcherImpl implements Watcher {
  closed = false
  /** Resumes the waiting fiber; undefined when nobody waits. */
  resume: ((outcome: Effect.Effect<any, any>) => void) | undefined = undefined
  attempt: Attempt | undefined = undefined
  target: any = undefined
  a: any = undefined
  b: any = undefined
  c: any = undefined
  timer: ReturnType<typeof setTimeout> | undefined = undefined
  deadline = 0
  timeoutError: unknown = undefined
  /** The interruption cleanup of a wait, made once per watcher. */
  private cleanupEffect: Effect.Effect<void> | undefined = undefined
  /** The slot of `wakes` marked for the addon to re-arm this watcher after the current delivery, or -1. */
  rearmSlot = -1
  private onTimer: (() => void) | undefined = undefined
  readonly id: number
  readonly fd: number
  readonly events: number
  constructor(id: number, fd: number, events: number) {
    this.id = id
    this.fd = fd
    this.events = events
  }

  /** Starts the wait of `resume`: arms the native watcher and the timer (`ms` < 0: none). */
  begin(
    resume: (outcome: Effect.Effect<any, any>) => void,
    ms: number,
    timeoutError: unknown,
    attempt: Attempt | undefined,
    target: unknown,
    a: unknown,
    b: unknown,
    c: unknown
  ): Effect.Effect<void> | undefined {
    if (this.closed) {
      resume(Effect.fail(closedError()))
      return undefined
    }
    if (this.resume !== undefined) {
      resume(Effect.fail(new ConcurrentObjectUseError({ message: "This watcher is already used by another fiber" })))
      return undefined
    }
    const started = this.arm()
    if (started < 0) {
      resume(Effect.fail(SocketError.fromErrno(-started, "poll")))
      return undefined
    }
    this.resume = resume
    this.attempt = attempt
    this.target = target
    this.a = a
    this.b = b
    this.c = c
    this.timeoutError = timeoutError
    if (ms >= 0) {
      // libuv's cached loop time can fire a timer early by a few ms; re-arm until the full time has passed.
      this.deadline = performance.now() + ms
      this.timer = setTimeout(this.onTimer ??= () => this.timerFired(), timerDelay(ms))
    }
    return this.cleanupEffect ??= Effect.sync(this.abandon.bind(this))
  }

  /**
   * Arms the native watcher for one wake-up: 0, or a negative errno. While this watcher's own wake-up
   * is being delivered (its fiber waits again before the delivery returns), the addon re-arms it after
   * the delivery instead, from a mark in the wake-up's slot: no call into the addon.
   */
  private arm(): number {
    if (registry.delivering === this) {
      registry.wakes[registry.deliverySlot] = REARM
      this.rearmSlot = registry.deliverySlot
      return 0
    }
    return native.ioStart(this.id)
  }

  /** Drops the interest of a wait that ends early (cancelled, interrupted): a pending re-arm, or the native one. */
  private disarm(): void {
    if (this.rearmSlot >= 0) {
      registry.wakes[this.rearmSlot] = 0
      this.rearmSlot = -1
    } else if (!this.closed) {
      native.ioStop(this.id)
    }
  }

  /** Ends the wait with `outcome`. */
  settle(outcome: Effect.Effect<any, any>): void {
    const resume = this.forget()
    if (resume !== undefined) resume(outcome)
  }

  /** Clears the wait and returns its resumption (undefined when nobody waited). */
  private forget(): ((outcome: Effect.Effect<any, any>) => void) | undefined {
    const resume = this.resume
    this.resume = undefined
    this.attempt = undefined
    this.target = this.a = this.b = this.c = undefined
    this.timeoutError = undefined
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    return resume
  }

  /** The native registry says the fd is ready (`err` 0) or dead (a negative errno). */
  ready(err: number): void {
    if (this.resume === undefined) return
    if (err !== 0) return this.settle(Effect.fail(SocketError.fromErrno(-err, "poll")))
    let outcome: Effect.Effect<any, any> | undefined
    try {
      outcome = this.attempt === undefined ? Effect.void : this.attempt(this)
    } catch (defect) {
      outcome = Effect.die(defect)
    }
    if (outcome !== undefined) return this.settle(outcome)
    // Not ready after all (a spurious wake-up, or another reader was first): arm again, keep the timer.
    const again = this.arm()
    if (again < 0) this.settle(Effect.fail(SocketError.fromErrno(-again, "poll")))
  }

  /** Wakes the waiting fiber with `error` (cancelWait, notifyClosing, close). */
  cancel(error: unknown): void {
    if (this.resume === undefined) return
    this.disarm()
    this.settle(Effect.fail(error))
  }

  /** The waiting fiber was interrupted: forget the wait without resuming anyone. */
  abandon(): void {
    if (this.forget() !== undefined) this.disarm()
  }

  private timerFired(): void {
    this.timer = undefined
    if (this.resume === undefined) return
    const left = this.deadline - performance.now()
    if (left > 0) {
      this.timer = setTimeout(this.onTimer!, timerDelay(left))
      return
    }
    this.cancel(this.timeoutError ?? new SocketTimeout())
  }
}

/**
 * The watchers by native id, and where the addon writes each loop iteration's wake-ups: (watcher id,
 * errno) pairs, 0 ids skipped. JS writes REARM over a pair's errno when that watcher is waited on again
 * during its delivery. `delivering` is the watcher whose wake-up is being delivered, `deliverySlot` the
 * slot of its errno, `deliveryEnd` the end of the pairs being delivered.
 *
 * The addon has one wake-up callback, so this lives on the addon's shared state: a second copy of this
 * module in the process (two bundled copies, test isolation) uses the same registry instead of taking
 * over the callback and dropping the first copy's wake-ups.
 */
interface Registry {
  readonly byId: Array<WatcherImpl | undefined>
  readonly wakes: Int32Array
  delivering: WatcherImpl | undefined
  deliverySlot: number
  deliveryEnd: number
}

const REARM = native.io.REARM

const makeRegistry = (): Registry => {
  const registry: Registry = { byId: [], wakes: new Int32Array(2048), delivering: undefined, deliverySlot: -1, deliveryEnd: 0 }
  const { byId, wakes } = registry
  native.setWakeCallback((count) => {
    const end = 2 * count
    registry.deliveryEnd = end
    // A wake-up whose fiber's code throws must not cost the rest of the delivery theirs: they are
    // disarmed natively already, and would wait forever. The first error is rethrown at the end.
    let failed = false
    let error: unknown = undefined
    try {
      for (let i = 0; i < end; i += 2) {
        const id = wakes[i]!
        const w = id === 0 ? undefined : byId[id]
        if (w === undefined) continue
        registry.delivering = w
        registry.deliverySlot = i + 1
        try {
          w.ready(wakes[i + 1]!)
        } catch (e) {
          if (!failed) error = e
          failed = true
        }
        registry.delivering = undefined
      }
    } finally {
      registry.delivering = undefined
      registry.deliveryEnd = 0
      // The addon re-arms the marked watchers when this returns; from then on they are armed natively.
      for (let i = 1; i < end; i += 2) {
        if (wakes[i] !== REARM) continue
        const w = byId[wakes[i - 1]!]
        if (w !== undefined) w.rearmSlot = -1
      }
    }
    if (failed) throw error
  }, wakes)
  return registry
}

const registry: Registry = (shared.registry ??= makeRegistry()) as Registry
const byId = registry.byId

/**
 * The watchers on `fd` whose next wait, begun during their own delivery, is only a re-arm mark so far
 * (the addon does not count them as waiting yet).
 *
 * @internal
 */
export const markedOn = (fd: number): Array<WatcherImpl> => {
  const marked: Array<WatcherImpl> = []
  for (let i = 1; i < registry.deliveryEnd; i += 2) {
    if (registry.wakes[i] !== REARM) continue
    const w = byId[registry.wakes[i - 1]!]
    if (w !== undefined && w.fd === fd && w.rearmSlot === i) marked.push(w)
  }
  return marked
}

/** @internal */
export const byNativeId = (id: number): WatcherImpl | undefined => byId[id]

const validEvents = (events: unknown): events is number => events === READ || events === WRITE || events === READWRITE

/**
 * Opens a watcher at once, in the caller's synchronous step (a socket opening its watcher on first
 * need, so that no other fiber can open a second one in between): the watcher, or why not.
 *
 * @internal
 */
export const makeUnsafe = (fd: number, events: number): WatcherImpl | SocketError => {
  if (!Number.isInteger(fd) || fd < 0 || fd > 0x7fffffff) return SocketError.fromErrno(errnoValue("EBADF"), "poll")
  if (!validEvents(events)) return SocketError.fromErrno(errnoValue("EINVAL"), "poll")
  const id = native.ioOpen(fd, events)
  if (id < 0) return SocketError.fromErrno(-id, "poll")
  const watcher = new WatcherImpl(id, fd, events)
  byId[id] = watcher
  return watcher
}

/** @internal */
export const closeUnsafe = (watcher: Watcher): void => {
  const w = watcher as WatcherImpl
  if (w.closed) return
  w.closed = true
  native.ioClose(w.id)
  if (byId[w.id] === w) byId[w.id] = undefined
  // A re-arm mark only exists while a fiber waits: cancel clears it (the addon also scrubbed the id).
  if (w.resume !== undefined) w.cancel(closedError())
}

/**
 * Marks `fd` as owned by this environment (a socket object holds it): the addon closes it at the
 * environment's teardown if it is still open then, so a worker that ends or is terminated leaks no fd.
 * `fdClose` and `disownFd` end the ownership.
 *
 * @internal
 */
export const ownFd = (fd: number): void => {
  native.fdOwn(fd)
}

/** @internal the fd is handed to someone else (`detach`): no longer closed at teardown. */
export const disownFd = (fd: number): void => {
  native.fdDisown(fd)
}

/**
 * Closes the watchers on `fd` that nobody waits on: what a socket collected without `close()` left
 * behind (its own read and write watchers are only reachable from here).
 *
 * @internal
 */
export const closeIdleOn = (fd: number): void => {
  for (const w of byId) if (w !== undefined && w.fd === fd && w.resume === undefined) closeUnsafe(w)
}
