/**
 * `select` and `poll` over fds, as `gevent.select`: the calling fiber waits, the others run. Each call
 * first asks the kernel once without waiting (`poll(2)` with timeout 0); only when nothing is ready
 * does it wait on io watchers for the fds (core's `waitRead`/`waitWrite`, raced), and then asks the
 * kernel again, so what it reports is what `poll(2)` says at that moment.
 *
 * Exceptional conditions (`xlist`, `POLLPRI`) are seen by the kernel check only: no watcher waits
 * for them (libuv's poll handles here watch readability and writability), so a fiber waiting on an
 * `xlist` fd alone is woken by its timeout, not by urgent data. gevent's `select` ignores `xlist`
 * while waiting in the same way.
 *
 * @since 0.1.0
 */
import {
  errnoValue,
  SocketError,
  type TimeoutInput,
  toSeconds,
  waitRead,
  waitWrite
} from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { invalid } from "./address.ts"
import {
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLNVAL,
  POLLOUT,
  POLLPRI,
  POLLRDBAND,
  POLLRDNORM,
  POLLWRBAND,
  POLLWRNORM
} from "./constants.ts"

const native = Native.native
const EBADF = errnoValue("EBADF")

/**
 * What `select` and `poll` take: an fd, or an object with a `fileno()` method (a `Socket`).
 *
 * @since 0.1.0
 * @category models
 */
export type Selectable = number | { fileno(): number }

/** The fd of a selectable, or why it is none (CPython's TypeError and ValueError, as EINVAL). */
const fdOf = (obj: unknown): number | SocketError => {
  let fd: unknown = obj
  if (typeof obj === "object" && obj !== null && typeof (obj as { fileno?: unknown }).fileno === "function") {
    fd = (obj as { fileno(): unknown }).fileno()
  }
  if (typeof fd !== "number" || !Number.isInteger(fd)) return invalid("argument must be an int, or have a fileno() method.")
  if (fd < 0) return invalid(`file descriptor cannot be a negative integer (${fd})`)
  if (fd > 0x7fffffff) return invalid("fd is greater than maximum")
  return fd
}

/** Readiness as Linux's select(2) reports it from poll bits (fs/select.c's POLLIN_SET, POLLOUT_SET, POLLEX_SET). */
const READ_SET = POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR
const WRITE_SET = POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR
const EXCEPT_SET = POLLPRI

/** One poll(2) without waiting over `fds` and their `events`: revents by fd, or the failure. */
const pollNow = (fds: ReadonlyArray<number>, events: ReadonlyArray<number>, syscall: string): Map<number, number> | SocketError => {
  const triples = new Int32Array(fds.length * 3)
  for (let i = 0; i < fds.length; i++) {
    triples[3 * i] = fds[i]!
    triples[3 * i + 1] = events[i]!
  }
  const r = native.pollOnce(triples)
  if (r < 0) return SocketError.fromErrno(-r, syscall)
  const out = new Map<number, number>()
  for (let i = 0; i < fds.length; i++) out.set(fds[i]!, triples[3 * i + 2]!)
  return out
}

/**
 * Waits until one of `readFds` is readable or one of `writeFds` writable, or until `deadline`
 * (performance.now() ms; -1: none). Any end of any wait counts, an error too (a closed fd): the
 * kernel check that follows says what happened.
 */
const waitAny = (readFds: ReadonlyArray<number>, writeFds: ReadonlyArray<number>, deadline: number): Effect.Effect<void> => {
  const waits: Array<Effect.Effect<unknown>> = []
  for (const fd of readFds) waits.push(Effect.exit(waitRead(fd)))
  for (const fd of writeFds) waits.push(Effect.exit(waitWrite(fd)))
  if (deadline >= 0) waits.push(Effect.sleep(Math.max(0, deadline - performance.now())))
  if (waits.length === 0) return Effect.never
  return Effect.asVoid(waits.length === 1 ? waits[0]! : Effect.raceAllFirst(waits))
}

/** A timeout in seconds as a deadline, for select (null: none; negative: CPython's ValueError). */
const deadlineFrom = (timeout: unknown, negative: (seconds: number) => number | SocketError): number | SocketError => {
  const seconds = timeout === undefined ? null : toSeconds(timeout)
  if (seconds === undefined) return invalid("timeout must be an integer or None")
  if (seconds === null) return -1
  if (seconds < 0) return negative(seconds)
  return performance.now() + seconds * 1000
}

