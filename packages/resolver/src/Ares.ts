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
import * as dns from "node:dns"
import { type Backend, EAI_NODATA, failure, halvesTtl, type HostAnswer, type LookupFailure, withHosts } from "./Backend.ts"
import { ResolverSetupError } from "./Errors.ts"
import * as Frontend from "./Frontend.ts"
import * as Hosts from "./Hosts.ts"

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

const call = <A>(run: (cb: (err: NodeJS.ErrnoException | null, result: A) => void) => void): Effect.Effect<A, LookupFailure> =>
  Effect.callback<A, LookupFailure>((resume) => {
    run((err, result) => resume(err ? Effect.fail(fromAres(err)) : Effect.succeed(result)))
  })

/** Runs one lookup's queries on a `node:dns` Resolver. */
type WithResolver = <A>(use: (resolver: dns.Resolver) => Effect.Effect<A, LookupFailure>) => Effect.Effect<A, LookupFailure>

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
 * import { Ares } from "@greenfiber/resolver"
 * const backend = Ares.backend(new dns.Resolver({ timeout: 1000, tries: 2 }))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const backend = (resolver: dns.Resolver): Backend => backendWith((use) => use(resolver))

const backendWith = (withResolver: WithResolver): Backend => {
  const q = (resolver: dns.Resolver, host: string, v6: boolean) =>
    call<Array<dns.RecordWithTtl>>((cb) => (v6 ? resolver.resolve6(host, { ttl: true }, cb) : resolver.resolve4(host, { ttl: true }, cb)))
  const answer = (host: string, v4: ReadonlyArray<dns.RecordWithTtl>, v6: ReadonlyArray<dns.RecordWithTtl>): HostAnswer => ({
    canonical: host.endsWith(".") ? host.slice(0, -1) : host,
    aliases: [],
    v4: v4.map((r) => r.address),
    v6: v6.map((r) => r.address),
    ttl: Math.min(...v4.map((r) => r.ttl), ...v6.map((r) => r.ttl))
  })
  const lookup = (host: string, family: number): Effect.Effect<HostAnswer, LookupFailure> =>
    withResolver((resolver) => lookupOn(resolver, host, family))
  const lookupOn = (resolver: dns.Resolver, host: string, family: number): Effect.Effect<HostAnswer, LookupFailure> => {
    if (family === C.AF_INET) return Effect.map(q(resolver, host, false), (v4) => answer(host, v4, []))
    if (family === C.AF_INET6) return Effect.map(q(resolver, host, true), (v6) => answer(host, [], v6))
    return Effect.gen(function*() {
      const [v4, v6] = yield* Effect.all([Effect.result(q(resolver, host, false)), Effect.result(q(resolver, host, true))], { concurrency: 2 })
      if (v4._tag === "Failure" && v6._tag === "Failure") {
        return yield* Effect.fail(v4.failure.error.errno === C.EAI_NONAME || v6.failure.error.errno !== C.EAI_NONAME ? v4.failure : v6.failure)
      }
      const both = answer(host, v4._tag === "Success" ? v4.success : [], v6._tag === "Success" ? v6.success : [])
      return { ...both, ttl: halvesTtl([v4, v6], both.ttl) }
    })
  }
  return {
    name: "ares",
    lookup,
    reverse: (ip) =>
      Effect.flatMap(withResolver((resolver) => call<Array<string>>((cb) => resolver.reverse(ip, cb))), (names) =>
        names.length === 0 ? Effect.fail(failure(C.EAI_NONAME!)) : Effect.succeed({ names: [names[0]!, ...names.slice(1)] as const, ttl: undefined }))
  }
}

/**
 * c-ares (`node:dns` `Resolver`) as the greenfiber resolver, with the hosts file honoured (read by
 * greenfiber, since c-ares' `resolve*` calls skip it). Only the calling fiber waits.
 *
 * Differences: no search list (`node:dns` `resolve*` query the name as given); the canonical name of a
 * CNAME chain is not reported (`gethostbynameEx` gives the name asked). Each lookup runs on a `node:dns`
 * Resolver of its own (kept for reuse), so an interrupted lookup cancels its queries.
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
