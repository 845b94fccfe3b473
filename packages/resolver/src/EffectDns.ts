/**
 * Interop with Effect's own `effect/net/Dns` service, both ways.
 *
 * @since 0.1.0
 */
import { constants, type GaiError, type HError, Resolver, type ResolverService } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Dns from "effect/net/Dns"
import * as NetAddress from "effect/net/NetAddress"
import * as Result from "effect/Result"
import { type Backend, failure, type LookupFailure } from "./Backend.ts"
import * as Frontend from "./Frontend.ts"

const C = constants

const reasonOf = (errno: number): Dns.DnsErrorReason =>
  errno === C.EAI_NONAME || errno === C.EAI_NODATA
    ? "NotFound"
    : errno === C.EAI_AGAIN
    ? "Temporary"
    : errno === C.EAI_FAIL
    ? "ServerFailure"
    : "Unknown"

/**
 * An Effect `Dns` service answering from a greenfiber resolver: `lookup` is `getaddrinfo`, `reverse` is
 * `gethostbyaddr`, `resolve` is the resolver's record query when it has one (`layerDns`, `layerAres`,
 * `fromEffectDns`, and `layerCache` over them: every record type `Dns` defines) and `Unsupported`
 * otherwise (`layerThread`, `layerBlocking`: the OS resolver answers no record queries).
 * EAI_NONAME/EAI_NODATA become `NotFound`, EAI_AGAIN `Temporary`, EAI_FAIL `ServerFailure`.
 *
 * @example
 * ```ts
 * import { OsResolver } from "@greenfiber/core"
 * import { toEffectDns } from "@greenfiber/resolver"
 * const dns = toEffectDns(OsResolver.thread)
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const toEffectDns = (resolver: ResolverService): Dns.Dns["Service"] => guarded(Dns.make({
    resolve: (resolver as Partial<Frontend.BackendResolver>).resolve,
    lookup: (host, family) =>
      resolver.getaddrinfo(host, null, family === "IPv4" ? C.AF_INET! : family === "IPv6" ? C.AF_INET6! : C.AF_UNSPEC!, C.SOCK_STREAM!).pipe(
        Effect.map((infos) => infos.flatMap((info) => {
          const address = NetAddress.ipFromString((info[4] as readonly [string, number])[0].split("%")[0]!)
          return Result.isSuccess(address) ? [address.success] : []
        })),
        Effect.mapError((e: GaiError) => new Dns.DnsError({ reason: reasonOf(e.errno), method: "lookup", hostname: host, cause: e }))
      ),
    reverse: (address) => {
      const ip = NetAddress.formatIp(address)
      return resolver.gethostbyaddr(ip).pipe(
        Effect.map(([hostname, aliases]) => [hostname, ...aliases]),
        Effect.mapError((e: GaiError | HError) =>
          new Dns.DnsError({
            reason: e._tag === "HError" ? (e.errno === 2 ? "Temporary" : "NotFound") : reasonOf(e.errno),
            method: "reverse",
            hostname: ip,
            cause: e
          })
        )
      )
    }
  }))

/** A value for an error message, whatever it is (String() itself throws on a Symbol). */
const describe = (u: unknown): string => {
  try {
    return String(u)
  } catch {
    return typeof u
  }
}

const badName = (method: "lookup" | "resolve" | "reverse", input: unknown, cause: unknown) =>
  Effect.fail(new Dns.DnsError({ reason: "BadName", method, hostname: describe(input), cause }))

/**
 * `Dns.make` parses names eagerly and throws on input of the wrong type (a number, null); turn that into
 * the `BadName` failure it gives for a malformed string.
 */
