/**
 * `layerAres`: c-ares through `node:dns`'s `Resolver`, with the hosts file read by greenfiber itself so
 * `localhost` and hosts entries work as with the OS resolver.
 *
 * @since 0.1.0
 */
import { constants, Resolver, toSeconds } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Dns from "effect/net/Dns"
import * as Result from "effect/Result"
import * as dns from "node:dns"
import { type Backend, cnameOnly as cnameOnlyFor, EAI_NODATA, failure, halvesTtl, type HostAnswer, type LookupFailure, withHosts } from "./Backend.ts"
import * as Codec from "./dns/Codec.ts"
import { ResolverSetupError } from "./Errors.ts"
import * as Frontend from "./Frontend.ts"
import * as Hosts from "./Hosts.ts"
import * as Records from "./dns/Records.ts"

const C = constants

/**
 * Options of `layerAres`: name servers (as `node:dns` `setServers` takes them: `"127.0.0.1"`,
 * `"127.0.0.1:5353"`, `"[::1]:53"`; default: the system's), `timeout` in seconds for the first try
 * (c-ares backs off on later ones) and `tries` per server (1 to 100).
 *
 * @since 0.1.0
 * @category models
 */
export interface AresOptions {
  readonly nameservers?: ReadonlyArray<string> | undefined
  readonly timeout?: number | import("effect/Duration").Duration | undefined
  readonly tries?: number | undefined
  /** Hosts file, default `/etc/hosts`. */
  readonly hostsFile?: string | undefined
}

/** The most tries per server `makeAres` takes (c-ares' default is 3, Node's 4). */
const MAX_TRIES = 100

const fromAres = (err: NodeJS.ErrnoException): LookupFailure => {
  switch (err.code) {
    case dns.NOTFOUND:
    case dns.BADNAME:
      return failure(C.EAI_NONAME!)
    case dns.NODATA:
      return failure(EAI_NODATA)
    case dns.TIMEOUT:
    case dns.SERVFAIL:
    case dns.CONNREFUSED:
    case dns.REFUSED:
    case dns.CANCELLED:
    case dns.FORMERR:
      return failure(C.EAI_AGAIN!)
    default:
      return failure(C.EAI_FAIL!)
  }
}

/** One `node:dns` call, its error as `node:dns` gives it. */
const callRaw = <A>(run: (cb: (err: NodeJS.ErrnoException | null, result: A) => void) => void): Effect.Effect<A, NodeJS.ErrnoException> =>
  Effect.callback<A, NodeJS.ErrnoException>((resume) => {
    run((err, result) => resume(err ? Effect.fail(err) : Effect.succeed(result)))
  })

const call = <A>(run: (cb: (err: NodeJS.ErrnoException | null, result: A) => void) => void): Effect.Effect<A, LookupFailure> =>
  Effect.mapError(callRaw(run), fromAres)

/** Runs one lookup's queries on a `node:dns` Resolver. */
type WithResolver = <A, E>(use: (resolver: dns.Resolver) => Effect.Effect<A, E>) => Effect.Effect<A, E>

/**
 * Gives each lookup a Resolver of its own, from the idle ones or `make`: `node:dns` cancels only all of
 * a Resolver's queries, so an interrupted lookup cancels its own that way. Otherwise its queries would
 * run to their last try, their answers dropped, and their sockets and timers would keep the process
 * alive (23 s with c-ares' defaults). A cancelled Resolver is not reused.
 */
const pooled = (make: () => dns.Resolver, keep = 16): WithResolver => {
  const idle: Array<dns.Resolver> = []
  return (use) =>
    Effect.acquireUseRelease(
      Effect.sync(() => idle.pop() ?? make()),
      use,
      (resolver, exit) =>
        Effect.sync(() => {
          if (Exit.hasInterrupts(exit)) resolver.cancel()
          else if (idle.length < keep) idle.push(resolver)
        })
    )
}

