/**
 * Errors of building a resolver layer (name lookups themselves fail with core's `GaiError`/`HError`).
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"

/**
 * A resolver layer could not be built: an unreadable `resolv.conf` or hosts file given explicitly, a
 * name server that is not an IP address, an unknown name in `GREENFIBER_RESOLVER`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ResolverSetupError } from "@greenfiber/resolver"
 * const e = new ResolverSetupError({ resolver: "dns", message: "cannot read /nope: ENOENT" })
 * ```
 * @since 0.1.0
 * @category errors
 */
export class ResolverSetupError extends Data.TaggedError("ResolverSetupError")<{
  readonly resolver: string
  readonly message: string
  readonly cause?: unknown
}> {}
