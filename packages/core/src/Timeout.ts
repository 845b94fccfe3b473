/**
 * Timeouts as Python spells them: a number of seconds, a `Duration`, or `null` for "block forever".
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { SocketError } from "./Errors.ts"

/**
 * A timeout: seconds as a `number` (`0.5`), a `Duration`, or `null` to block forever.
 *
 * @since 0.1.0
 * @category models
 */
export type TimeoutInput = number | Duration.Duration | null

/**
 * Turns a timeout into seconds (`null` stays `null`). Returns `undefined` for a value that is not a
 * timeout at all (NaN, a string, ...), so each caller can apply its own rule to negatives.
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { toSeconds } from "@greenfiber/core"
 * toSeconds(Duration.millis(250)) // 0.25
 * toSeconds(null) // null
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const toSeconds = (timeout: unknown): number | null | undefined => {
  if (timeout === null) return null
  // An infinite number of seconds blocks forever, as `Duration.infinity` does.
  if (typeof timeout === "number") return Number.isNaN(timeout) ? undefined : timeout === Infinity ? null : timeout
  if (Duration.isDuration(timeout)) {
    const ms = Duration.toMillis(timeout)
    return Number.isFinite(ms) ? ms / 1000 : null
  }
  return undefined
}

/**
 * Checks a socket timeout the way CPython's `settimeout` does: negative or NaN is `EINVAL`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { validateTimeout } from "@greenfiber/core"
 * Effect.runSync(validateTimeout(1.5)) // 1.5
 * ```
 * @since 0.1.0
 * @category conversions
 */
export const validateTimeout = (timeout: unknown): Effect.Effect<number | null, SocketError> => {
  const seconds = toSeconds(timeout)
  return seconds === undefined || (seconds !== null && seconds < 0)
    ? Effect.fail(SocketError.invalid("Timeout value must be a non-negative number or null"))
    : Effect.succeed(seconds)
}

/**
 * The timeout new sockets start with, in seconds (`null`: block forever), Python's
 * `socket.setdefaulttimeout`. A `Context.Reference`, so it is scoped to a region of code.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DefaultTimeout } from "@greenfiber/core"
 *
 * const program = Effect.gen(function*() {
 *   const timeout = yield* DefaultTimeout // null unless set
 * })
 * ```
 * @since 0.1.0
 * @category references
 */
export const DefaultTimeout = Context.Reference<number | null>("@greenfiber/core/DefaultTimeout", {
  defaultValue: () => null
})

/**
 * Runs an effect with a different default socket timeout.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { withDefaultTimeout } from "@greenfiber/core"
 *
 * const program = Effect.succeed("work").pipe(withDefaultTimeout(5))
 * ```
 * @since 0.1.0
 * @category references
 */
export const withDefaultTimeout =
  (timeout: TimeoutInput) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | SocketError, R> =>
    Effect.flatMap(validateTimeout(timeout), (seconds) => Effect.provideService(self, DefaultTimeout, seconds))