/**
 * Waits until some of the objects are ready (CPython's and gevent's `select.select`): readable ones of
 * `rlist`, writable ones of `wlist`, ones with an exceptional condition (urgent data) of `xlist`;
 * returns the three lists of ready objects, each in its list's order. `timeout` is seconds or a
 * `Duration`; `null` (the default) waits until something is ready, `0` polls once. A negative
 * timeout: `SocketError` EINVAL "timeout must be non-negative"; an object with no fd: EINVAL; an fd
 * that is not open: EBADF, as CPython's `select` raises. Regular files are always ready, as with
 * select(2). Only the calling fiber waits. See the module notes on `xlist`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { select, socketpair } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const [a, b] = yield* socketpair()
 *   yield* a.sendall(new Uint8Array([1]))
 *   const [readable, writable] = yield* select([b], [a], [], 1) // [[b], [a]]
 * }))
 * ```
 * @since 0.1.0
 * @category select
 */
export const select = <R extends Selectable, W extends Selectable, X extends Selectable>(
  rlist: Iterable<R>,
  wlist: Iterable<W>,
  xlist: Iterable<X>,
  timeout?: TimeoutInput
): Effect.Effect<readonly [Array<R>, Array<W>, Array<X>], SocketError> =>
  Effect.suspend(() => {
    const deadline = deadlineFrom(timeout, () => invalid("timeout must be non-negative"))
    if (deadline instanceof SocketError) return Effect.fail(deadline)
    const lists = [Array.from(rlist), Array.from(wlist), Array.from(xlist)] as const
    const masks = [POLLIN, POLLOUT, POLLPRI]
    const eventsByFd = new Map<number, number>()
    const fdLists: Array<Array<number>> = [[], [], []]
    for (let k = 0; k < 3; k++) {
      for (const obj of lists[k]) {
        const fd = fdOf(obj)
        if (fd instanceof SocketError) return Effect.fail(fd)
        fdLists[k]!.push(fd)
        eventsByFd.set(fd, (eventsByFd.get(fd) ?? 0) | masks[k]!)
      }
    }
    const fds = Array.from(eventsByFd.keys())
    const events = Array.from(eventsByFd.values())
    const readFds = fds.filter((fd) => (eventsByFd.get(fd)! & POLLIN) !== 0)
    const writeFds = fds.filter((fd) => (eventsByFd.get(fd)! & POLLOUT) !== 0)
    const check = (): readonly [Array<R>, Array<W>, Array<X>] | SocketError => {
      const revents = pollNow(fds, events, "select")
      if (revents instanceof SocketError) return revents
      for (const r of revents.values()) if ((r & POLLNVAL) !== 0) return SocketError.fromErrno(EBADF, "select")
      const pick = <T>(list: ReadonlyArray<T>, fdList: ReadonlyArray<number>, set: number) =>
        list.filter((_, i) => (revents.get(fdList[i]!)! & set) !== 0)
      return [pick(lists[0], fdLists[0]!, READ_SET), pick(lists[1], fdLists[1]!, WRITE_SET), pick(lists[2], fdLists[2]!, EXCEPT_SET)]
    }
    const loop: Effect.Effect<readonly [Array<R>, Array<W>, Array<X>], SocketError> = Effect.suspend(() => {
      const ready = check()
      if (ready instanceof SocketError) return Effect.fail(ready)
      const expired = deadline >= 0 && performance.now() >= deadline
      if (ready[0].length + ready[1].length + ready[2].length > 0 || expired) return Effect.succeed(ready)
      return Effect.andThen(waitAny(readFds, writeFds, deadline), loop)
    })
    return loop
  })

/**
 * A set of fds to wait on, CPython's and gevent's `select.poll()` object. Create one with `poll()`.
 *
 * @since 0.1.0
 * @category select
 */
export interface Poll {
  /** Watches `fd` for `eventmask` (default `POLLIN | POLLPRI | POLLOUT`); registering again replaces the mask. */
  register(fd: Selectable, eventmask?: number): Effect.Effect<void, SocketError>
  /** Changes the mask of a registered fd; one not registered: `SocketError` ENOENT, as CPython. */
  modify(fd: Selectable, eventmask: number): Effect.Effect<void, SocketError>
  /** Stops watching `fd`; one not registered: `SocketError` ENOENT (CPython's KeyError). */
  unregister(fd: Selectable): Effect.Effect<void, SocketError>
  /**
   * Waits until some registered fd has an event: `[fd, revents]` pairs, in registration order
   * (`POLLHUP`, `POLLERR` and `POLLNVAL` are reported unasked, as by poll(2)). `timeout` is in
   * **milliseconds**, as CPython's `poll.poll`; `null`, `undefined` or negative waits until an event.
   */
  poll(timeout?: number | null): Effect.Effect<Array<readonly [number, number]>, SocketError>
}