/**
 * The c-ares backend over one `node:dns` `Resolver` (without the hosts file).
 *
 * @example
 * ```ts
 * import * as dns from "node:dns"
 * import { aresBackend } from "@greenfiber/resolver"
 * const backend = aresBackend(new dns.Resolver({ timeout: 1000, tries: 2 }))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const aresBackend = (resolver: dns.Resolver): Backend => backendWith((use) => use(resolver))

/** The most CNAME hops followed, as `dns` follows (one reply can hold 16, eight queries are made). */
const MAX_HOPS = 16

const stripDot = (name: string) => (name.endsWith(".") ? name.slice(0, -1) : name)

/** Which of two failed halves of an `AF_UNSPEC` lookup to report: NXDOMAIN, then a temporary failure, then "no data" (as `dns`). */
const worse = (a: LookupFailure, b: LookupFailure): LookupFailure =>
  a.error.errno === C.EAI_NONAME ? a : b.error.errno === C.EAI_NONAME ? b : a.error.errno === C.EAI_AGAIN ? a : b

/** Effect `Dns` reasons for `node:dns` error codes (as `@effect/platform-node`'s `NodeDns`). */
const reasons: Record<string, Dns.DnsErrorReason> = {
  ENOTFOUND: "NotFound",
  ENODATA: "NotFound",
  ETIMEOUT: "Timeout",
  ESERVFAIL: "ServerFailure",
  EREFUSED: "Refused",
  ECONNREFUSED: "Refused",
  EBADNAME: "BadName",
  EFORMERR: "InvalidResponse",
  EBADRESP: "InvalidResponse",
  ENOTIMP: "Unsupported"
}

/** A string of one byte per character (how `node:dns` gives TXT, CAA and NAPTR strings) as its bytes. */
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff)

type Query = (resolver: dns.Resolver, name: string) => Effect.Effect<ReadonlyArray<Codec.RecordData>, NodeJS.ErrnoException> | undefined

const q = <A>(resolver: dns.Resolver, method: string, name: string, f: (a: A) => ReadonlyArray<Codec.RecordData>) => {
  const fn = (resolver as unknown as Record<string, unknown>)[method]
  // `resolveTlsa` came with Node 22.15 and 23.9: without it, TLSA is Unsupported.
  if (typeof fn !== "function") return undefined
  return Effect.map(callRaw<A>((cb) => (fn as (n: string, cb: unknown) => void).call(resolver, name, cb)), f)
}

/**
 * Each record type through `node:dns`, as the `Codec` data `Records.fromWire` turns into Effect's records,
 * so `ares` and `dns` give the same values for the same answer.
 */
