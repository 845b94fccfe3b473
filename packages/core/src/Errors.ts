/**
 * The five typed errors of greenfiber, each the twin of a Python exception.
 * They are `Schema.TaggedError`s, so they can cross an RPC boundary intact.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { native } from "./internal/native.ts"

const errnoNames: ReadonlyMap<number, string> = new Map(
  Object.entries(native.errno).map(([name, value]) => [value, name] as const).reverse()
)

/**
 * An OS-level failure, Python's `OSError` / `socket.error`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SocketError } from "@greenfiber/core"
 *
 * const refused = SocketError.fromErrno(111, "connect")
 * // refused.code === "ECONNREFUSED", refused.message === "Connection refused"
 * const program = Effect.fail(refused).pipe(
 *   Effect.catchTag("SocketError", (e) => Effect.succeed(e.errno))
 * )
 * ```
 * @since 0.1.0
 * @category errors
 */
export class SocketError extends Schema.TaggedError<SocketError>()("SocketError", {
  errno: Schema.Number,
  code: Schema.String,
  message: Schema.String,
  syscall: Schema.optional(Schema.String)
}) {
  /**
   * Builds the error for an errno value with the platform's name and `strerror` text. An errno is an
   * expected outcome of I/O (every reset connection ends in one), so no JS stack is captured: that
   * alone costs more than the syscall. The fiber's spans still say where it happened. Without a stack
   * the error is a plain value of (errno, syscall), so one instance per pair is built and reused.
   */
  static fromErrno(errno: number, syscall?: string): SocketError {
    const e = Math.abs(errno)
    const key = syscall ?? ""
    let bySyscall = errnoErrors.get(e)
    if (bySyscall === undefined) errnoErrors.set(e, bySyscall = new Map())
    let error = bySyscall.get(key)
    if (error === undefined) {
      const limit = Error.stackTraceLimit
      Error.stackTraceLimit = 0
      try {
        error = new SocketError({ errno: e, code: errnoCode(e), message: strerror(e), syscall })
      } finally {
        Error.stackTraceLimit = limit
      }
      // Bounded: errno values times the syscall names this library passes.
      if (bySyscall.size < 64) bySyscall.set(key, error)
    }
    return error
  }

  /** An invalid argument: `EINVAL` with a message that says what was wrong (Python's ValueError cases). */
  static invalid(message: string): SocketError {
    return new SocketError({ errno: errnoValue("EINVAL"), code: "EINVAL", message })
  }

}

const errnoErrors = new Map<number, Map<string, SocketError>>()

const messages = new Map<number, string>()
const strerror = (errno: number): string => {
  let text = messages.get(errno)
  if (text === undefined) messages.set(errno, text = native.strerror(errno))
  return text
}

/** The symbolic name of an errno value (`111` -> `"ECONNREFUSED"`), or `"E<n>"` when the platform has none. */
export const errnoCode = (errno: number): string => errnoNames.get(errno) ?? `E${errno}`

/** The errno value of a symbolic name on this platform (`"EBADF"` -> 9). */
export const errnoValue = (code: string): number => native.errno[code] ?? 0

/**
 * The error a fiber sees when the fd it waits on is closed by another fiber (gevent's wording).
 *
 * @example
 * ```ts
 * import { closedError } from "@greenfiber/core"
 * closedError().code // "EBADF"
 * ```
 * @since 0.1.0
 * @category errors
 */
export const closedError = (): SocketError =>
  new SocketError({
    errno: errnoValue("EBADF"),
    code: "EBADF",
    message: "File descriptor was closed in another fiber"
  })

/**
 * A socket operation ran out of time, Python's `socket.timeout` (`TimeoutError`).
 *
 * @example
 * ```ts
 * import { SocketTimeout } from "@greenfiber/core"
 * new SocketTimeout().message // "timed out"
 * ```
 * @since 0.1.0
 * @category errors
 */
export class SocketTimeout extends Schema.TaggedError<SocketTimeout>()("SocketTimeout", {
  message: Schema.optional(Schema.String)
}) {
  constructor(props: { readonly message?: string } = {}) {
    super({ message: props.message ?? "timed out" })
  }
}

/**
 * A name lookup failed, Python's `socket.gaierror`. `errno` is the platform's EAI_* value.
 *
 * @example
 * ```ts
 * import { GaiError } from "@greenfiber/core"
 * const e = GaiError.fromCode(-2) // on Linux: EAI_NONAME, "Name or service not known"
 * ```
 * @since 0.1.0
 * @category errors
 */
export class GaiError extends Schema.TaggedError<GaiError>()("GaiError", {
  errno: Schema.Number,
  code: Schema.String,
  message: Schema.String
}) {
  /** Builds the error for an EAI_* value, with the platform's `gai_strerror` text. */
  static fromCode(code: number): GaiError {
    return new GaiError({ errno: code, code: eaiCode(code), message: native.gaiStrerror(code) })
  }
}

const eaiNames: ReadonlyMap<number, string> = new Map(
  Object.entries(native.constants).filter(([name]) => name.startsWith("EAI_")).map(([name, value]) => [value, name] as const)
)

/** The symbolic name of an EAI_* value (`-2` -> `"EAI_NONAME"` on Linux). */
export const eaiCode = (code: number): string => eaiNames.get(code) ?? `EAI_${code}`

/**
 * A host lookup by address failed, Python's `socket.herror`.
 *
 * @example
 * ```ts
 * import { HError } from "@greenfiber/core"
 * new HError({ errno: 1, message: "Unknown host" })
 * ```
 * @since 0.1.0
 * @category errors
 */
export class HError extends Schema.TaggedError<HError>()("HError", {
  errno: Schema.Number,
  message: Schema.String
}) {}

/**
 * A second fiber tried to wait on something only one fiber may wait on (gevent's error).
 *
 * @example
 * ```ts
 * import { ConcurrentObjectUseError } from "@greenfiber/core"
 * new ConcurrentObjectUseError({ message: "This watcher is already used by another fiber" })
 * ```
 * @since 0.1.0
 * @category errors
 */
export class ConcurrentObjectUseError extends Schema.TaggedError<ConcurrentObjectUseError>()(
  "ConcurrentObjectUseError",
  { message: Schema.String }
) {}
