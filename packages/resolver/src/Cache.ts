/**
 * A caching resolver honouring TTLs, usable over any resolver.
 *
 * Over the `dns` and `ares` resolvers (and `fromEffectDns`), the cache sits between the name logic and
 * the backend, so each name's answer is kept for its record TTL and a negative answer (NXDOMAIN, no
 * data) for its SOA-derived negative TTL (RFC 2308). Over any other resolver (`thread`, `blocking`,
 * foreign ones) the OS gives no TTLs, so results are kept for `ttl` seconds and "no such name" failures
 * for `negativeTtl`. Temporary failures (EAI_AGAIN, time-outs) are never cached, nor is a name the
 * backend refuses without asking (not a valid DNS name: an empty label, a non-ASCII character). Names
 * are keyed as DNS compares them: ASCII letters lowered, nothing else folded. Askers of a key whose
 * lookup is in flight share it. Time is read from Effect's `Clock`, so `TestClock` drives expiry in tests.
 *
 * @since 0.1.0
 */
import { constants, type GaiError, type HError, Resolver, type ResolverService } from "@greenfiber/core"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import { isIP } from "node:net"
import type { Backend, HostAnswer, LookupFailure, ReverseAnswer } from "./Backend.ts"
import * as Codec from "./dns/Codec.ts"
import * as Frontend from "./Frontend.ts"

const C = constants

/**
 * Cache options, in seconds. `ttl`: how long to keep an answer that carries no TTL (default 60);
 * `negativeTtl`: a "no such name" answer without an SOA (default 10); `maxTtl`: cap on any TTL
 * (default 3600); `minTtl`: floor on record TTLs (default 0); `maxEntries` (default 10,000) and
 * `maxBytes`, the memory all entries may hold together (default 16 MiB), both bounds kept by dropping the
 * least recently stored entries first. One answer may carry thousands of addresses (4,094 A records
 * fit a TCP reply): bounded by entries alone, the cache could grow to gigabytes. Bytes are estimated
 * from what an entry holds (each string its length plus 24, each array slot and object field 8, each
 * entry and its key 96 more); an entry larger than `maxBytes` is not kept.
 *
 * @since 0.1.0
 * @category models
 */
export interface CacheOptions {
  readonly ttl?: number | undefined
  readonly negativeTtl?: number | undefined
  readonly maxTtl?: number | undefined
  readonly minTtl?: number | undefined
  readonly maxEntries?: number | undefined
  readonly maxBytes?: number | undefined
}

interface Entry {
  readonly exit: Exit.Exit<unknown, unknown>
  readonly expires: number
  readonly bytes: number
}

/** Roughly the bytes a cached value holds (see `CacheOptions`); failures are small and counted flat. */
const sizeOf = (value: unknown): number => {
  if (typeof value === "string") return 24 + value.length
  if (Array.isArray(value)) {
    let n = 16
    for (const item of value) n += 8 + sizeOf(item)
    return n
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    let n = 16
    for (const v of Object.values(value)) n += 8 + sizeOf(v)
    return n
  }
  return 8
}

const entryBytes = (key: string, exit: Exit.Exit<unknown, unknown>) => 96 + sizeOf(key) + (Exit.isSuccess(exit) ? sizeOf(exit.value) : 256)

/**
 * The key of a name: its wire labels with ASCII letters lowered (RFC 4343), as DNS compares them, so
 * `\097.test`, `A.TEST` and `a.test` share one entry; a trailing dot (no search list) makes another
 * name. `undefined` for what is no valid name: the backend refuses it without asking anyone, and that
 * refusal must not be kept under the key of a real name (`toLowerCase` folds "\u212Aey.test" into
 * "key.test").
 */
const nameKey = (host: string): string | undefined => {
  if (typeof host !== "string") return undefined
  const parts = Codec.labels(host)
  if (Result.isFailure(parts) || parts.success.length === 0) return undefined
  return `${host.endsWith(".") ? "." : ""}${JSON.stringify(parts.success.map(Codec.asciiLower))}`
}

const negativeCodes = new Set([C.EAI_NONAME, C.EAI_NODATA].filter((c) => c !== undefined))

/** A lookup in flight: every asker of its key waits on it, and it ends early only when all have left. */
interface Flight {
  readonly done: Deferred.Deferred<Exit.Exit<unknown, unknown>>
  fiber: Fiber.Fiber<unknown> | undefined
  askers: number
}