const queries: { readonly [K in Dns.RecordType]: Query } = {
  A: (r, n) => q<Array<string>>(r, "resolve4", n, (xs) => xs.map((address) => ({ _tag: "A", address }))),
  AAAA: (r, n) => q<Array<string>>(r, "resolve6", n, (xs) => xs.map((address) => ({ _tag: "AAAA", address }))),
  CAA: (r, n) =>
    q<Array<dns.CaaRecord>>(r, "resolveCaa", n, (xs) =>
      xs.flatMap((caa) => {
        const tag = Object.keys(caa).find((key) => key !== "critical" && key !== "type")
        return tag === undefined ? [] : [{ _tag: "CAA", flags: caa.critical, tag, value: latin1(String((caa as unknown as Record<string, unknown>)[tag])) }]
      })),
  CNAME: (r, n) => q<Array<string>>(r, "resolveCname", n, (xs) => xs.map((name) => ({ _tag: "Name", name }))),
  MX: (r, n) => q<Array<dns.MxRecord>>(r, "resolveMx", n, (xs) => xs.map((mx) => ({ _tag: "MX", preference: mx.priority, exchange: mx.exchange }))),
  NAPTR: (r, n) =>
    q<Array<dns.NaptrRecord>>(r, "resolveNaptr", n, (xs) =>
      xs.map((x) => ({
        _tag: "NAPTR",
        order: x.order,
        preference: x.preference,
        flags: latin1(x.flags),
        service: latin1(x.service),
        regexp: latin1(x.regexp),
        replacement: x.replacement
      }))),
  NS: (r, n) => q<Array<string>>(r, "resolveNs", n, (xs) => xs.map((name) => ({ _tag: "Name", name }))),
  PTR: (r, n) => q<Array<string>>(r, "resolvePtr", n, (xs) => xs.map((name) => ({ _tag: "Name", name }))),
  SOA: (r, n) =>
    q<dns.SoaRecord>(r, "resolveSoa", n, (soa) => [{
      _tag: "SOA",
      mname: soa.nsname,
      rname: soa.hostmaster,
      // c-ares reports the 32-bit unsigned fields as signed integers.
      serial: soa.serial >>> 0,
      refresh: soa.refresh >>> 0,
      retry: soa.retry >>> 0,
      expire: soa.expire >>> 0,
      minimum: soa.minttl >>> 0
    }]),
  SRV: (r, n) =>
    q<Array<dns.SrvRecord>>(r, "resolveSrv", n, (xs) => xs.map((x) => ({ _tag: "SRV", priority: x.priority, weight: x.weight, port: x.port, target: x.name }))),
  TLSA: (r, n) =>
    q<Array<{ certUsage: number; selector: number; match: number; data: ArrayBuffer }>>(r, "resolveTlsa", n, (xs) =>
      xs.map((x) => ({ _tag: "TLSA", usage: x.certUsage, selector: x.selector, matchingType: x.match, data: new Uint8Array(x.data) }))),
  TXT: (r, n) => q<Array<Array<string>>>(r, "resolveTxt", n, (xs) => xs.map((chunks) => ({ _tag: "TXT", chunks: chunks.map(latin1) })))
}

