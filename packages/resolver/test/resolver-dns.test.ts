import { describe, expect, it } from "@effect/vitest"
import { GaiError, Resolver } from "@greenfiber/core"
import { Effect, Fiber, Ref } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Codec from "../src/dns/Codec.ts"
import { cached, layerDns, makeAres, makeDns, Transport } from "../src/index.ts"
import { a, answer, type Fake, openFds, fakesClosedAfterEach, startFake } from "./fake.ts"

const fake = fakesClosedAfterEach()

const emptyHosts = (() => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gf-hosts-")), "hosts")
  fs.writeFileSync(file, "")
  return file
})()

const lookup = (servers: ReadonlyArray<string>, host: string, extra: Parameters<typeof layerDns>[0] = {}) =>
  Effect.flatMap(Effect.service(Resolver), (r) => r.gethostbyname(host)).pipe(
    Effect.provide(layerDns({ nameservers: servers, timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null", ...extra }))
  )

const ok = (address: string) => (q: Codec.Message, send: (b: Uint8Array) => void) =>
  send(answer(q, [a(q.questions[0]!.name, address)]))

describe("layerDns against fake servers", () => {
  it.live("a silent server fails with EAI_AGAIN within timeout x attempts", () =>
    Effect.gen(function*() {
      const silent = yield* fake({ udp: () => {} })
      const start = performance.now()
      const error = (yield* Effect.flip(lookup([silent.server], "silent.test", { timeout: 0.2, attempts: 2 }))) as GaiError
      const elapsed = performance.now() - start
      expect(error).toBeInstanceOf(GaiError)
      expect(error.code).toBe("EAI_AGAIN")
      expect(silent.udpQueries.length).toBe(2)
      expect(elapsed).toBeGreaterThanOrEqual(400)
      expect(elapsed).toBeLessThan(400 + 600)
    }))

  it.live("a 50 ms Effect.timeout interrupts a lookup at once and closes its socket", () =>
    Effect.gen(function*() {
      const silent = yield* fake({ udp: () => {} })
      const fdsBefore = openFds()
      const start = performance.now()
      const result = yield* lookup([silent.server], "slow.test", { timeout: 5, attempts: 3 }).pipe(
        Effect.timeout("50 millis"),
        Effect.flip
      )
      const elapsed = performance.now() - start
      expect(result._tag).toBe("TimeoutError")
      expect(elapsed).toBeLessThan(500)
      expect(silent.udpQueries.length).toBe(1)
      expect(Transport.openSockets()).toBe(0)
      // The fd is closed once its poll handle is (next loop turn).
      yield* Effect.promise(() => new Promise((r) => setTimeout(r, 20)))
      expect(openFds()).toBeLessThanOrEqual(fdsBefore)
    }))

  it.live("a ticker fiber keeps ticking during a slow lookup", () =>
    Effect.gen(function*() {
      const slow = yield* fake({ udp: (q, send) => setTimeout(() => send(answer(q, [a("slow.test", "10.3.3.3")])), 300) })
      const ticks = yield* Ref.make(0)
      const ticker = yield* Effect.forkChild(Effect.forever(Effect.andThen(Effect.sleep("10 millis"), Ref.update(ticks, (n) => n + 1))))
      const address = yield* lookup([slow.server], "slow.test")
      yield* Fiber.interrupt(ticker)
      expect(address).toBe("10.3.3.3")
      expect(yield* Ref.get(ticks)).toBeGreaterThanOrEqual(10)
    }))

  it.live("retries over TCP when the UDP reply is truncated", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => send(answer(q, [], { tc: true })),
        tcp: (q, send) => send(answer(q, [a("big.test", "10.4.4.4"), a("big.test", "10.4.4.5")]))
      })
      const r = yield* Effect.flatMap(Effect.service(Resolver), (r) => r.gethostbynameEx("big.test")).pipe(
        Effect.provide(layerDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" }))
      )
      expect(r).toEqual(["big.test", [], ["10.4.4.4", "10.4.4.5"]])
      expect(server.udpQueries.length).toBe(1)
      expect(server.tcpQueries.length).toBe(1)
      expect(server.tcpQueries[0]!.id).toBe(server.udpQueries[0]!.id)
    }))

  it.live("spoofed, mismatched and malformed replies are ignored", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          send(answer({ ...q, id: (q.id + 1) & 0xffff }, [a(q.questions[0]!.name, "6.6.6.1")])) // wrong id
          send(answer({ ...q, questions: [{ name: "other.test", type: 1, class: 1 }] }, [a("other.test", "6.6.6.2")])) // wrong question
          send(answer({ ...q, questions: [{ ...q.questions[0]!, type: Codec.TYPE_AAAA }] }, [])) // wrong type
          send(Uint8Array.from([q.id >> 8, q.id & 0xff, 0x81, 0x80, 0, 1])) // truncated garbage with the right id
          send(answer(q, [a(q.questions[0]!.name, "6.6.6.3")], { qr: false })) // not a response
          setTimeout(() => send(answer(q, [a(q.questions[0]!.name, "10.5.5.5")])), 20)
        }
      })
      expect(yield* lookup([server.server], "spoof.test")).toBe("10.5.5.5")
    }))

  it.live("queries use random ids and fresh source ports", () =>
    Effect.gen(function*() {
      const server = yield* fake({ udp: ok("10.6.6.6") })
      for (let i = 0; i < 8; i++) expect(yield* lookup([server.server], `n${i}.test`)).toBe("10.6.6.6")
      const ids = new Set(server.udpQueries.map((q) => q.id))
      expect(ids.size).toBeGreaterThanOrEqual(7)
    }))

  it.live("SERVFAIL, REFUSED and silence move on to the next server; rotate spreads the start", () =>
    Effect.gen(function*() {
      const servfail = yield* fake({ udp: (q, send) => send(answer(q, [], { rcode: Codec.RCODE_SERVFAIL })) })
      const refused = yield* fake({ udp: (q, send) => send(answer(q, [], { rcode: Codec.RCODE_REFUSED })) })
      const good = yield* fake({ udp: ok("10.7.7.7") })
      expect(yield* lookup([servfail.server, refused.server, good.server], "rot.test")).toBe("10.7.7.7")
      expect([servfail.udpQueries.length, refused.udpQueries.length, good.udpQueries.length]).toEqual([1, 1, 1])
      // All servers fail: EAI_AGAIN after each was asked `attempts` times.
      const error = (yield* Effect.flip(lookup([servfail.server, refused.server], "rot.test", { attempts: 2 }))) as GaiError
      expect(error.code).toBe("EAI_AGAIN")
      expect([servfail.udpQueries.length, refused.udpQueries.length]).toEqual([3, 3])
      // With rotate, consecutive lookups start at different servers.
      const s1 = yield* fake({ udp: ok("10.8.8.1") })
      const s2 = yield* fake({ udp: ok("10.8.8.2") })
      const layer = layerDns({ nameservers: [s1.server, s2.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null", rotate: true })
      const got = yield* Effect.gen(function*() {
        const r = yield* Resolver
        return [yield* r.gethostbyname("r1.test"), yield* r.gethostbyname("r2.test")]
      }).pipe(Effect.provide(layer))
      expect(got).toEqual(["10.8.8.1", "10.8.8.2"])
    }))

  it.live("a closed port fails fast (ECONNREFUSED) and moves on", () =>
    Effect.gen(function*() {
      // Started outside the per-test list: it is closed here, before the lookup.
      const gone = yield* Effect.promise(() => startFake({ udp: () => {} }))
      yield* Effect.promise(() => gone.close())
      const good = yield* fake({ udp: ok("10.9.0.1") })
      const start = performance.now()
      expect(yield* lookup([gone.server, good.server], "fast.test", { timeout: 3 })).toBe("10.9.0.1")
      expect(performance.now() - start).toBeLessThan(2500)
    }))

  it.live("search list and ndots decide the names tried, in order", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          const name = q.questions[0]!.name
          if (name === "host.corp.test" || name === "a.b.test") send(answer(q, [a(name, "10.10.0.1")]))
          else send(answer(q, [], { rcode: Codec.RCODE_NXDOMAIN }))
        }
      })
      const conf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gf-conf-")), "resolv.conf")
      fs.writeFileSync(conf, `nameserver ${server.server.replace(/:\d+$/, "")}\nsearch lan.test corp.test\noptions ndots:2 timeout:1 attempts:1\n`)
      const layer = layerDns({ resolvConf: conf, nameservers: [server.server], hostsFile: emptyHosts })
      const r = yield* Effect.gen(function*() {
        const r = yield* Resolver
        return [yield* r.gethostbyname("host"), yield* r.gethostbyname("a.b.test"), yield* Effect.flip(r.gethostbyname("nothing."))]
      }).pipe(Effect.provide(layer))
      expect(r[0]).toBe("10.10.0.1")
      expect(r[1]).toBe("10.10.0.1")
      expect((r[2] as GaiError).code).toBe("EAI_NONAME")
      expect(server.udpQueries.map((q) => q.questions[0]!.name)).toEqual([
        "host.lan.test", // 0 dots < ndots:2, so the search list comes first
        "host.corp.test",
        "a.b.test", // 2 dots >= ndots:2: the name as given first (and it answers)
        "nothing" // a trailing dot: absolute, the search list is not used
      ])
    }))

  it.live("follows a CNAME chain across replies and reports NODATA and NXDOMAIN", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          const name = q.questions[0]!.name
          const cname = (from: string, to: string): Codec.ResourceRecord => ({ name: from, type: Codec.TYPE_CNAME, class: 1, ttl: 60, data: { _tag: "Name", name: to } })
          if (name === "start.test") send(answer(q, [cname("start.test", "mid.test")]))
          else if (name === "mid.test") send(answer(q, [cname("mid.test", "end.test"), a("end.test", "10.11.0.1")]))
          else if (name === "loop.test") send(answer(q, [cname("loop.test", "loop2.test"), cname("loop2.test", "loop.test")]))
          else send(answer(q, [], { rcode: Codec.RCODE_NXDOMAIN }))
        }
      })
      const layer = layerDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      const out = yield* Effect.gen(function*() {
        const r = yield* Resolver
        return [yield* r.gethostbynameEx("start.test"), (yield* Effect.flip(r.gethostbyname("loop.test"))).code, (yield* Effect.flip(r.gethostbyname("gone.test"))).code]
      }).pipe(Effect.provide(layer))
      expect(out).toEqual([["end.test", ["start.test", "mid.test"], ["10.11.0.1"]], "EAI_NODATA", "EAI_NONAME"])
    }))
})