class Store {
  readonly map = new Map<string, Entry>()
  readonly flights = new Map<string, Flight>()
  readonly max: number
  readonly maxBytes: number
  /** The estimated bytes of every entry in `map`. */
  bytes = 0
  constructor(max: number, maxBytes: number) {
    this.max = max
    this.maxBytes = maxBytes
  }
  private remove(key: string) {
    const entry = this.map.get(key)
    if (entry === undefined) return
    this.map.delete(key)
    this.bytes -= entry.bytes
  }
  get(key: string, now: number): Entry | undefined {
    const entry = this.map.get(key)
    if (entry === undefined) return undefined
    if (entry.expires <= now) {
      this.remove(key)
      return undefined
    }
    return entry
  }
  set(key: string, entry: Entry) {
    if (entry.expires <= 0) return
    this.remove(key)
    if (entry.bytes > this.maxBytes) return
    this.map.set(key, entry)
    this.bytes += entry.bytes
    while (this.map.size > this.max || this.bytes > this.maxBytes) this.remove(this.map.keys().next().value!)
  }
}

/**
 * A copy of a cached answer's arrays and plain objects, down to their leaves. Every caller gets its own,
 * as an uncached resolver would give it (and as Python's resolver functions give fresh lists): a
 * caller that sorts or extends its address list must not change what the next caller is told.
 */
const copyAnswer = <A>(value: A): A => {
  if (Array.isArray(value)) return value.map(copyAnswer) as A
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = copyAnswer(v)
    return out as A
  }
  return value
}

/** A stored exit as a caller gets it: a success as its own copy. */
const answerOf = <A, E>(exit: Exit.Exit<A, E>): Effect.Effect<A, E> =>
  Exit.isSuccess(exit) ? Effect.succeed(copyAnswer(exit.value)) : exit

/**
 * Memoises one effect-returning function in a store, computing each entry's lifetime from its exit.
 * Askers of a key whose lookup is already in flight wait for that one instead of starting their own,
 * so a burst of the same name sends one query. The lookup runs in a fiber of its own: one asker's
 * interruption does not end it for the others, and it is interrupted only when every asker has left.
 */
const memo = <A, E>(
  store: Store,
  key: string,
  run: Effect.Effect<A, E>,
  lifetime: (exit: Exit.Exit<A, E>) => number
): Effect.Effect<A, E> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const hit = store.get(key, now)
    if (hit !== undefined) return answerOf(hit.exit as Exit.Exit<A, E>)
    // Joined (or started) and counted in one uninterruptible step, so that no asker is ever missed.
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(joinFlight(store, key, run, lifetime), (flight) =>
        Effect.flatMap(
          restore(Deferred.await(flight.done)).pipe(Effect.onInterrupt(() => Effect.sync(() => leave(store, key, flight)))),
          (exit) => {
            flight.askers--
            return answerOf(exit as Exit.Exit<A, E>)
          }
        ))
    )
  })

/** The flight of `key`, started if there is none, with this asker counted in. */
const joinFlight = <A, E>(
  store: Store,
  key: string,
  run: Effect.Effect<A, E>,
  lifetime: (exit: Exit.Exit<A, E>) => number
): Effect.Effect<Flight> =>
  Effect.suspend(() => {
    const found = store.flights.get(key)
    if (found !== undefined) {
      found.askers++
      return Effect.succeed(found)
    }
    const flight: Flight = { done: Deferred.makeUnsafe(), fiber: undefined, askers: 1 }
    store.flights.set(key, flight)
    const land = (exit: Exit.Exit<A, E>) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        if (store.flights.get(key) === flight) store.flights.delete(key)
        const seconds = lifetime(exit)
        if (seconds > 0) store.set(key, { exit, expires: now + seconds * 1000, bytes: entryBytes(key, exit) })
        return Deferred.succeed(flight.done, exit)
      })
    return Effect.map(Effect.forkDetach(Effect.flatMap(Effect.exit(run), land)), (fiber) => {
      flight.fiber = fiber
      return flight
    })
  })

/** An asker interrupted while it waited: the last one to leave ends the lookup. */
const leave = (store: Store, key: string, flight: Flight): void => {
  if (--flight.askers > 0) return
  if (store.flights.get(key) === flight) store.flights.delete(key)
  flight.fiber?.interruptUnsafe()
}

