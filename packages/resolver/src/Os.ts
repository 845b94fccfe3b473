/**
 * The OS resolver layers: `getaddrinfo`/`getnameinfo` from the addon, on libuv's thread pool or called
 * synchronously. Layers over `@greenfiber/core`'s `OsResolver.thread` and `OsResolver.blocking`, which
 * hold the argument checks CPython makes (so `getaddrinfo(null, null)` is EAI_NONAME on both, though
 * libuv itself refuses that call).
 *
 * @since 0.1.0
 */
import { OsResolver, Resolver } from "@greenfiber/core"
import * as Layer from "effect/Layer"

/**
 * The OS resolver on libuv's thread pool (the default when no layer is given): only the calling fiber
 * waits. Hosts file, NSS and `resolv.conf` are the system's. An interrupted lookup still queued leaves
 * the pool at once (`uv_cancel`); one a thread already runs cannot be stopped, it ends on its own and
 * its answer is dropped.
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
export const layerThread: Layer.Layer<never> = Layer.succeed(Resolver, OsResolver.thread)

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
export const layerBlocking: Layer.Layer<never> = Layer.succeed(Resolver, OsResolver.blocking)
