/**
 * `layerDns`: the pure DNS stub resolver on greenfiber sockets, configured from `resolv.conf` unless
 * told otherwise.
 *
 * @since 0.1.0
 */
import { Resolver, toSeconds } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as fs from "node:fs"
import { withHosts } from "./Backend.ts"
import * as DnsClient from "./dns/Client.ts"
import { ResolverSetupError } from "./Errors.ts"
import * as Frontend from "./Frontend.ts"
import * as Hosts from "./Hosts.ts"
import * as ResolvConf from "./dns/ResolvConf.ts"
import type { Server } from "./dns/Transport.ts"

/**
 * Options of `layerDns`. Anything not given comes from `resolvConf` (default `/etc/resolv.conf`, glibc's
 * defaults when that file is missing). `timeout` is seconds per try (a number or a `Duration`, at most 30:
 * more is 30, as in `resolv.conf`); a lookup makes `attempts` rounds over the name servers (at most 5,
 * more is 5, as in `resolv.conf`), so one silent server fails it after `timeout × attempts`. Whatever a
 * lookup does (search list, CNAME chain, A and AAAA, TCP after truncation), it ends within
 * `timeout × attempts × servers`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DnsOptions {
  /** `"127.0.0.1"`, `"127.0.0.1:5353"`, `"::1"`, `"[::1]:53"`. */
  readonly nameservers?: ReadonlyArray<string> | undefined
  readonly timeout?: number | import("effect/Duration").Duration | undefined
  readonly attempts?: number | undefined
  /** Hosts file, default `/etc/hosts`. An explicit path must be readable. */
  readonly hostsFile?: string | undefined
  /** `resolv.conf` path, default `/etc/resolv.conf`. An explicit path must be readable. */
  readonly resolvConf?: string | undefined
  readonly search?: ReadonlyArray<string> | undefined
  readonly ndots?: number | undefined
  /** Start each query at the next server in turn (resolv.conf's `options rotate`). */
  readonly rotate?: boolean | undefined
}

const isStringArray = (u: unknown): u is ReadonlyArray<string> => Array.isArray(u) && u.every((s) => typeof s === "string")

const setup = (message: string, cause?: unknown) => new ResolverSetupError({ resolver: "dns", message, cause })

/**
 * Reads the configuration `layerDns` would use: `resolv.conf` merged with the options.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { dnsConfig } from "@greenfiber/resolver"
 * const program = Effect.map(dnsConfig({ nameservers: ["127.0.0.1:5353"], timeout: 1 }), (c) => c.servers)
 * // [["127.0.0.1", 5353]]
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const dnsConfig = (options: DnsOptions = {}): Effect.Effect<DnsClient.ClientConfig, ResolverSetupError> =>
  Effect.gen(function*() {
    const conf = yield* ResolvConf.load(options.resolvConf ?? "/etc/resolv.conf", { optional: options.resolvConf === undefined }).pipe(
      Effect.mapError((e) => setup(`cannot read ${options.resolvConf}: ${e.message}`, e))
    )
    if (options.nameservers !== undefined && !isStringArray(options.nameservers)) {
      return yield* Effect.fail(setup("nameservers must be an array of strings"))
    }
    const servers: Array<Server> = []
    for (const text of options.nameservers ?? conf.nameservers) {
      const server = ResolvConf.parseServer(text)
      if (server === undefined) return yield* Effect.fail(setup(`name server is not an IP address: ${JSON.stringify(text)}`))
      servers.push(server)
    }
    if (servers.length === 0) return yield* Effect.fail(setup("no name servers"))
    const timeout = options.timeout === undefined ? conf.timeout : toSeconds(options.timeout)
    if (typeof timeout !== "number" || !(timeout > 0)) return yield* Effect.fail(setup("timeout must be a positive number of seconds"))
    // Capped as glibc caps resolv.conf's: an option of a billion would make a silent server a hang.
    const cappedTimeout = Math.min(timeout, ResolvConf.MAX_TIMEOUT)
    if (options.search !== undefined && !isStringArray(options.search)) {
      return yield* Effect.fail(setup("search must be an array of domain names"))
    }
    if (options.ndots !== undefined && (!Number.isInteger(options.ndots) || options.ndots < 0)) {
      return yield* Effect.fail(setup("ndots must be a non-negative integer"))
    }
    if (options.rotate !== undefined && typeof options.rotate !== "boolean") {
      return yield* Effect.fail(setup("rotate must be a boolean"))
    }
    const attempts = options.attempts ?? conf.attempts
    if (!Number.isInteger(attempts) || attempts < 1) return yield* Effect.fail(setup("attempts must be a positive integer"))
    return {
      servers,
      search: options.search ?? conf.search,
      ndots: options.ndots ?? conf.ndots,
      timeout: cappedTimeout,
      attempts: Math.min(attempts, ResolvConf.MAX_ATTEMPTS),
      rotate: options.rotate ?? conf.rotate
    }
  })

/**
 * A DNS stub resolver written on greenfiber's own non-blocking UDP/TCP sockets: hosts file first, then
 * A/AAAA/PTR queries with CNAME chains; random query ids and source ports, replies checked against the
 * question (a spoofed or mismatched reply is ignored); EDNS0 offering 1232-byte UDP replies; TCP when a
 * reply is truncated or larger than allowed; rotation across servers; `attempts` × `timeout`, a whole
 * lookup within `timeout × attempts × servers`; the search list and `ndots`. Interrupting a lookup (an
 * `Effect.timeout`, a fiber interrupt) stops it at once and closes its sockets. Only the calling fiber
 * waits. The resolver also answers record queries (`resolve(name, type)`, and `Dns.resolve` through
 * `layerEffectDns`) for every type Effect's `Dns` defines.
 *
 * Differences from glibc: no `RES_OPTIONS`/`LOCALDOMAIN`, no `single-request`; one time budget per lookup;
 * `AF_UNSPEC` asks A and AAAA in parallel and lists IPv4 addresses first.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Resolver } from "@greenfiber/core"
 * import { layerDns } from "@greenfiber/resolver"
 *
 * const program = Effect.gen(function*() {
 *   const resolver = yield* Resolver
 *   return yield* resolver.getaddrinfo("db.internal", 5432)
 * }).pipe(Effect.provide(layerDns({ nameservers: ["10.0.0.53"], timeout: 1, attempts: 2 })))
 * ```
 * @since 0.1.0
 * @category layers
 */
export const layerDns = (options: DnsOptions = {}): Layer.Layer<never, ResolverSetupError> => Layer.effect(Resolver, makeDns(options))

/**
 * The resolver service `layerDns` provides, as an effect (for building one without a layer).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeDns } from "@greenfiber/resolver"
 * const program = Effect.flatMap(makeDns({ nameservers: ["127.0.0.1:5353"] }), (r) => r.gethostbyname("a.test"))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const makeDns = (options: DnsOptions = {}): Effect.Effect<Frontend.BackendResolver, ResolverSetupError> =>
  Effect.gen(function*() {
    const config = yield* dnsConfig(options)
    const hostsPath = options.hostsFile ?? "/etc/hosts"
    if (options.hostsFile !== undefined) {
      yield* Effect.try({ try: () => fs.accessSync(hostsPath, fs.constants.R_OK), catch: (e) => setup(`cannot read ${hostsPath}: ${(e as Error).message}`, e) })
    }
    return Frontend.make(withHosts(Hosts.file(hostsPath).current, DnsClient.make(config)))
  })
