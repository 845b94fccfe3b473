/**
 * The OS resolver layers: `getaddrinfo`/`getnameinfo` from the addon, on libuv's thread pool or called
 * synchronously. Thin layers over `@greenfiber/core`'s `OsResolver`
 * (with `getaddrinfo(null, null)` giving EAI_NONAME, as CPython, on the thread pool too).
 *
 * @since 0.1.0
 */
import { OsResolver, Resolver, type ResolverService } from "@greenfiber/core"
import * as Layer from "effect/Layer"

/**
 * libuv refuses `uv_getaddrinfo` with neither host nor service (UV_EINVAL, which core reports as
 * EAI_SYSTEM); glibc and CPython say EAI_NONAME. Fixed here so every layer gives CPython's code.
 */
const thread = OsResolver.thread
const blocking = OsResolver.blocking

/**
 * The OS resolver on libuv's thread pool (the default when no layer is given): only the calling fiber
 * waits. Hosts file, NSS and `resolv.conf` are the system's. An interrupted lookup cannot be taken back
 * from the thread pool: its answer is dropped when it arrives.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Resolver } from "@greenfiber/core"
 * import { layerThread } from "@greenfiber/resolver"
 *
 * const program = Effect.gen(function*() {
 *   const resolver = yield* Resolver
 *   return yield* resolver.gethostbyname("localhost") // "127.0.0.1"
 * }).pipe(Effect.provide(layerThread))
 * ```
 * @since 0.1.0
 * @category layers
 */
export const layerThread: Layer.Layer<never> = Layer.succeed(Resolver, thread)

/**
 * The OS resolver called synchronously (gevent's `block`): exact and simple, but **every fiber stalls**
 * while a lookup runs, so a slow DNS server stops the whole program. Use it for scripts, or when only
 * numeric addresses and hosts-file names are resolved.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Resolver } from "@greenfiber/core"
 * import { layerBlocking } from "@greenfiber/resolver"
 *
 * const program = Effect.flatMap(Effect.service(Resolver), (r) => r.getaddrinfo("127.0.0.1", 80)).pipe(
 *   Effect.provide(layerBlocking)
 * )
 * ```
 * @since 0.1.0
 * @category layers
 */
export const layerBlocking: Layer.Layer<never> = Layer.succeed(Resolver, blocking)

/** @internal */
export const osThread: ResolverService = thread
/** @internal */
export const osBlocking: ResolverService = blocking
