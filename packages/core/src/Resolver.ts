/**
 * The name resolution service every greenfiber socket asks, Python's module-level name functions as an
 * Effect service. Layers in `@greenfiber/resolver` swap the implementation; without one, the OS resolver
 * on libuv's thread pool is used.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { GaiError, HError } from "./Errors.ts"
import * as OsResolver from "./OsResolver.ts"

/**
 * A socket address as Python writes it: `[host, port]`, `[host, port, flowinfo, scopeId]`, or a Unix path.
 *
 * @since 0.1.0
 * @category models
 */
export type Address = readonly [host: string, port: number] | readonly [host: string, port: number, flowinfo: number, scopeId: number] | string

/**
 * One `getaddrinfo` result: `[family, type, proto, canonname, address]`.
 *
 * @since 0.1.0
 * @category models
 */
export type AddrInfo = readonly [family: number, type: number, proto: number, canonname: string, address: Address]

/**
 * `[hostname, aliases, addresses]`, the shape of `gethostbyname_ex` and `gethostbyaddr`.
 *
 * @since 0.1.0
 * @category models
 */
export type HostEntry = readonly [hostname: string, aliases: ReadonlyArray<string>, addresses: ReadonlyArray<string>]

/**
 * What a resolver does. Failures use the codes CPython gives for the same input.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolverService {
  /** The name of the implementation (`"thread"`, `"blocking"`, `"ares"`, `"dns"`, ...). */
  readonly name: string
  /** One IPv4 address of `host` as a dotted quad. */
  readonly gethostbyname: (host: string) => Effect.Effect<string, GaiError>
  /** `[canonical name, aliases, IPv4 addresses]`. */
  readonly gethostbynameEx: (host: string) => Effect.Effect<HostEntry, GaiError>
  /** Addresses for `host`/`port` filtered by family, type, proto and AI_* flags. */
  readonly getaddrinfo: (
    host: string | null,
    port: string | number | null,
    family?: number,
    type?: number,
    proto?: number,
    flags?: number
  ) => Effect.Effect<ReadonlyArray<AddrInfo>, GaiError>
  /** `[hostname, aliases, addresses]` for an address (a name is resolved first). */
  readonly gethostbyaddr: (ip: string) => Effect.Effect<HostEntry, HError | GaiError>
  /** `[host, port]` for a socket address, with NI_* flags. */
  readonly getnameinfo: (
    address: readonly [string, number] | readonly [string, number, number, number],
    flags: number
  ) => Effect.Effect<readonly [string, string], GaiError>
}

/**
 * The resolver service. A `Context.Reference` whose default is the OS resolver on libuv's thread pool,
 * so code that resolves names needs no set-up; provide another implementation with a layer.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Resolver } from "@greenfiber/core"
 *
 * const program = Effect.gen(function*() {
 *   const resolver = yield* Resolver
 *   return yield* resolver.gethostbyname("localhost") // "127.0.0.1"
 * })
 * ```
 * @since 0.1.0
 * @category services
 */
export const Resolver: Context.Reference<ResolverService> = Context.Reference<ResolverService>("@greenfiber/core/Resolver", {
  defaultValue: () => OsResolver.thread
})
