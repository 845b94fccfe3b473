/**
 * The small interface the `dns`, `ares` and Effect-`Dns` resolvers implement: look up the addresses of
 * one name and the names of one address, with TTLs. `Frontend.make` turns a backend into a full
 * `ResolverService` with CPython's semantics; `withHosts` puts the hosts file in front of a backend.
 *
 * @since 0.1.0
 */
import { constants, GaiError } from "@greenfiber/core"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type * as Dns from "effect/net/Dns"
import * as Result from "effect/Result"
import { asciiLower } from "./dns/Codec.ts"
import * as Hosts from "./Hosts.ts"

const C = constants

/**
 * The addresses of a name. `ttl` is in seconds; `undefined` means the source gives none (hosts file,
 * OS resolver), so a cache applies its own default.
 *
 * @since 0.1.0
 * @category models
 */
export interface HostAnswer {
  readonly canonical: string
  readonly aliases: ReadonlyArray<string>
  readonly v4: ReadonlyArray<string>
  readonly v6: ReadonlyArray<string>
  readonly ttl: number | undefined
}

/**
 * The names of an address: the host name first, then aliases.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReverseAnswer {
  readonly names: readonly [string, ...Array<string>]
  readonly ttl: number | undefined
}

/**
 * A failed lookup: the `GaiError` to report and, for a negative answer (NXDOMAIN, no data), how long it
 * may be cached in seconds (RFC 2308: the SOA's TTL capped by its MINIMUM field).
 *
 * @example
 * ```ts
 * import { GaiError, constants } from "@greenfiber/core"
 * import { Backend } from "@greenfiber/resolver"
 * new Backend.LookupFailure({ error: GaiError.fromCode(constants.EAI_NONAME!), ttl: 30 })
 * ```
 * @since 0.1.0
 * @category errors
 */
export class LookupFailure extends Data.TaggedError("LookupFailure")<{
  readonly error: GaiError
  readonly ttl: number | undefined
}> {}

/**
 * A resolver backend. `family` is `AF_UNSPEC`, `AF_INET` or `AF_INET6`; a backend returns at least one
 * address of the family asked for, or fails with EAI_NONAME (no such name), EAI_NODATA (no address of
 * that family), EAI_AGAIN (time-out, server failure) or EAI_FAIL.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Backend } from "@greenfiber/resolver"
 *
 * const fixed: Backend.Backend = {
 *   name: "fixed",
 *   lookup: (host) => Effect.succeed({ canonical: host, aliases: [], v4: ["10.0.0.1"], v6: [], ttl: 60 }),
 *   reverse: () => Effect.succeed({ names: ["fixed.test"], ttl: 60 })
 * }
 * ```
 * @since 0.1.0
 * @category models
 */
export interface Backend {
  readonly name: string
  readonly lookup: (host: string, family: number) => Effect.Effect<HostAnswer, LookupFailure>
  readonly reverse: (ip: string) => Effect.Effect<ReverseAnswer, LookupFailure>
  /**
   * The records of one type at a name, taken as absolute (no search list, no hosts file), for a
   * backend that can query DNS records; at least one record, or a `DnsError`.
   */
  readonly resolve?: ((name: string, type: Dns.RecordType) => Effect.Effect<ReadonlyArray<Dns.DnsRecord>, Dns.DnsError>) | undefined
}