/**
 * Wraps a resolver in a cache.
 *
 * @example
 * ```ts
 * import { OsResolver } from "@greenfiber/core"
 * import { cached } from "@greenfiber/resolver"
 * const resolver = cached(OsResolver.thread, { ttl: 30 })
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const cached = (resolver: ResolverService, options: CacheOptions | undefined = {}): ResolverService => {
  const o: CacheOptions = options ?? {}
  if (typeof o !== "object") throw new TypeError("cached(): options must be an object")
  const seconds = (name: keyof CacheOptions, fallback: number): number => {
    const v = o[name]
    if (v === undefined) return fallback
    if (typeof v !== "number" || !(v >= 0)) throw new TypeError(`cached(): ${name} must be a non-negative number of seconds`)
    return v
  }
  const ttl = seconds("ttl", 60)
  const negativeTtl = seconds("negativeTtl", 10)
  const maxTtl = seconds("maxTtl", 3600)
  const minTtl = seconds("minTtl", 0)
  const maxEntries = o.maxEntries ?? 10_000
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError("cached(): maxEntries must be a positive integer")
  const maxBytes = o.maxBytes ?? 16 * 1024 * 1024
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError("cached(): maxBytes must be a positive integer")
  const store = new Store(maxEntries, maxBytes)
  const clamp = (seconds: number) => Math.min(maxTtl, Math.max(minTtl, seconds))

  const backend = (resolver as Partial<Frontend.BackendResolver>).backend
  if (backend !== undefined) {
    const life = (exit: Exit.Exit<HostAnswer | ReverseAnswer, LookupFailure>): number => {
      // A TTL of 0 says "do not cache" (a record's own, or an answer missing a half for now): minTtl
      // must not bring it back.
      if (Exit.isSuccess(exit)) return exit.value.ttl === 0 ? 0 : clamp(exit.value.ttl ?? ttl)
      const failure = Exit.findErrorOption(exit)
      if (failure._tag === "None" || !negativeCodes.has(failure.value.error.errno)) return 0
      return Math.min(maxTtl, failure.value.ttl ?? negativeTtl)
    }
    const inner: Backend = {
      name: backend.name,
      // Record queries are not cached: Effect's records carry no TTL to keep them by.
      resolve: backend.resolve,
      lookup: (host, family) => {
        const name = nameKey(host)
        return name === undefined ? backend.lookup(host, family) : memo(store, `l|${family}|${name}`, backend.lookup(host, family), life)
      },
      reverse: (ip) => (isIP(ip) === 0 ? backend.reverse(ip) : memo(store, `r|${ip}`, backend.reverse(ip), life))
    }
    return { ...Frontend.make(inner), name: resolver.name }
  }

  const life = (exit: Exit.Exit<unknown, GaiError | HError>): number => {
    if (Exit.isSuccess(exit)) return clamp(ttl)
    const failure = Exit.findErrorOption(exit)
    if (failure._tag === "None") return 0
    const e = failure.value
    const negative = e._tag === "GaiError" ? negativeCodes.has(e.errno) : e.errno === 1
    return negative ? Math.min(maxTtl, negativeTtl) : 0
  }
  const key = (method: string, args: ReadonlyArray<unknown>) => `${method}|${JSON.stringify(args)}`
  return {
    name: resolver.name,
    gethostbyname: (host) => memo(store, key("n", [host]), resolver.gethostbyname(host), life),
    gethostbynameEx: (host) => memo(store, key("x", [host]), resolver.gethostbynameEx(host), life),
    getaddrinfo: (...args) => memo(store, key("a", args), resolver.getaddrinfo(...args), life),
    gethostbyaddr: (ip) => memo(store, key("r", [ip]), resolver.gethostbyaddr(ip), life),
    getnameinfo: (address, flags) => memo(store, key("i", [address, flags]), resolver.getnameinfo(address, flags), life)
  }
}

/**
 * A layer that puts a cache in front of the resolver it is built over.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { layerCache, layerDns } from "@greenfiber/resolver"
 *
 * const layer = layerCache({ maxTtl: 300 }).pipe(Layer.provide(layerDns({ nameservers: ["10.0.0.53"] })))
 * ```
 * @since 0.1.0
 * @category layers
 */
export const layerCache = (options: CacheOptions = {}): Layer.Layer<never> =>
  Layer.effect(Resolver, Effect.map(Effect.service(Resolver), (resolver) => cached(resolver, options ?? {})))
