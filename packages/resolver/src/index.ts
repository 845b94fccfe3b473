/**
 * `@greenfiber/resolver`: swappable resolver layers for greenfiber, each providing core's `Resolver`.
 *
 * - `layerThread` (the default): the OS resolver on libuv's thread pool.
 * - `layerBlocking`: the OS resolver called synchronously (stalls every fiber; gevent's `block`).
 * - `layerAres(options)`: c-ares through `node:dns`, with the hosts file honoured.
 * - `layerDns(options)`: a DNS stub resolver on greenfiber's own sockets.
 * - `layerFromConfig`: chosen by `GREENFIBER_RESOLVER` (`dns,thread`, tried in order).
 * - `layerCache(options)`: a TTL-honouring cache over any of them.
 * - `layerEffectDns` / `fromEffectDns`: interop with `effect/net/Dns`.
 *
 * One export style: every layer, resolver constructor, option type and error is a flat name
 * (`layerDns`, `makeDns`, `DnsOptions`); a namespace is a toolkit with no layer of its own (`Codec`,
 * `Hosts`, `Backend`, `Frontend`, ...), and no name is reachable both ways. The DNS wire format and
 * client live in `src/dns/`.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Resolver } from "@greenfiber/core"
 * import { layerCache, layerDns } from "@greenfiber/resolver"
 *
 * const ResolverLive = layerCache().pipe(Layer.provide(layerDns({ nameservers: ["127.0.0.1:5353"], timeout: 1 })))
 * const program = Effect.gen(function*() {
 *   const resolver = yield* Resolver
 *   return yield* resolver.getaddrinfo("db.internal", 5432)
 * }).pipe(Effect.provide(ResolverLive))
 * ```
 * @since 0.1.0
 */
// Layers, constructors, options and errors: flat names.
export { layerBlocking, layerThread } from "./Os.ts"
export { aresBackend, layerAres, makeAres } from "./Ares.ts"
export type { AresOptions } from "./Ares.ts"
export { dnsConfig, layerDns, makeDns } from "./DnsLayer.ts"
export type { DnsOptions } from "./DnsLayer.ts"
export { choices, layerFromConfig, layerFromConfigWith } from "./Config.ts"
export type { FromConfigOptions } from "./Config.ts"
export { cached, layerCache } from "./Cache.ts"
export type { CacheOptions } from "./Cache.ts"
export { dnsBackend, fromEffectDns, layerEffectDns, toEffectDns } from "./EffectDns.ts"
export { ResolverSetupError } from "./Errors.ts"
// Toolkits for building resolvers and reading DNS: namespaces.
export * as Backend from "./Backend.ts"
export * as Frontend from "./Frontend.ts"
export * as Hosts from "./Hosts.ts"
export * as Codec from "./dns/Codec.ts"
export * as DnsClient from "./dns/Client.ts"
export * as Records from "./dns/Records.ts"
export * as ResolvConf from "./dns/ResolvConf.ts"
export * as Transport from "./dns/Transport.ts"