const ENOENT = errnoValue("ENOENT")
const notRegistered = () => new SocketError({ errno: ENOENT, code: "ENOENT", message: "fd is not registered" })

const eventmaskOf = (mask: unknown): number | SocketError =>
  typeof mask === "number" && Number.isInteger(mask) && mask >= 0 && mask <= 0xffff
    ? mask
    : invalid("eventmask must be an unsigned short")

class PollImpl implements Poll {
  private readonly fds = new Map<number, number>()

  register(obj: Selectable, eventmask: number = POLLIN | POLLPRI | POLLOUT): Effect.Effect<void, SocketError> {
    return Effect.suspend(() => {
      const fd = fdOf(obj)
      if (fd instanceof SocketError) return Effect.fail(fd)
      const mask = eventmaskOf(eventmask)
      if (mask instanceof SocketError) return Effect.fail(mask)
      this.fds.set(fd, mask)
      return Effect.void
    })
  }

  modify(obj: Selectable, eventmask: number): Effect.Effect<void, SocketError> {
    return Effect.suspend(() => {
      const fd = fdOf(obj)
      if (fd instanceof SocketError) return Effect.fail(fd)
      if (!this.fds.has(fd)) return Effect.fail(notRegistered())
      const mask = eventmaskOf(eventmask)
      if (mask instanceof SocketError) return Effect.fail(mask)
      this.fds.set(fd, mask)
      return Effect.void
    })
  }

  unregister(obj: Selectable): Effect.Effect<void, SocketError> {
    return Effect.suspend(() => {
      const fd = fdOf(obj)
      if (fd instanceof SocketError) return Effect.fail(fd)
      return this.fds.delete(fd) ? Effect.void : Effect.fail(notRegistered())
    })
  }

  poll(timeout?: number | null): Effect.Effect<Array<readonly [number, number]>, SocketError> {
    return Effect.suspend(() => {
      if (timeout !== undefined && timeout !== null && (typeof timeout !== "number" || Number.isNaN(timeout))) {
        return Effect.fail(invalid("timeout must be an integer or None"))
      }
      const deadline = timeout === undefined || timeout === null || timeout < 0 ? -1 : performance.now() + timeout
      const fds = Array.from(this.fds.keys())
      const events = Array.from(this.fds.values())
      const readFds = fds.filter((_, i) => (events[i]! & (POLLIN | POLLRDNORM | POLLRDBAND)) !== 0)
      const writeFds = fds.filter((_, i) => (events[i]! & (POLLOUT | POLLWRNORM | POLLWRBAND)) !== 0)
      const loop: Effect.Effect<Array<readonly [number, number]>, SocketError> = Effect.suspend(() => {
        const revents = pollNow(fds, events, "poll")
        if (revents instanceof SocketError) return Effect.fail(revents)
        const ready = fds.filter((fd) => revents.get(fd)! !== 0).map((fd) => [fd, revents.get(fd)!] as const)
        if (ready.length > 0 || (deadline >= 0 && performance.now() >= deadline)) return Effect.succeed(ready)
        return Effect.andThen(waitAny(readFds, writeFds, deadline), loop)
      })
      return loop
    })
  }
}

/**
 * A new `Poll` object (CPython's and gevent's `select.poll()`): register fds with event masks
 * (`POLLIN`, `POLLOUT`, `POLLPRI`, ...), then `poll(timeoutMs)`. Its waits are cooperative, as
 * `select`'s, with the same note on `POLLPRI`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { poll, POLLIN, socketpair } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const [a, b] = yield* socketpair()
 *   const p = poll()
 *   yield* p.register(b, POLLIN)
 *   yield* a.sendall(new Uint8Array([1]))
 *   const events = yield* p.poll(1000) // [[b.fileno(), POLLIN]]
 * }))
 * ```
 * @since 0.1.0
 * @category select
 */
export const poll = (): Poll => new PollImpl()