/**
 * The failure for an EAI_* code, with an optional negative TTL.
 *
 * @example
 * ```ts
 * import { constants } from "@greenfiber/core"
 * import { Backend } from "@greenfiber/resolver"
 * const f = Backend.failure(constants.EAI_AGAIN!) // not cacheable
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const failure = (code: number, ttl?: number): LookupFailure =>
  new LookupFailure({ error: GaiError.fromCode(code), ttl })

/**
 * The TTL of an answer to both families built from the A and AAAA halves that succeeded: 0 (not to be
 * cached) when a half is missing because its query failed for now (EAI_AGAIN), else `ttl`. Cached as
 * complete, one time-out would hide that family's addresses until the TTL ran out.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { constants } from "@greenfiber/core"
 * import { Backend } from "@greenfiber/resolver"
 * Backend.halvesTtl([Result.succeed(1), Result.fail(Backend.failure(constants.EAI_AGAIN!))], 300) // 0
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const halvesTtl = (halves: ReadonlyArray<Result.Result<unknown, LookupFailure>>, ttl: number | undefined): number | undefined =>
  halves.some((r) => Result.isFailure(r) && r.failure.error.errno === C.EAI_AGAIN) ? 0 : ttl

/** EAI_NODATA where the platform has it (glibc), else EAI_NONAME. @since 0.1.0 @category constants */
export const EAI_NODATA: number = C.EAI_NODATA ?? C.EAI_NONAME!

/**
 * The code a lookup fails with when the name's answer ends at a CNAME with no address of the family
 * asked (a CNAME-only reply, its target unknown or without addresses): what glibc 2.36 gives, measured
 * against dnsmasq serving such a reply: EAI_NODATA for IPv4 lookups (`gethostbyname`,
 * `getaddrinfo(AF_INET)`), EAI_NONAME for IPv6 and for both families. (glibc's `AF_INET` with
 * `AI_CANONNAME` says EAI_NONAME too; the backends are not told the flags, so it is EAI_NODATA here.)
 *
 * @example
 * ```ts
 * import { constants } from "@greenfiber/core"
 * import { Backend } from "@greenfiber/resolver"
 * Backend.cnameOnly(constants.AF_INET!) === Backend.EAI_NODATA // true
 * ```
 * @since 0.1.0
 * @category constants
 */
export const cnameOnly = (family: number): number => (family === C.AF_INET ? EAI_NODATA : C.EAI_NONAME!)

/** `localhost` and `*.localhost` as written: `localhost.` is an absolute name for DNS, as glibc takes it. */
const isLocalhost = (name: string) => {
  const n = asciiLower(name)
  return n === "localhost" || n.endsWith(".localhost")
}

/**
 * Puts a hosts file in front of a backend, as glibc's `hosts: files dns` does: a name listed with an
 * address of the family asked for is answered from the file; an address listed is reversed from it.
 * `localhost` and `*.localhost` not in the file still give the loopback addresses (RFC 6761, as c-ares).
 * Names are compared as glibc's `nss_files` does, ASCII case aside exactly as written, so a trailing
 * dot counts: `localhost.` is not `localhost` and goes to DNS. Record queries (`resolve`) skip the file.
 *
 * @example
 * ```ts
 * import { Backend, Hosts } from "@greenfiber/resolver"
 * declare const dns: Backend.Backend
 * const withFile = Backend.withHosts(Hosts.file("/etc/hosts").current, dns)
 * ```
 * @since 0.1.0
 * @category combinators
 */
export const withHosts = (hosts: () => Hosts.HostsTable, backend: Backend): Backend => ({
  name: backend.name,
  resolve: backend.resolve,
  lookup: (host, family) =>
    Effect.suspend(() => {
      const entry = Hosts.lookup(hosts(), host) ?? (isLocalhost(host) ? { canonical: host, aliases: [], v4: ["127.0.0.1"], v6: ["::1"] } : undefined)
      if (entry !== undefined) {
        const v4 = family === C.AF_INET6 ? [] : entry.v4
        const v6 = family === C.AF_INET ? [] : entry.v6
        if (v4.length + v6.length > 0) return Effect.succeed({ canonical: entry.canonical, aliases: entry.aliases, v4, v6, ttl: undefined })
      }
      return backend.lookup(host, family)
    }),
  reverse: (ip) =>
    Effect.suspend(() => {
      const entry = Hosts.reverse(hosts(), ip)
      if (entry !== undefined) return Effect.succeed({ names: [entry[0], ...entry[1]] as const, ttl: undefined })
      return backend.reverse(ip)
    })
})
