/**
 * Module-level calls on raw fds and on the default timeout: CPython's `socket.close(fd)`,
 * `getdefaulttimeout` and `setdefaulttimeout`.
 *
 * @since 0.1.0
 */
import { DefaultTimeout, errnoValue, SocketError, type TimeoutInput, validateTimeout } from "@greenfiber/core"
import { Native, notifyClosingUnsafe } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"

const native = Native.native
const ECONNRESET = errnoValue("ECONNRESET")

/**
 * Closes a raw fd (CPython's `socket.close(fd)`), such as one `recvFds` received. Fibers waiting on
 * it are woken with EBADF first, and its poll handle leaves epoll before `close(2)`, as when a
 * socket closes. ECONNRESET is ignored, as in CPython; other failures (EBADF) are `SocketError`s.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { close } from "@greenfiber/socket"
 *
 * const release = (fds: ReadonlyArray<number>) => Effect.forEach(fds, close, { discard: true })
 * ```
 * @since 0.1.0
 * @category fds
 */
export const close = (fd: number): Effect.Effect<void, SocketError> =>
  Effect.suspend(() => {
    if (typeof fd !== "number" || !Number.isInteger(fd)) return Effect.fail(SocketError.invalid("close() argument must be an integer"))
    if (fd < 0 || fd > 0x7fffffff) return Effect.fail(SocketError.fromErrno(errnoValue("EBADF"), "close"))
    notifyClosingUnsafe(fd)
    const r = native.fdClose(fd)
    return r < 0 && r !== -ECONNRESET ? Effect.fail(SocketError.fromErrno(-r, "close")) : Effect.void
  })

/**
 * The timeout new sockets start with here, in seconds (`null`: none), CPython's
 * `getdefaulttimeout()`: `DefaultTimeout` as the current fiber sees it (`withDefaultTimeout` regions
 * included).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { getdefaulttimeout } from "@greenfiber/socket"
 * const program = getdefaulttimeout() // null unless set
 * ```
 * @since 0.1.0
 * @category timeouts
 */
export const getdefaulttimeout = (): Effect.Effect<number | null> => DefaultTimeout.use(Effect.succeed)

/**
 * Sets the process-wide default timeout, CPython's `setdefaulttimeout(t)`: what `DefaultTimeout`
 * gives wherever no `withDefaultTimeout` region (or provided `DefaultTimeout`) says otherwise, in
 * every fiber from now on. Seconds, a `Duration` or `null`; negative: `SocketError` EINVAL.
 * Prefer `withDefaultTimeout` for a region of code; this is for programs ported from Python.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { setdefaulttimeout } from "@greenfiber/socket"
 * const program = setdefaulttimeout(5)
 * ```
 * @since 0.1.0
 * @category timeouts
 */
export const setdefaulttimeout = (timeout: TimeoutInput): Effect.Effect<void, SocketError> =>
  Effect.map(validateTimeout(timeout), (seconds) => {
    // A Context.Reference reads its default once and caches it on itself, under this key; writing the
    // cache is how the default changes for every fiber that has no value of its own.
    ;(DefaultTimeout as unknown as Record<string, unknown>)[DEFAULT_CACHE] = seconds
  })

const DEFAULT_CACHE = "~effect/Context/defaultValue"
