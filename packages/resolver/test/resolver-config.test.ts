import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { constants as C, GaiError, HError, OsResolver, Resolver, type ResolverService } from "@greenfiber/core"
import { ConfigProvider, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import * as Dns from "effect/net/Dns"
import * as NetAddress from "effect/net/NetAddress"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Codec from "../src/dns/Codec.ts"
import { cached, fromEffectDns, layerCache, layerDns, layerEffectDns, layerFromConfig, layerFromConfigWith, makeAres, ResolverSetupError } from "../src/index.ts"
import { a, answer, type Fake, startFake } from "./fake.ts"

const withEnv = (env: Record<string, string>) => ConfigProvider.layer(ConfigProvider.fromEnv({ env }))
const resolverName = Effect.map(Effect.service(Resolver), (r) => r.name)

let server: Fake
let hostsFile: string
beforeAll(async () => {
  server = await startFake({
    udp: (q, send) => {
      const name = q.questions[0]!.name
      if (name === "cfg.test" && q.questions[0]!.type === Codec.TYPE_A) send(answer(q, [a(name, "10.20.0.1", 5)]))
      else if (name === "cfg.test") send(answer(q, []))
      else {
        send(answer(q, [], {
          rcode: Codec.RCODE_NXDOMAIN,
          authorities: [{ name: "test", type: Codec.TYPE_SOA, class: 1, ttl: 100, data: { _tag: "SOA", mname: "ns.test", rname: "root.test", serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 7 } }]
        }))
      }
    }
  })
  hostsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gf-hosts-")), "hosts")
  fs.writeFileSync(hostsFile, "127.0.0.1 localhost\n")
})
afterAll(() => server?.close())

describe("layerFromConfig", () => {
  it.live("defaults to thread and picks each named resolver", () =>
    Effect.gen(function*() {
      expect(yield* resolverName.pipe(Effect.provide(layerFromConfig), Effect.provide(withEnv({})))).toBe("thread")
      for (const name of ["blocking", "thread", "ares", "dns"]) {
        const got = yield* resolverName.pipe(Effect.provide(layerFromConfigWith({ dns: { hostsFile } })), Effect.provide(withEnv({ GREENFIBER_RESOLVER: name, GREENFIBER_RESOLVER_NAMESERVERS: server.server })))
        expect(got).toBe(name)
      }
    }))

  it.live("name servers and timeout come from the environment", () =>
    Effect.gen(function*() {
      const got = yield* Effect.flatMap(Effect.service(Resolver), (r) => r.gethostbyname("cfg.test")).pipe(
        Effect.provide(layerFromConfigWith({ dns: { hostsFile, resolvConf: "/dev/null" } })),
        Effect.provide(withEnv({ GREENFIBER_RESOLVER: "dns", GREENFIBER_RESOLVER_NAMESERVERS: server.server, GREENFIBER_RESOLVER_TIMEOUT: "0.5" }))
      )
      expect(got).toBe("10.20.0.1")
    }))

  it.live("a list falls back in order when a resolver cannot be built", () =>
    Effect.gen(function*() {
      const got = yield* resolverName.pipe(
        Effect.provide(layerFromConfigWith({ dns: { resolvConf: "/nonexistent/resolv.conf" } })),
        Effect.provide(withEnv({ GREENFIBER_RESOLVER: "dns, blocking" }))
      )
      expect(got).toBe("blocking")
      const ares = yield* resolverName.pipe(
        Effect.provide(layerFromConfig),
        Effect.provide(withEnv({ GREENFIBER_RESOLVER: "ares,dns,thread", GREENFIBER_RESOLVER_NAMESERVERS: "not-an-ip" }))
      )
      expect(ares).toBe("thread")
      const none = yield* Effect.flip(resolverName.pipe(
        Effect.provide(layerFromConfigWith({ dns: { resolvConf: "/nonexistent/resolv.conf" } })),
        Effect.provide(withEnv({ GREENFIBER_RESOLVER: "dns" }))
      ))
      expect(none).toBeInstanceOf(ResolverSetupError)
      expect(none.message).toContain("/nonexistent/resolv.conf")
    }))

  it.live("ares refuses what it cannot honour: a NaN timeout, no name servers, a hosts file that is not a path", () =>
    Effect.gen(function*() {
      const refused = (options: Parameters<typeof makeAres>[0]) => Effect.map(Effect.flip(makeAres(options)), (e) => [e._tag, e.message])
      expect(yield* refused({ nameservers: [server.server], timeout: NaN })).toEqual(["ResolverSetupError", "timeout must be a positive number of seconds"])
      expect(yield* refused({ nameservers: [] })).toEqual(["ResolverSetupError", "no name servers"])
      expect(yield* refused({ nameservers: [server.server], hostsFile: 5 as never })).toEqual(["ResolverSetupError", "hostsFile must be a path"])
      // The bad-input fuzz found it (seed 2200836221): c-ares retried a server that fails at once 1.5
      // billion times in one synchronous loop, and the process stopped for hours.
      for (const tries of [1503839317, 101, 0, 1.5]) {
        expect(yield* refused({ nameservers: ["[::1]:x"], tries })).toEqual(["ResolverSetupError", "tries must be an integer from 1 to 100"])
      }
      // No servers in the environment: the fallback list goes on to the next resolver.
      const fallback = yield* resolverName.pipe(
        Effect.provide(layerFromConfigWith(null as never)),
        Effect.provide(withEnv({ GREENFIBER_RESOLVER: "ares,blocking", GREENFIBER_RESOLVER_NAMESERVERS: ",,," }))
      )
      expect(fallback).toBe("blocking")
    }))

  it.live("an ares timeout under a millisecond is one millisecond, not c-ares's 5 s default", () =>
    Effect.gen(function*() {
      const silent = yield* Effect.promise(() => startFake({ udp: () => {} }))
      yield* Effect.addFinalizer(() => Effect.promise(() => silent.close()))
      const ares = yield* makeAres({ nameservers: [silent.server], timeout: 1e-6, tries: 1, hostsFile })
      const start = performance.now()
      const error = yield* Effect.flip(ares.gethostbyname("silent.test"))
      expect((error as GaiError).code).toBe("EAI_AGAIN")
      expect(performance.now() - start).toBeLessThan(1000)
    }).pipe(Effect.scoped))

  it.live("an unknown name fails listing the choices", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(resolverName.pipe(Effect.provide(layerFromConfig), Effect.provide(withEnv({ GREENFIBER_RESOLVER: "dns,gevent" }))))
      expect(error).toBeInstanceOf(ResolverSetupError)
      expect(error.message).toBe("Unknown resolver \"gevent\" in GREENFIBER_RESOLVER; choose from: blocking, thread, ares, dns")
    }))
})