const guarded = (dns: Dns.Dns["Service"]): Dns.Dns["Service"] =>
  Dns.Dns.of({
    lookup: ((host: Parameters<Dns.Dns["Service"]["lookup"]>[0], options?: Dns.LookupOptions) => {
      try {
        return dns.lookup(host, options)
      } catch (cause) {
        return badName("lookup", host, cause)
      }
    }) as Dns.Dns["Service"]["lookup"],
    resolve: (name, type) => {
      try {
        return dns.resolve(name, type)
      } catch (cause) {
        return badName("resolve", name, cause)
      }
    },
    reverse: (address) => {
      try {
        return dns.reverse(address)
      } catch (cause) {
        return badName("reverse", address, cause)
      }
    }
  })

/**
 * Serves Effect's `Dns` from the current greenfiber `Resolver` (the default thread resolver unless a
 * layer provides another), so code written against `effect/net/Dns` uses greenfiber's resolution.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Dns } from "effect/net"
 * import { layerDns, layerEffectDns } from "@greenfiber/resolver"
 *
 * const layer = layerEffectDns.pipe(Layer.provide(layerDns({ nameservers: ["10.0.0.53"] })))
 * const program = Effect.flatMap(Effect.service(Dns.Dns), (dns) => dns.lookup("db.internal")).pipe(Effect.provide(layer))
 * ```
 * @since 0.1.0
 * @category layers
 */
export const layerEffectDns: Layer.Layer<Dns.Dns> = Layer.effect(Dns.Dns, Effect.map(Effect.service(Resolver), toEffectDns))

const fromDnsError = (e: Dns.DnsError): LookupFailure => {
  switch (e.reason) {
    case "NotFound":
    case "BadName":
      return failure(C.EAI_NONAME!)
    case "Timeout":
    case "Temporary":
    case "ServerFailure":
    case "Refused":
      return failure(C.EAI_AGAIN!)
    default:
      return failure(C.EAI_FAIL!)
  }
}

/**
 * A greenfiber backend over an Effect `Dns` service (its `lookup`, `reverse` and `resolve`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Dns } from "effect/net"
 * import { dnsBackend } from "@greenfiber/resolver"
 * declare const dns: Dns.Dns["Service"]
 * const backend = dnsBackend(dns)
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const dnsBackend = (dns: Dns.Dns["Service"]): Backend => ({
  name: "effect-dns",
  resolve: (name, type) => dns.resolve(name, type),
  lookup: (host, family) =>
    dns.lookup(host, { family: family === C.AF_INET ? "IPv4" : family === C.AF_INET6 ? "IPv6" : undefined }).pipe(
      Effect.map((addresses) => ({
        canonical: host,
        aliases: [],
        v4: addresses.filter(NetAddress.isIpv4Address).map(NetAddress.formatIp),
        v6: addresses.filter(NetAddress.isIpv6Address).map(NetAddress.formatIp),
        ttl: undefined
      })),
      Effect.mapError(fromDnsError)
    ),
  reverse: (ip) =>
    Result.match(NetAddress.ipFromString(ip), {
      onFailure: () => Effect.fail(failure(C.EAI_NONAME!)),
      onSuccess: (address) =>
        dns.reverse(address).pipe(
          Effect.map((names) => ({ names: [names[0], ...names.slice(1)] as const, ttl: undefined })),
          Effect.mapError(fromDnsError)
        )
    })
})

/**
 * A greenfiber resolver from any Effect `Dns` service (for example `NodeDns.layer`, or a
 * `Dns.layerStatic` in tests): names go to its `lookup`, addresses to its `reverse`; numeric hosts,
 * services and flags are handled as by every greenfiber resolver.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Dns } from "effect/net"
 * import { fromEffectDns } from "@greenfiber/resolver"
 *
 * const layer = fromEffectDns.pipe(Layer.provide(Dns.layerStatic({ hosts: { "db.internal": ["10.0.0.5"] } })))
 * ```
 * @since 0.1.0
 * @category layers
 */
export const fromEffectDns: Layer.Layer<never, never, Dns.Dns> = Layer.effect(
  Resolver,
  Effect.map(Effect.service(Dns.Dns), (dns) => Frontend.make(dnsBackend(dns)))
)

