/**
 * What every socket call shares: its errors, the cooperative budget, the deadline, and the one
 * non-blocking driver (trio's `_nonblocking_helper`): a call is an *attempt*, one try of its syscall
 * that gives the outcome or says "would block"; the driver runs it at once and, on EAGAIN, waits for
 * readiness within the socket timeout and runs the same attempt again on each wake-up.
 *
 * @internal
 */
import { type ConcurrentObjectUseError, errnoValue, SocketError, SocketTimeout } from "@greenfiber/core"
import { ioWait, Watcher } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { invalid } from "../address.ts"
import { MSG_DONTWAIT } from "../constants.ts"
import type { SocketState } from "./socket.ts"

export const EAGAIN = errnoValue("EAGAIN")
export const EBADF = errnoValue("EBADF")

/** Errors a socket call can fail with while waiting for readiness. */
export type IoError = SocketError | SocketTimeout | ConcurrentObjectUseError

/** A call on a socket that is closed (or was never open): EBADF, as CPython. */
export const badFd = (syscall: string): SocketError => SocketError.fromErrno(EBADF, syscall)

export const fail = (errno: number, syscall: string): Effect.Effect<never, SocketError> =>
  Effect.fail(SocketError.fromErrno(errno, syscall))

export const isBytes = (u: unknown): u is Uint8Array => u instanceof Uint8Array

/** Sizes up to what one recv(2) can return (SSIZE_MAX on Linux is capped to 2^31-1 bytes per call). */
const MAX_SIZE = 0x7fffffff

export const checkSize = (n: unknown, what: string): SocketError | undefined =>
  typeof n !== "number" || !Number.isInteger(n) || n < 0
    ? invalid(`negative or invalid ${what}`)
    : n > MAX_SIZE
    ? invalid(`${what} too large`)
    : undefined

/**
 * A cooperative budget, as tokio's: after this many operations in a row that did not have to wait, a
 * socket call yields to the other fibers, so a peer that always answers at once cannot starve them.
 */
const BUDGET = 32

/**
 * Whether a call must yield to the other fibers before its syscall: `BUDGET` calls in a row completed
 * without waiting. The yield comes before the syscall, never between the syscall and its result: an
 * interruption there would lose bytes already read, or report as failed a send that went out.
 * `completed` is the other half of the pair: it counts a call that needed no wait.
 */
export const mustYield = (self: SocketState): boolean => {
  if (self._streak < BUDGET) return false
  self._streak = 0
  return true
}

/** Counts an operation that completed without waiting (see `mustYield`) and passes its outcome on. */
export const completed = <A, E>(self: SocketState, outcome: Effect.Effect<A, E>): Effect.Effect<A, E> => {
  self._streak++
  return outcome
}

/**
 * The pair in one step, for callers that count an operation before its syscall (msg.ts, the TLS
 * engines): counts it and says whether the caller should yield now, every BUDGET operations in a row.
 */
export const overBudget = (self: SocketState): boolean => {
  self._streak++
  return mustYield(self)
}

/** A deadline (performance.now() ms) for a call starting now, or -1 for none. */
export const deadlineOf = (self: SocketState): number => self._timeoutMs > 0 ? performance.now() + self._timeoutMs : -1

/**
 * Where an attempt reads its arguments: the socket (`target`) and up to three values `a`, `b`, `c`,
 * which it may update (a send's progress). While a fiber waits, this is the socket's watcher, which
 * keeps them for the wait; on the fast path it is `now`, one record shared by every call.
 */
export interface Op {
  target: any
  a: any
  b: any
  c: any
}

/**
 * One try of a syscall: the outcome, or `undefined` when it would block (EAGAIN). A plain
 * module-level function, so neither path allocates a closure for it and the JIT sees one function per
 * kind of call.
 */
export type Attempt<A> = (op: Op) => Effect.Effect<A, IoError> | undefined

/**
 * The fast path's `Op`. An attempt runs synchronously to its end and its arguments are read back
 * before anything else runs, so one record serves every call; it is cleared after each, so it holds
 * on to no buffer or socket.
 */
const now: Op = { target: undefined, a: undefined, b: undefined, c: undefined }

/**
 * Runs `attempt` once now: the outcome (counted against the budget), or `undefined` when it would
 * block. Its arguments, as the attempt left them, are in `now` until the next call.
 */
const tryNow = <A>(self: SocketState, attempt: Attempt<A>, a: unknown, b: unknown, c: unknown): Effect.Effect<A, IoError> | undefined => {
  now.target = self
  now.a = a
  now.b = b
  now.c = c
  const outcome = attempt(now)
  now.target = undefined
  return outcome === undefined ? undefined : completed(self, outcome)
}

/**
 * Runs `attempt` now and returns its outcome, or `undefined` when it would block. For a caller that
 * composes the wait itself (accept restores interruptibility around the wait only).
 */
export const attemptNow = <A>(
  self: SocketState,
  attempt: Attempt<A>,
  a?: unknown,
  b?: unknown,
  c?: unknown
): Effect.Effect<A, IoError> | undefined => {
  const outcome = tryNow(self, attempt, a, b, c)
  now.a = now.b = now.c = undefined
  return outcome
}

/**
 * The driver: yields first when the budget is spent, then runs `attempt`; on EAGAIN fails at once for
 * `MSG_DONTWAIT` in `flags` (and, in `waitIo`, for a non-blocking socket), else waits for `events`
 * within the socket timeout, running the attempt again on every wake-up until it gives the outcome.
 * The fast path is one synchronous attempt: no generator, no allocation besides its outcome.
 */
export const drive = <A>(
  self: SocketState,
  events: number,
  syscall: string,
  flags: number,
  attempt: Attempt<A>,
  a?: unknown,
  b?: unknown,
  c?: unknown
): Effect.Effect<A, IoError> => {
  if (mustYield(self)) return Effect.andThen(Effect.yieldNow, Effect.suspend(() => drive(self, events, syscall, flags, attempt, a, b, c)))
  const outcome = tryNow(self, attempt, a, b, c)
  a = now.a
  b = now.b
  c = now.c
  now.a = now.b = now.c = undefined
  if (outcome !== undefined) return outcome
  if ((flags & MSG_DONTWAIT) !== 0) return fail(EAGAIN, syscall)
  return waitIo(self, events, undefined, syscall, attempt, a, b, c)
}

/**
 * Waits for readiness after an EAGAIN: fails at once with EAGAIN when non-blocking, with
 * `SocketTimeout` when the deadline has passed. With an `attempt`, runs it on each wake-up until it
 * gives the outcome (its arguments `a`, `b`, `c` are kept on the watcher): the retry happens in the
 * wake-up, so the fiber resumes once, with the result. `deadline` undefined: the socket timeout from now.
 */
export const waitIo = <A = void>(
  self: SocketState,
  events: number,
  deadline: number | undefined,
  syscall: string,
  attempt?: (w: Watcher.WatcherImpl) => Effect.Effect<A, IoError> | undefined,
  a?: unknown,
  b?: unknown,
  c?: unknown
): Effect.Effect<A, IoError> => {
  if (self._timeoutMs === 0) return fail(EAGAIN, syscall)
  if (self._fd < 0) return Effect.fail(badFd(syscall))
  self._streak = 0
  let ms = deadline === undefined ? self._timeoutMs : -1
  if (deadline !== undefined && deadline >= 0) {
    ms = deadline - performance.now()
    if (ms <= 0) return Effect.fail(new SocketTimeout())
  }
  const w = self._watcher(events)
  if (w instanceof SocketError) return Effect.fail(w)
  return ioWait(w, ms, undefined, attempt, self, a, b, c)
}