const backendWith = (withResolver: WithResolver): Backend => {
  const addresses = (resolver: dns.Resolver, host: string, v6: boolean) =>
    callRaw<Array<dns.RecordWithTtl>>((cb) => (v6 ? resolver.resolve6(host, { ttl: true }, cb) : resolver.resolve4(host, { ttl: true }, cb)))

  /**
   * The CNAME chain from `name`, one CNAME query a hop: c-ares' address queries follow the chain but do
   * not report it, and `gethostbyname_ex` and `AI_CANONNAME` need it. Asked alongside the address
   * queries, so it adds a packet, not a wait. A failed hop ends the chain where it got to.
   */
  const chain = (resolver: dns.Resolver, name: string) =>
    Effect.gen(function*() {
      let current = name
      const aliases: Array<string> = []
      for (let hop = 0; hop < MAX_HOPS; hop++) {
        const r = yield* Effect.result(callRaw<Array<string>>((cb) => resolver.resolveCname(current, cb)))
        if (Result.isFailure(r) || r.success.length === 0) break
        const next = stripDot(r.success[0]!)
        if (Codec.sameName(next, current) || aliases.some((alias) => Codec.sameName(alias, next))) break
        aliases.push(current)
        current = next
      }
      return { canonical: current, aliases }
    })

  /**
   * One family's addresses. c-ares answers a CNAME-only reply with no addresses and no error; then the
   * chain's end is asked (glibc does not ask again), and when that gives none either the lookup fails
   * as glibc fails on the CNAME-only reply. A time-out stays EAI_AGAIN.
   */
  const half = (resolver: dns.Resolver, name: string, v6: boolean, end: Effect.Effect<string>) =>
    Effect.gen(function*() {
      const records = yield* Effect.mapError(addresses(resolver, name, v6), fromAres)
      if (records.length > 0) return records
      const cnameOnly = failure(cnameOnlyFor(v6 ? C.AF_INET6! : C.AF_INET!), 0)
      const target = yield* end
      if (Codec.sameName(target, name)) return yield* Effect.fail(cnameOnly)
      const followed = yield* Effect.result(addresses(resolver, target, v6))
      if (Result.isSuccess(followed) && followed.success.length > 0) return followed.success
      if (Result.isFailure(followed) && followed.failure.code === dns.TIMEOUT) return yield* Effect.fail(failure(C.EAI_AGAIN!))
      return yield* Effect.fail(cnameOnly)
    })

  const lookupOn = (resolver: dns.Resolver, host: string, family: number): Effect.Effect<HostAnswer, LookupFailure> =>
    Effect.gen(function*() {
      const name = stripDot(host)
      const walk = yield* Effect.cached(chain(resolver, name))
      const families = family === C.AF_INET ? [false] : family === C.AF_INET6 ? [true] : [false, true]
      const [found, ...halves] = yield* Effect.all([
        walk,
        ...families.map((v6) => Effect.result(half(resolver, name, v6, Effect.map(walk, (w) => w.canonical))))
      ], { concurrency: "unbounded" })
      const failures = halves.flatMap((h) => (Result.isFailure(h) ? [h.failure] : []))
      if (failures.length === halves.length) return yield* Effect.fail(failures.reduce(worse))
      const v4 = families[0] === false && Result.isSuccess(halves[0]!) ? halves[0].success : []
      const v6Half = halves[families.indexOf(true)]
      const v6 = v6Half !== undefined && Result.isSuccess(v6Half) ? v6Half.success : []
      const ttl = Math.min(...v4.map((r) => r.ttl), ...v6.map((r) => r.ttl))
      return {
        // Names that are no host names are not passed on: the name asked stands in as canonical (as `dns`).
        canonical: Codec.isHostName(found.canonical) ? found.canonical : name,
        aliases: found.aliases.filter(Codec.isHostName),
        v4: v4.map((r) => r.address),
        v6: v6.map((r) => r.address),
        ttl: halvesTtl(halves, ttl)
      }
    })

  const resolve = (name: string, type: Dns.RecordType): Effect.Effect<ReadonlyArray<Dns.DnsRecord>, Dns.DnsError> =>
    withResolver((resolver) =>
      Effect.gen(function*() {
        const query = Object.hasOwn(queries, type) ? queries[type](resolver, stripDot(name)) : undefined
        if (query === undefined) {
          return yield* Effect.fail(new Dns.DnsError({ reason: "Unsupported", method: "resolve", hostname: name, recordType: type }))
        }
        const data = yield* Effect.mapError(query, (e) =>
          new Dns.DnsError({ reason: reasons[e.code ?? ""] ?? "Unknown", method: "resolve", hostname: name, recordType: type, cause: e }))
        const wire = data.map((d): Codec.ResourceRecord => ({ name, type: Records.typeCode[type], class: Codec.CLASS_IN, ttl: 0, data: d }))
        const records = yield* Effect.fromResult(Records.fromWire(name, type, wire))
        if (records.length === 0) return yield* Effect.fail(new Dns.DnsError({ reason: "NotFound", method: "resolve", hostname: name, recordType: type }))
        return records
      })
    )

  return {
    name: "ares",
    resolve,
    lookup: (host, family) => withResolver((resolver) => lookupOn(resolver, host, family)),
    // A PTR query rather than `node:dns`' `reverse` (c-ares' `ares_gethostbyaddr`), which reports a
    // server's REFUSED or SERVFAIL as "not found": glibc says "try again" (h_errno 2), and so does `dns`.
    reverse: (ip) =>
      Effect.flatMap(withResolver((resolver) => call<Array<string>>((cb) => resolver.resolvePtr(Codec.reverseName(ip), cb))), (all) => {
        const names = all.map(stripDot).filter(Codec.isHostName)
        return names.length === 0
          ? Effect.fail(failure(all.length === 0 ? C.EAI_NONAME! : EAI_NODATA))
          : Effect.succeed({ names: [names[0]!, ...names.slice(1)] as const, ttl: undefined })
      })
  }
}