describe("caching a partial answer", () => {
  it.live("an answer missing a family because its query timed out is not cached: the next lookup asks again", () =>
    Effect.gen(function*() {
      let outage = true
      const server = yield* fake({
        udp: (q, send) => {
          const question = q.questions[0]!
          if (question.type !== Codec.TYPE_AAAA) return send(answer(q, [a(question.name, "10.7.7.7", 300)]))
          if (outage) return // the AAAA query times out
          send(answer(q, [{ name: question.name, type: Codec.TYPE_AAAA, class: Codec.CLASS_IN, ttl: 300, data: { _tag: "AAAA", address: "fd00::7" } }]))
        }
      })
      const options = { nameservers: [server.server], timeout: 0.2, hostsFile: emptyHosts }
      const layers = {
        dns: yield* makeDns({ ...options, attempts: 1, resolvConf: "/dev/null" }),
        ares: yield* makeAres({ ...options, tries: 1 })
      }
      for (const [name, layer] of Object.entries(layers)) {
        const resolver = cached(layer, { ttl: 60, minTtl: 30 })
        const addresses = (host: string) =>
          Effect.map(resolver.getaddrinfo(host, 80, 0, 1), (infos) => infos.map((i) => i[4][0]).sort())
        outage = true
        expect({ name, during: yield* addresses(`${name}.test`) }).toEqual({ name, during: ["10.7.7.7"] })
        outage = false
        expect({ name, after: yield* addresses(`${name}.test`) }).toEqual({ name, after: ["10.7.7.7", "fd00::7"] })
      }
    }))
})