describe("cache", () => {
  it.effect("keeps DNS answers for their TTL and negative answers for the SOA's", () =>
    Effect.gen(function*() {
      const layer = layerCache().pipe(Layer.provide(layerDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile, resolvConf: "/dev/null" })))
      yield* Effect.gen(function*() {
        const r = yield* Resolver
        const before = server.udpQueries.length
        expect(yield* r.gethostbyname("cfg.test")).toBe("10.20.0.1")
        expect(yield* r.gethostbyname("cfg.test")).toBe("10.20.0.1")
        expect(server.udpQueries.length - before).toBe(1)
        // A caller that changes its answer in place does not change the next caller's.
        const first = yield* r.gethostbynameEx("cfg.test")
        ;(first[2] as Array<string>).push("6.6.6.6")
        expect((yield* r.gethostbynameEx("cfg.test"))[2]).toEqual(["10.20.0.1"])
        expect(server.udpQueries.length - before).toBe(1)
        yield* TestClock.adjust("4 seconds")
        yield* r.gethostbyname("cfg.test")
        expect(server.udpQueries.length - before).toBe(1)
        yield* TestClock.adjust("2 seconds") // past the 5 s TTL
        yield* r.gethostbyname("cfg.test")
        expect(server.udpQueries.length - before).toBe(2)
        // NXDOMAIN with SOA ttl 100, minimum 7: cached 7 s.
        const n0 = server.udpQueries.length
        expect((yield* Effect.flip(r.gethostbyname("missing.test"))).code).toBe("EAI_NONAME")
        expect((yield* Effect.flip(r.gethostbyname("missing.test"))).code).toBe("EAI_NONAME")
        expect(server.udpQueries.length - n0).toBe(1)
        yield* TestClock.adjust("8 seconds")
        yield* Effect.flip(r.gethostbyname("missing.test"))
        expect(server.udpQueries.length - n0).toBe(2)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("over a resolver without TTLs: fixed ttl and negativeTtl, temporary failures not kept", () =>
    Effect.gen(function*() {
      const calls: Array<string> = []
      let fail: GaiError | undefined
      const inner: ResolverService = {
        ...OsResolver.blocking,
        name: "counting",
        gethostbyname: (host) =>
          Effect.suspend(() => {
            calls.push(host)
            return fail ? Effect.fail(fail) : Effect.succeed(`10.0.0.${calls.length}`)
          })
      }
      const r = cached(inner, { ttl: 10, negativeTtl: 3 })
      expect(r.name).toBe("counting")
      // Every caller gets its own copy of a cached answer, the first one included.
      const entry = yield* r.gethostbynameEx("localhost")
      ;(entry[2] as Array<string>).push("6.6.6.6")
      expect((yield* r.gethostbynameEx("localhost"))[2]).not.toContain("6.6.6.6")
      expect(yield* r.gethostbyname("h")).toBe("10.0.0.1")
      yield* TestClock.adjust("9 seconds")
      expect(yield* r.gethostbyname("h")).toBe("10.0.0.1")
      yield* TestClock.adjust("2 seconds")
      expect(yield* r.gethostbyname("h")).toBe("10.0.0.2")
      fail = GaiError.fromCode(C.EAI_AGAIN!)
      expect((yield* Effect.flip(r.gethostbyname("t"))).code).toBe("EAI_AGAIN")
      expect((yield* Effect.flip(r.gethostbyname("t"))).code).toBe("EAI_AGAIN")
      expect(calls.filter((c) => c === "t").length).toBe(2)
      fail = GaiError.fromCode(C.EAI_NONAME!)
      yield* Effect.flip(r.gethostbyname("n"))
      yield* Effect.flip(r.gethostbyname("n"))
      expect(calls.filter((c) => c === "n").length).toBe(1)
      yield* TestClock.adjust("4 seconds")
      yield* Effect.flip(r.gethostbyname("n"))
      expect(calls.filter((c) => c === "n").length).toBe(2)
    }))
})

describe("effect/net/Dns interop", () => {
  it.live("layerEffectDns serves Dns from the greenfiber resolver", () =>
    Effect.gen(function*() {
      const dns = yield* Dns.Dns
      const addresses = yield* dns.lookup("cfg.test", { family: "IPv4" })
      expect(addresses.map(NetAddress.formatIp)).toEqual(["10.20.0.1"])
      const local = yield* dns.reverse("127.0.0.1")
      expect(local).toEqual(["localhost"])
      const error = yield* Effect.flip(dns.lookup("missing.test"))
      expect(error.reason).toBe("NotFound")
    }).pipe(
      Effect.provide(layerEffectDns.pipe(Layer.provide(layerDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile, resolvConf: "/dev/null" }))))
    ))

  it.live("fromEffectDns builds a greenfiber resolver from any Dns", () =>
    Effect.gen(function*() {
      const r = yield* Resolver
      expect(yield* r.gethostbyname("db.internal")).toBe("10.0.0.5")
      expect(yield* r.getaddrinfo("db.internal", 5432, C.AF_UNSPEC, C.SOCK_STREAM)).toEqual([
        [C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["10.0.0.5", 5432]],
        [C.AF_INET6, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["fd00::5", 5432, 0, 0]]
      ])
      expect(yield* r.gethostbyaddr("10.0.0.5")).toEqual(["db.internal", [], ["10.0.0.5"]])
      expect((yield* Effect.flip(r.gethostbyname("nope.internal"))).code).toBe("EAI_NONAME")
      const herr = yield* Effect.flip(r.gethostbyaddr("10.0.0.99"))
      expect(herr).toBeInstanceOf(HError)
      expect(yield* r.getaddrinfo("127.0.0.1", 80, C.AF_INET, C.SOCK_STREAM)).toEqual([[C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["127.0.0.1", 80]]])
    }).pipe(
      Effect.provide(fromEffectDns.pipe(Layer.provide(Dns.layerStatic({ hosts: { "db.internal": ["10.0.0.5", "fd00::5"] } }))))
    ))

  it.live("a round trip (greenfiber -> Dns -> greenfiber) keeps answers and errors", () =>
    Effect.gen(function*() {
      const r = yield* Resolver
      expect(r.name).toBe("effect-dns")
      expect(yield* r.gethostbyname("cfg.test")).toBe("10.20.0.1")
      expect((yield* Effect.flip(r.gethostbyname("missing.test"))).code).toBe("EAI_NONAME")
    }).pipe(
      Effect.provide(fromEffectDns.pipe(
        Layer.provide(layerEffectDns),
        Layer.provide(layerDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile, resolvConf: "/dev/null" }))
      ))
    ))
})