/**
 * c-ares (`node:dns` `Resolver`) as the greenfiber resolver, with the hosts file honoured (read by
 * greenfiber, since c-ares' `resolve*` calls skip it). Only the calling fiber waits.
 *
 * The canonical name and aliases of a CNAME chain come from CNAME queries asked alongside the address
 * queries (c-ares' address queries do not report the chain), one a hop; a CNAME-only reply is followed
 * and fails as glibc fails when that gives nothing, as in `dns`. Reverse lookups are PTR queries.
 * Record queries (`resolve`, served as Effect's `Dns.resolve` by `layerEffectDns`) cover every type
 * Effect's `Dns` defines; TLSA needs Node 22.15 or later (`resolveTlsa`) and is `Unsupported` without it.
 *
 * Differences: no search list (`node:dns` `resolve*` query the name as given). Each lookup runs on a
 * `node:dns` Resolver of its own (kept for reuse), so an interrupted lookup cancels its queries.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Resolver } from "@greenfiber/core"
 * import { layerAres } from "@greenfiber/resolver"
 *
 * const program = Effect.flatMap(Effect.service(Resolver), (r) => r.gethostbyname("example.com")).pipe(
 *   Effect.provide(layerAres({ nameservers: ["127.0.0.1:5353"], timeout: 1, tries: 2 }))
 * )
 * ```
 * @since 0.1.0
 * @category layers
 */
export const layerAres = (options: AresOptions = {}): Layer.Layer<never, ResolverSetupError> => Layer.effect(Resolver, makeAres(options))

/**
 * The resolver service `layerAres` provides, as an effect.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeAres } from "@greenfiber/resolver"
 * const program = Effect.flatMap(makeAres({ nameservers: ["127.0.0.1:5353"] }), (r) => r.gethostbyname("a.test"))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const makeAres = (options: AresOptions = {}): Effect.Effect<Frontend.BackendResolver, ResolverSetupError> =>
  Effect.try({
      try: () => {
        const timeout = options.timeout === undefined ? undefined : toSeconds(options.timeout)
        if (options.timeout !== undefined && (typeof timeout !== "number" || !(timeout > 0))) {
          throw new Error("timeout must be a positive number of seconds")
        }
        if (options.hostsFile !== undefined && typeof options.hostsFile !== "string") throw new TypeError("hostsFile must be a path")
        // c-ares retries a server that fails at once (a bad address) in a loop of its own, without
        // returning to the event loop: a billion tries would block the process for hours.
        if (options.tries !== undefined && !(Number.isInteger(options.tries) && options.tries >= 1 && options.tries <= MAX_TRIES)) {
          throw new Error(`tries must be an integer from 1 to ${MAX_TRIES}`)
        }
        const settings = {
          // c-ares counts whole milliseconds, and reads 0 as "its default" (5 s): the least is 1 ms.
          ...(timeout === undefined ? {} : { timeout: Math.max(1, Math.round(timeout! * 1000)) }),
          ...(options.tries === undefined ? {} : { tries: options.tries })
        }
        const first = new dns.Resolver(settings)
        if (options.nameservers !== undefined) {
          if (!Array.isArray(options.nameservers) || !options.nameservers.every((s) => typeof s === "string")) {
            throw new TypeError("nameservers must be an array of strings")
          }
          // An empty list would leave c-ares nothing to ask, and a fallback list would never fall back.
          if (options.nameservers.length === 0) throw new Error("no name servers")
          first.setServers([...options.nameservers])
        }
        // Every later Resolver asks the servers the first one settled on (the system's by default).
        const servers = first.getServers()
        const make = () => {
          const resolver = new dns.Resolver(settings)
          resolver.setServers(servers)
          return resolver
        }
        const withResolver = pooled(make)
        return Frontend.make(withHosts(Hosts.file(options.hostsFile ?? "/etc/hosts").current, backendWith(withResolver)))
      },
    catch: (e) => new ResolverSetupError({ resolver: "ares", message: (e as Error).message, cause: e })
  })