describe("the cache shares a lookup in flight", () => {
  it.live("100 askers of one name send one query; an asker's interruption leaves the others their answer", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => setTimeout(() => send(answer(q, [a(q.questions[0]!.name, "10.8.8.8")])), 100)
      })
      const resolver = cached(yield* makeDns({ nameservers: [server.server], timeout: 2, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" }))
      const first = yield* Effect.forkChild(resolver.gethostbyname("burst.test"), { startImmediately: true })
      const others = yield* Effect.forkChild(
        Effect.forEach(Array.from({ length: 99 }), () => resolver.gethostbyname("burst.test"), { concurrency: "unbounded" }),
        { startImmediately: true }
      )
      yield* Effect.sleep(20)
      yield* Fiber.interrupt(first) // the asker that started the lookup leaves
      const answers = yield* Fiber.join(others)
      expect(new Set(answers)).toEqual(new Set(["10.8.8.8"]))
      expect(server.udpQueries.length).toBe(1)
      expect(Transport.openSockets()).toBe(0)
    }))

  it.live("when every asker has left, the lookup itself is interrupted and its socket closed", () =>
    Effect.gen(function*() {
      const silent = yield* fake({ udp: () => {} })
      const resolver = cached(yield* makeDns({ nameservers: [silent.server], timeout: 5, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" }))
      const askers = yield* Effect.forEach(Array.from({ length: 3 }), () =>
        Effect.forkChild(resolver.gethostbyname("gone.test"), { startImmediately: true }))
      yield* Effect.sleep(20)
      expect(Transport.openSockets()).toBe(1)
      yield* Fiber.interruptAll(askers)
      yield* Effect.sleep(1)
      expect(Transport.openSockets()).toBe(0)
      expect(silent.udpQueries.length).toBe(1)
    }))
})

describe("layerAres", () => {
  it.live("an interrupted lookup cancels its queries: no retry reaches the server afterwards", () =>
    Effect.gen(function*() {
      const silent = yield* fake({ udp: () => {} })
      const ares = yield* makeAres({ nameservers: [silent.server], timeout: 0.1, tries: 3, hostsFile: emptyHosts })
      const timedOut = yield* ares.gethostbyname("silent.test").pipe(Effect.timeout("30 millis"), Effect.flip)
      expect(timedOut._tag).toBe("TimeoutError")
      // Each try asks A and, for the CNAME chain, CNAME.
      const tries = () => silent.udpQueries.filter((q) => q.questions[0]!.type === Codec.TYPE_A).length
      expect(silent.udpQueries.map((q) => q.questions[0]!.type).sort()).toEqual([Codec.TYPE_A, Codec.TYPE_CNAME])
      // Without the cancel, c-ares would go on with 2 more tries (100 and 200 ms later).
      yield* Effect.sleep("600 millis")
      expect(tries()).toBe(1)
      // The next lookup runs on a Resolver of its own and works its tries through.
      const again = (yield* Effect.flip(ares.gethostbyname("silent.test"))) as GaiError
      expect(again.code).toBe("EAI_AGAIN")
      expect(tries()).toBe(1 + 3)
    }))
})

describe("what the stub resolver accepts from an answer", () => {
  const rr = (name: string, type: number, data: Codec.RecordData, klass = Codec.CLASS_IN, ttl = 60): Codec.ResourceRecord => ({
    name,
    type,
    class: klass,
    ttl,
    data
  })
  const ptr = (from: string, to: string) => rr(from, Codec.TYPE_PTR, { _tag: "Name", name: to })
  const cname = (from: string, to: string, klass = Codec.CLASS_IN) => rr(from, Codec.TYPE_CNAME, { _tag: "Name", name: to }, klass)
  const layerFor = (f: Fake, extra: Parameters<typeof layerDns>[0] = {}) =>
    layerDns({ nameservers: [f.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null", ...extra })

  it.live("a reverse answer counts only PTRs of the name asked or of its CNAME target, and only host names", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          const name = q.questions[0]!.name
          // 10.0.0.1: a PTR for another address only. 10.0.0.2: delegated by CNAME (RFC 2317).
          // 10.0.0.3: a target that is no host name, beside a good one.
          if (name === "1.0.0.10.in-addr.arpa") send(answer(q, [ptr("9.9.9.9.in-addr.arpa", "evil.test")]))
          else if (name === "2.0.0.10.in-addr.arpa") {
            send(answer(q, [cname(name, "2.0-24.0.0.10.in-addr.arpa"), ptr("2.0-24.0.0.10.in-addr.arpa", "delegated.test")]))
          } else if (name === "3.0.0.10.in-addr.arpa") send(answer(q, [ptr(name, "$(reboot).evil.test"), ptr(name, "good.test")]))
          else send(answer(q, [], { rcode: Codec.RCODE_NXDOMAIN }))
        }
      })
      const out = yield* Effect.gen(function*() {
        const r = yield* Resolver
        return [
          (yield* Effect.flip(r.gethostbyaddr("10.0.0.1")))._tag,
          (yield* r.gethostbyaddr("10.0.0.2"))[0],
          (yield* r.gethostbyaddr("10.0.0.3"))[0]
        ]
      }).pipe(Effect.provide(layerFor(server)))
      // No PTR of its own: "unknown host", as for an address without a name.
      expect(out).toEqual(["HError", "delegated.test", "good.test"])
    }))

  it.live("CNAMEs of another class are not followed; names that are no host names are not passed on", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          const name = q.questions[0]!.name
          if (name === "chaos.test") send(answer(q, [cname(name, "y.test", 3), a("y.test", "10.2.2.2")]))
          else if (name === "odd.test") send(answer(q, [cname(name, "`id`.evil.test"), a("`id`.evil.test", "10.3.3.3")]))
          else send(answer(q, [], { rcode: Codec.RCODE_NXDOMAIN }))
        }
      })
      const out = yield* Effect.gen(function*() {
        const r = yield* Resolver
        return [(yield* Effect.flip(r.gethostbyname("chaos.test"))).code, yield* r.gethostbynameEx("odd.test")]
      }).pipe(Effect.provide(layerFor(server)))
      // The address is still found; the odd target is neither the canonical name nor an alias.
      expect(out).toEqual(["EAI_NODATA", ["odd.test", ["odd.test"], ["10.3.3.3"]]])
    }))

  it.live("a name written with escapes matches its answer", () =>
    Effect.gen(function*() {
      const server = yield* fake({ udp: ok("10.4.4.4") })
      expect(yield* lookup([server.server], "\\097.test")).toBe("10.4.4.4")
      expect(server.udpQueries.map((q) => q.questions[0]!.name)).toEqual(["a.test"])
      expect(Codec.sameName("\\097.TEST.", "a.test")).toBe(true)
      expect(Codec.sameName("\\097.test", "b.test")).toBe(false)
    }))

  it.live("a time-out ends the search list; the name as written is still tried, and SERVFAIL goes on", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        // host.lan.test fails for now without SERVFAIL, and fast: truncated over UDP, the TCP connection
        // closed at once. (A silent server would spend the whole lookup's time budget.)
        tcpRaw: (_q, conn) => conn.destroy(),
        udp: (q, send) => {
          const name = q.questions[0]!.name
          if (name === "host.lan.test") return send(answer(q, [], { tc: true }))
          if (name === "host.corp.test") send(answer(q, [a(name, "10.9.9.9")])) // another host
          else if (name === "sf.lan.test") send(answer(q, [], { rcode: Codec.RCODE_SERVFAIL }))
          else if (name === "sf.corp.test") send(answer(q, [a(name, "10.9.9.8")]))
          else send(answer(q, [], { rcode: Codec.RCODE_NXDOMAIN }))
        }
      })
      const layer = layerFor(server, { search: ["lan.test", "corp.test"], ndots: 1 })
      const out = yield* Effect.gen(function*() {
        const r = yield* Resolver
        return [(yield* Effect.flip(r.gethostbyname("host"))).code, yield* r.gethostbyname("sf")]
      }).pipe(Effect.provide(layer))
      expect(out).toEqual(["EAI_AGAIN", "10.9.9.8"])
      expect(server.udpQueries.map((q) => q.questions[0]!.name)).toEqual(["host.lan.test", "host", "sf.lan.test", "sf.corp.test"])
    }))

  it.live("rotate moves once per lookup, so A and AAAA queries both start at every server in turn", () =>
    Effect.gen(function*() {
      const s1 = yield* fake({ udp: ok("10.5.5.1") })
      const s2 = yield* fake({ udp: ok("10.5.5.2") })
      const layer = layerDns({ nameservers: [s1.server, s2.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null", rotate: true })
      yield* Effect.gen(function*() {
        const r = yield* Resolver
        for (let i = 0; i < 4; i++) yield* r.getaddrinfo(`r${i}.test`, null)
      }).pipe(Effect.provide(layer))
      const types = (f: Fake) => f.udpQueries.map((q) => q.questions[0]!.type).sort()
      expect(types(s1)).toEqual([Codec.TYPE_A, Codec.TYPE_A, Codec.TYPE_AAAA, Codec.TYPE_AAAA])
      expect(types(s2)).toEqual([Codec.TYPE_A, Codec.TYPE_A, Codec.TYPE_AAAA, Codec.TYPE_AAAA])
    }))
})
