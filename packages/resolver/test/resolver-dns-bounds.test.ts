/**
 * The dns layer and the cache against hostile or broken servers and inputs: no event-loop stalls, no
 * poisoning through the cache, bounded work and memory. Every server here is a fake (test/fake.ts) or a
 * real dnsmasq on loopback; no test asks the machine's configured name server.
 */
import { describe, expect, it } from "@effect/vitest"
import { constants as C, GaiError, OsResolver, type ResolverService } from "@greenfiber/core"
import { Effect, Exit, Result } from "effect"
import * as dgram from "node:dgram"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { type Backend, withHosts } from "../src/Backend.ts"
import * as Codec from "../src/dns/Codec.ts"
import { cached } from "../src/Cache.ts"
import { dnsConfig, makeDns } from "../src/DnsLayer.ts"
import * as DnsClient from "../src/dns/Client.ts"
import * as Frontend from "../src/Frontend.ts"
import * as Hosts from "../src/Hosts.ts"
import { startDnsmasq } from "./dnsmasq.ts"
import { a, answer, type Fake, frame, fakesClosedAfterEach } from "./fake.ts"

const fake = fakesClosedAfterEach()

const tmpFile = (name: string, text: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gf-dns-bounds-")), name)
  fs.writeFileSync(file, text)
  return file
}
const emptyHosts = tmpFile("hosts", "")

const client = (f: Fake, extra: Partial<DnsClient.ClientConfig> = {}) =>
  DnsClient.make({ servers: [["127.0.0.1", f.port]], search: [], ndots: 1, timeout: 1, attempts: 1, rotate: false, ...extra })

const soa: Codec.ResourceRecord = { name: "test", type: Codec.TYPE_SOA, class: 1, ttl: 100, data: { _tag: "SOA", mname: "ns.test", rname: "root.test", serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 30 } }

const ok = (address: string) => (q: Codec.Message, send: (b: Uint8Array) => void) => send(answer(q, [a(q.questions[0]!.name, address)]))

/** Runs `self`, giving its outcome and how long it took, in milliseconds. */
const timed = <A, E>(self: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const start = performance.now()
    const exit = yield* Effect.exit(self)
    return { exit, ms: performance.now() - start }
  })

const cname = (from: string, to: string): Codec.ResourceRecord => ({ name: from, type: Codec.TYPE_CNAME, class: 1, ttl: 60, data: { _tag: "Name", name: to } })

const code = <A>(self: Effect.Effect<A, unknown>) => Effect.map(Effect.flip(self), (e) => (e instanceof GaiError ? e.code : `not a GaiError: ${String(e)}`))

describe("numeric-looking hosts never reach the OS resolver without AI_NUMERICHOST", () => {
  /**
   * The blocking OS resolver, but a call that could make it look a name up (no AI_NUMERICHOST, or
   * gethostbyname) is recorded and refused instead of made: made, it would ask this machine's name server.
   */
  const spy = () => {
    const unsafe: Array<string> = []
    const refuse = (what: string) => {
      unsafe.push(what)
      return Effect.fail(GaiError.fromCode(C.EAI_AGAIN!))
    }
    const os: ResolverService = {
      ...OsResolver.blocking,
      getaddrinfo: (host, port, family, type, proto, flags = 0) =>
        typeof host === "string" && (flags & C.AI_NUMERICHOST!) === 0
          ? refuse(`getaddrinfo(${JSON.stringify(host)})`)
          : OsResolver.blocking.getaddrinfo(host, port, family, type, proto, flags),
      gethostbyname: (host) =>
        host === "" || host === "<broadcast>" ? OsResolver.blocking.gethostbyname(host) : refuse(`gethostbyname(${JSON.stringify(host)})`),
      gethostbynameEx: (host) => refuse(`gethostbynameEx(${JSON.stringify(host)})`)
    }
    return { os, unsafe }
  }

  it.live("hex hosts the OS cannot parse are names for the configured servers; real inet_aton forms stay numeric", () =>
    Effect.gen(function*() {
      const server = yield* fake({ udp: ok("10.16.1.1") })
      const { os, unsafe } = spy()
      const r = Frontend.make(withHosts(Hosts.file(emptyHosts).current, client(server)), os)
      expect(yield* r.gethostbyname("0x1ffffffff")).toBe("10.16.1.1")
      expect(yield* r.gethostbynameEx("1.2.3.0x100")).toEqual(["1.2.3.0x100", [], ["10.16.1.1"]])
      expect(yield* r.getaddrinfo("0x1ffffffff", 80, C.AF_INET, C.SOCK_STREAM)).toEqual([[C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["10.16.1.1", 80]]])
      expect(server.udpQueries.map((q) => q.questions[0]!.name)).toEqual(["0x1ffffffff", "1.2.3.0x100", "0x1ffffffff"])
      // What inet_aton does parse is still answered by the OS, with no query.
      expect(yield* r.gethostbyname("0x7f.1")).toBe("127.0.0.1")
      expect(yield* r.gethostbynameEx("0x7f000001")).toEqual(["0x7f000001", [], ["127.0.0.1"]])
      expect(yield* r.getaddrinfo("127.1", 80, C.AF_INET, C.SOCK_STREAM, 0, C.AI_CANONNAME)).toEqual([[C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "127.1", ["127.0.0.1", 80]]])
      expect(yield* r.getaddrinfo("::1", 80, C.AF_INET6, C.SOCK_STREAM)).toEqual([[C.AF_INET6, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["::1", 80, 0, 0]]])
      // An empty host, or an address of the wrong family, is an error from the OS and no lookup.
      expect(yield* code(r.getaddrinfo("", 80))).toBe("EAI_NONAME")
      expect(yield* code(r.gethostbynameEx(""))).toBe("EAI_NONAME")
      expect(yield* r.gethostbyname("")).toBe("0.0.0.0")
      expect(yield* code(r.gethostbyname("::1"))).toBe("EAI_ADDRFAMILY")
      expect(server.udpQueries.length).toBe(3)
      expect(unsafe).toEqual([])
    }))
})

describe("cache keys are names as DNS compares them; local refusals are not cached", () => {
  it.live("a failed '\\u212Aey.test' (KELVIN SIGN) does not answer for 'key.test'; case and escapes share one entry", () =>
    Effect.gen(function*() {
      const server = yield* fake({ udp: ok("10.16.2.1") })
      const r = cached(Frontend.make(withHosts(Hosts.file(emptyHosts).current, client(server))), { negativeTtl: 10 })
      expect(yield* code(r.gethostbyname("\u212Aey.test"))).toBe("EAI_NONAME")
      expect(yield* r.gethostbyname("key.test")).toBe("10.16.2.1")
      // One entry for every spelling of one wire name: no second query.
      expect(yield* r.gethostbyname("KEY.Test")).toBe("10.16.2.1")
      expect(yield* r.gethostbyname("\\107ey.test")).toBe("10.16.2.1")
      expect(server.udpQueries.map((q) => q.questions[0]!.name)).toEqual(["key.test"])
      // Only ASCII letters fold: these are other names, refused locally (not ASCII), each time.
      for (const host of ["\u212Aey.test", "K\u0130.test", "ke\u017F.test"]) expect(yield* code(r.gethostbyname(host))).toBe("EAI_NONAME")
      expect(server.udpQueries.length).toBe(1)
    }))

  it.live("a name refused without asking anyone is not cached: the backend sees every try", () =>
    Effect.gen(function*() {
      const asked: Array<string> = []
      const server = yield* fake({ udp: (q, send) => send(answer(q, [], { rcode: Codec.RCODE_NXDOMAIN, authorities: [soa] })) })
      const dns = client(server)
      const counting: Backend = {
        name: "dns",
        lookup: (host, family) => Effect.suspend(() => (asked.push(host), dns.lookup(host, family))),
        reverse: (ip) => Effect.suspend(() => (asked.push(ip), dns.reverse(ip)))
      }
      const r = cached(Frontend.make(counting))
      for (let i = 0; i < 2; i++) {
        expect(yield* code(r.gethostbyname("foo..bar"))).toBe("EAI_NONAME")
        expect(yield* code(r.gethostbyname("\u212Aey.test"))).toBe("EAI_NONAME")
        expect(yield* code(r.gethostbyname("gone.test"))).toBe("EAI_NONAME")
        expect((yield* Effect.flip(r.gethostbyaddr("not-an-address..")))._tag).toBe("GaiError")
      }
      // The invalid names reached the backend each time; the NXDOMAIN (with its SOA) was kept.
      expect(asked).toEqual(["foo..bar", "\u212Aey.test", "gone.test", "not-an-address..", "foo..bar", "\u212Aey.test", "not-an-address.."])
      expect(server.udpQueries.length).toBe(1)
    }))

  it("the hosts file compares ASCII letters only", () => {
    const table = Hosts.parse("10.16.2.2 key.test KEY2.test\n")
    expect(Hosts.lookup(table, "\u212Aey.test")).toBeUndefined()
    expect(Hosts.lookup(table, "KEY.TEST")?.v4).toEqual(["10.16.2.2"])
    expect(Hosts.lookup(table, "key2.test")?.canonical).toBe("key.test")
    expect(Codec.sameName("\u212Aey.test", "key.test")).toBe(false)
  })
})

describe("one time budget per lookup: timeout x attempts x servers", () => {
  const dns = (f: ReadonlyArray<Fake>, extra: Parameters<typeof makeDns>[0]) =>
    makeDns({ nameservers: f.map((x) => x.server), hostsFile: emptyHosts, resolvConf: "/dev/null", ...extra })

  it.live("an endless CNAME chain, each hop answered after 100 ms, ends at the budget (0.3 s) with EAI_AGAIN", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          const name = q.questions[0]!.name
          const hop = Number(/^c(\d+)\.test$/.exec(name)?.[1] ?? 0)
          setTimeout(() => send(answer(q, [cname(name, `c${hop + 1}.test`)])), 100)
        }
      })
      const r = yield* dns([server], { timeout: 0.3, attempts: 1 })
      const { exit, ms } = yield* timed(code(r.gethostbyname("c0.test")))
      expect(exit).toEqual(Exit.succeed("EAI_AGAIN"))
      expect(ms).toBeGreaterThanOrEqual(290)
      expect(ms).toBeLessThan(300 + 600)
      // 8 hops would be asked without the budget: only those that fit in 0.3 s are.
      expect(server.udpQueries.length).toBeLessThanOrEqual(3)
    }))

  it.live("the TCP fallback shares the budget: UDP truncated after 250 ms, TCP silent, ends at 3 x 0.3 s", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => setTimeout(() => send(answer(q, [], { tc: true })), 250),
        tcpRaw: () => {}
      })
      const r = yield* dns([server], { timeout: 0.3, attempts: 3 })
      const { exit, ms } = yield* timed(code(r.gethostbyname("tc.test")))
      expect(exit).toEqual(Exit.succeed("EAI_AGAIN"))
      // Each try is 250 ms of UDP and up to 300 of TCP: three would take 1.65 s.
      expect(ms).toBeGreaterThanOrEqual(890)
      expect(ms).toBeLessThan(900 + 600)
      expect(server.tcpQueries.length).toBe(2)
    }))

  it.live("the search list shares the budget: silent servers, three domains, both families, 0.2 s x 2 x 2 servers", () =>
    Effect.gen(function*() {
      const s1 = yield* fake({ udp: () => {} })
      const s2 = yield* fake({ udp: () => {} })
      const r = yield* dns([s1, s2], { timeout: 0.2, attempts: 2, search: ["a.test", "b.test", "c.test"], ndots: 1 })
      const { exit, ms } = yield* timed(code(r.getaddrinfo("host", 80)))
      expect(exit).toEqual(Exit.succeed("EAI_AGAIN"))
      expect(ms).toBeGreaterThanOrEqual(790)
      expect(ms).toBeLessThan(800 + 600)
      // Each of A and AAAA asked host.a.test of each server twice; nothing was left for another name.
      const names = [...s1.udpQueries, ...s2.udpQueries].map((q) => q.questions[0]!.name)
      expect(new Set(names)).toEqual(new Set(["host.a.test"]))
      expect(names.length).toBe(8)
    }))

  it.live("attempts and timeout given as options are capped as resolv.conf caps them (5 and 30 s)", () =>
    Effect.gen(function*() {
      const config = yield* dnsConfig({ nameservers: ["127.0.0.1:9"], resolvConf: "/dev/null", attempts: 1_000_000_000, timeout: 1e9 })
      expect([config.attempts, config.timeout]).toEqual([5, 30])
      const silent = yield* fake({ udp: () => {} })
      const r = yield* dns([silent], { timeout: 0.05, attempts: 50 })
      const { exit, ms } = yield* timed(code(r.gethostbyname("silent.test")))
      expect(exit).toEqual(Exit.succeed("EAI_AGAIN"))
      expect(silent.udpQueries.length).toBe(5)
      expect(ms).toBeGreaterThanOrEqual(240)
      expect(ms).toBeLessThan(250 + 600)
    }))
})

describe("TCP framing walks the stream with an offset and drops a server that sends short frames", () => {
  const truncated = (q: Codec.Message, send: (b: Uint8Array) => void) => send(answer(q, [], { tc: true }))

  it.live("a stream of empty frames ends that connection: the answer after it is not taken, the next server's is", () =>
    Effect.gen(function*() {
      const flooding = yield* fake({
        udp: truncated,
        tcpRaw: (q, conn) => {
          conn.write(Buffer.alloc(64 * 1024)) // 32,768 frames of length 0
          conn.write(frame(answer(q, [a(q.questions[0]!.name, "10.16.3.66")])))
        }
      })
      const good = yield* fake({ udp: truncated, tcp: (q, send) => send(answer(q, [a(q.questions[0]!.name, "10.16.3.2")])) })
      const r = yield* makeDns({ nameservers: [flooding.server, good.server], timeout: 2, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* r.gethostbyname("flood.test")).toBe("10.16.3.2")
      expect([flooding.tcpQueries.length, good.tcpQueries.length]).toEqual([1, 1])
    }))

  it.live("8 MiB of well-formed frames that answer nothing, then the answer: found within the 2 s timeout", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: truncated,
        tcpRaw: (q, conn) => {
          // Frames of one header each, id off by one: 14 bytes per frame, 600,000 of them.
          const junk = Buffer.alloc(14 * 600_000)
          for (let i = 0; i < junk.length; i += 14) {
            junk.writeUInt16BE(12, i)
            junk.writeUInt16BE((q.id + 1) & 0xffff, i + 2)
            junk[i + 4] = 0x81
          }
          conn.write(junk, () => setTimeout(() => conn.write(frame(answer(q, [a(q.questions[0]!.name, "10.16.3.3")]))), 50))
        }
      })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 2, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* Effect.exit(r.gethostbyname("stream.test"))).toEqual(Exit.succeed("10.16.3.3"))
    }))
})

/**
 * A 64 KiB reply with our id and QR set whose question section holds 10,878 questions, each a pointer
 * to a name of 127 one-letter labels: decoding them all costs about 100 ms.
 */
const manyQuestions = (id: number): Buffer => {
  const name = Buffer.alloc(255)
  for (let i = 0; i < 127; i++) name.set([1, 0x61], i * 2)
  const count = 10_878
  const out = Buffer.alloc(12 + 255 + 4 + (count - 1) * 6)
  out.writeUInt16BE(id, 0)
  out.writeUInt16BE(0x8180, 2)
  out.writeUInt16BE(count, 4)
  name.copy(out, 12)
  let pos = 12 + 255
  out.writeUInt32BE(0x00010001, pos)
  pos += 4
  for (let i = 1; i < count; i++, pos += 6) {
    out.writeUInt16BE(0xc000 | 12, pos)
    out.writeUInt32BE(0x00010001, pos + 2)
  }
  return out
}

describe("id, QR and QDCOUNT are checked before any question is decoded", () => {
  it.live("100 replies of 10,878 questions each, then the answer: found within the 1 s timeout", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => send(answer(q, [], { tc: true })),
        tcpRaw: (q, conn) => {
          const junk = frame(manyQuestions(q.id))
          for (let i = 0; i < 100; i++) conn.write(junk)
          conn.write(Buffer.alloc(0), () => setTimeout(() => conn.write(frame(answer(q, [a(q.questions[0]!.name, "10.16.5.5")]))), 50))
        }
      })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* Effect.exit(r.gethostbyname("many.test"))).toEqual(Exit.succeed("10.16.5.5"))
    }))
})

/** A reply to `q` built by hand: any header fields, any questions. */
const reply = (q: Codec.Message, over: Partial<Codec.Message>) => answer(q, [], over)

/** Sends `bytes` to `to` from a fresh UDP socket bound to `address` (another port, or another address). */
const sendFrom = (address: string, to: { readonly address: string; readonly port: number }, bytes: Uint8Array) => {
  const s = dgram.createSocket("udp4")
  s.bind(0, address, () => s.send(bytes, to.port, to.address, () => s.close()))
}

describe("a reply that proves nothing does not end the wait; NXDOMAIN without SOA is not cached", () => {
  it.live("a FORMERR with no question, or an undecodable reply, with the right id: the real answer that follows is taken", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          const name = q.questions[0]!.name
          if (name === "formerr.test") send(reply(q, { rcode: Codec.RCODE_FORMERR, questions: [] }))
          if (name === "notimp.test") send(reply(q, { rcode: Codec.RCODE_NOTIMP, questions: [] }))
          if (name === "garbage.test") {
            // Our id and question, then an answer record cut short.
            const good = answer(q, [a(name, "6.6.6.6")])
            send(good.subarray(0, good.length - 3))
          }
          setTimeout(() => send(answer(q, [a(name, "10.16.7.7")])), 30)
        }
      })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* r.gethostbyname("formerr.test")).toBe("10.16.7.7")
      expect(yield* r.gethostbyname("notimp.test")).toBe("10.16.7.7")
      expect(yield* r.gethostbyname("garbage.test")).toBe("10.16.7.7")
      expect(server.udpQueries.length).toBe(3)
    }))

  it.live("NXDOMAIN and no-data answers without an SOA are asked again; with one, kept for min(TTL, MINIMUM)", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          const name = q.questions[0]!.name
          if (name === "bare.test") send(reply(q, { rcode: Codec.RCODE_NXDOMAIN }))
          else if (name === "empty.test") send(reply(q, {}))
          else send(reply(q, { rcode: Codec.RCODE_NXDOMAIN, authorities: [soa] }))
        }
      })
      const r = cached(yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" }))
      for (let i = 0; i < 2; i++) {
        expect(yield* code(r.gethostbyname("bare.test"))).toBe("EAI_NONAME")
        expect(yield* code(r.gethostbyname("empty.test"))).toBe("EAI_NODATA")
        expect(yield* code(r.gethostbyname("soa.test"))).toBe("EAI_NONAME")
      }
      expect(server.udpQueries.map((q) => q.questions[0]!.name)).toEqual(["bare.test", "empty.test", "soa.test", "bare.test", "empty.test"])
      const failure = yield* Effect.flip(client(server).lookup("soa.test", C.AF_INET))
      expect(failure.ttl).toBe(30)
      expect((yield* Effect.flip(client(server).lookup("bare.test", C.AF_INET))).ttl).toBe(0)
    }))
})

describe("forged and mismatched replies, from the server's address and from elsewhere", () => {
  it.live("replies from another port or address, of class CH, with 0 or 2 questions, or not responses, are all dropped", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send, from) => {
          const name = q.questions[0]!.name
          const forged = answer(q, [a(name, "6.6.6.1")])
          sendFrom("127.0.0.1", from, forged) // right id and question, another source port
          sendFrom("127.0.0.2", from, forged) // another loopback address
          send(reply(q, { questions: [{ name, type: Codec.TYPE_A, class: 3 }], answers: [{ ...a(name, "6.6.6.2"), class: 3 }] })) // class CH
          send(reply(q, { questions: [], answers: [a(name, "6.6.6.3")] })) // QDCOUNT 0
          send(reply(q, { questions: [q.questions[0]!, q.questions[0]!], answers: [a(name, "6.6.6.4")] })) // QDCOUNT 2
          send(reply(q, { qr: false, answers: [a(name, "6.6.6.5")] })) // a query, not a response
          send(reply(q, { opcode: 2, answers: [a(name, "6.6.6.6")] })) // opcode STATUS
          send(reply(q, { id: q.id ^ 0x8000, answers: [a(name, "6.6.6.7")] })) // another id
          setTimeout(() => send(answer(q, [a(name, "10.16.8.8")])), 50)
        }
      })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* r.gethostbynameEx("forged.test")).toEqual(["forged.test", [], ["10.16.8.8"]])
      expect(server.udpQueries.length).toBe(1)
    }))

  it.live("an answer whose only A record is of class CH is no data", () =>
    Effect.gen(function*() {
      const server = yield* fake({ udp: (q, send) => send(answer(q, [{ ...a(q.questions[0]!.name, "6.6.6.8"), class: 3 }])) })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* code(r.gethostbyname("chaos.test"))).toBe("EAI_NODATA")
    }))
})

/** A reply to `q` with `n` A records, each owned by a pointer to the question's name (16 bytes a record). */
const bigAnswer = (q: Codec.Message, n: number): Uint8Array => {
  const head = Buffer.from(reply(q, {}))
  const out = Buffer.alloc(head.length + n * 16)
  head.copy(out)
  out.writeUInt16BE(n, 6)
  for (let i = 0, pos = head.length; i < n; i++, pos += 16) {
    out.writeUInt16BE(0xc00c, pos)
    out.writeUInt16BE(Codec.TYPE_A, pos + 2)
    out.writeUInt16BE(Codec.CLASS_IN, pos + 4)
    out.writeUInt32BE(300, pos + 6)
    out.writeUInt16BE(4, pos + 10)
    out.set([10, 17, i >> 8, i & 0xff], pos + 12)
  }
  return out
}

describe("the cache is bounded by bytes, not only entries", () => {
  it.live("40 answers of 4,094 A records each, maxBytes 2 MiB: the oldest are dropped, the newest kept", () =>
    Effect.gen(function*() {
      const server = yield* fake({ udp: (q, send) => send(reply(q, { tc: true })), tcp: (q, send) => send(bigAnswer(q, 4094)) })
      const r = cached(yield* makeDns({ nameservers: [server.server], timeout: 2, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" }), {
        maxBytes: 2 * 1024 * 1024
      })
      for (let i = 0; i < 40; i++) expect((yield* r.gethostbynameEx(`big${i}.test`))[2].length).toBe(4094)
      expect(server.tcpQueries.length).toBe(40)
      // Each answer is about 170 KiB: the last ten fit in 2 MiB, the first is gone.
      for (let i = 39; i >= 30; i--) yield* r.gethostbyname(`big${i}.test`)
      expect(server.tcpQueries.length).toBe(40)
      yield* r.gethostbyname("big0.test")
      expect(server.tcpQueries.length).toBe(41)
    }))

  it.live("by default 100 such answers (about 17 MB) do not all stay: the bound is 16 MiB, not 10,000 entries", () =>
    Effect.gen(function*() {
      const server = yield* fake({ udp: (q, send) => send(reply(q, { tc: true })), tcp: (q, send) => send(bigAnswer(q, 4094)) })
      const r = cached(yield* makeDns({ nameservers: [server.server], timeout: 2, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" }))
      for (let i = 0; i < 100; i++) yield* r.gethostbyname(`big${i}.test`)
      yield* r.gethostbyname("big99.test")
      expect(server.tcpQueries.length).toBe(100)
      yield* r.gethostbyname("big0.test")
      expect(server.tcpQueries.length).toBe(101)
    }))

  it("maxBytes must be a positive integer", () => {
    for (const maxBytes of [0, -1, 1.5, Number.NaN]) expect(() => cached(OsResolver.blocking, { maxBytes })).toThrow("cached(): maxBytes must be a positive integer")
  })
})

describe("EDNS0 with a 1232-byte buffer; oversized UDP replies refused; hosts names compared as written", () => {
  const many = (name: string, n: number, prefix: string) => Array.from({ length: n }, (_, i) => a(name, `${prefix}.${i}`))
  const withOpt = { additionals: [Codec.opt(4096)] }

  it.live("every query offers EDNS0 with 1232 bytes, over UDP and TCP alike", () =>
    Effect.gen(function*() {
      const server = yield* fake({ udp: (q, send) => send(reply(q, { tc: true })), tcp: ok("10.16.9.1") })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* r.gethostbyname("edns.test")).toBe("10.16.9.1")
      for (const q of [server.udpQueries[0]!, server.tcpQueries[0]!]) {
        expect(q.additionals.map((rr) => [rr.name, rr.type, rr.class, rr.ttl, rr.data._tag === "Raw" ? rr.data.bytes.length : -1])).toEqual([["", Codec.TYPE_OPT, 1232, 0, 0]])
      }
    }))

  it.live("a UDP reply over 512 bytes without OPT, or over 1232 with it, is not used: the answer comes over TCP", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          const name = q.questions[0]!.name
          // 40 records of ~26 bytes: about 1 KiB. 60 with OPT: about 1.6 KiB.
          if (name === "plain.test") send(answer(q, many(name, 40, "6.6.6")))
          else if (name === "huge.test") send(answer(q, many(name, 60, "6.6.7"), withOpt))
          else send(answer(q, many(name, 40, "10.16.9"), withOpt))
        },
        tcp: (q, send) => send(answer(q, [a(q.questions[0]!.name, "10.16.9.200")]))
      })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* r.gethostbynameEx("plain.test")).toEqual(["plain.test", [], ["10.16.9.200"]])
      expect(yield* r.gethostbynameEx("huge.test")).toEqual(["huge.test", [], ["10.16.9.200"]])
      // About 1 KiB with OPT fits the 1232 bytes offered: taken over UDP.
      expect((yield* r.gethostbynameEx("fits.test"))[2].length).toBe(40)
      expect(server.tcpQueries.map((q) => q.questions[0]!.name)).toEqual(["plain.test", "huge.test"])
    }))

  it.live("a server that answers EDNS0 with FORMERR is asked again without it, and from then on", () =>
    Effect.gen(function*() {
      const server = yield* fake({
        udp: (q, send) => {
          if (q.additionals.some((rr) => rr.type === Codec.TYPE_OPT)) return send(reply(q, { rcode: Codec.RCODE_FORMERR }))
          send(answer(q, [a(q.questions[0]!.name, "10.16.9.2")]))
        }
      })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* r.gethostbyname("old1.test")).toBe("10.16.9.2")
      expect(yield* r.gethostbyname("old2.test")).toBe("10.16.9.2")
      expect(server.udpQueries.map((q) => [q.questions[0]!.name, q.additionals.length])).toEqual([["old1.test", 1], ["old1.test", 0], ["old2.test", 0]])
    }))

  it.live("a real dnsmasq answers an EDNS0 query with 60 addresses (about 1 KiB) and the SOA-less NXDOMAIN rules hold", () =>
    Effect.gen(function*() {
      const hosts = Array.from({ length: 60 }, (_, i) => `10.16.11.${i + 1} many.test`).join("\n")
      const dnsmasq = yield* Effect.acquireRelease(Effect.promise(() => startDnsmasq({ hosts: `${hosts}\n`, args: ["--local=/test/"] })), (d) => Effect.promise(() => d.stop()))
      const r = yield* makeDns({ nameservers: [dnsmasq.server], timeout: 1, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      const [, , addresses] = yield* r.gethostbynameEx("many.test")
      expect([...addresses].sort()).toEqual(Array.from({ length: 60 }, (_, i) => `10.16.11.${i + 1}`).sort())
      expect(yield* code(r.gethostbyname("absent.test"))).toBe("EAI_NONAME")
    }).pipe(Effect.scoped))

  it.live("hosts names are compared as glibc's nss_files does: a trailing dot counts, on either side", () =>
    Effect.gen(function*() {
      // Measured with glibc 2.36 (a mount namespace over /etc/hosts): "dotted.test." is found only as
      // written, "plain.test" not as "plain.test.", and both as the file's own spelling.
      const hostsFile = tmpFile("hosts", "10.16.9.3 dotted.test. alias.test\n")
      const server = yield* fake({ udp: (q, send) => send(reply(q, { rcode: Codec.RCODE_NXDOMAIN, authorities: [soa] })) })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile, resolvConf: "/dev/null" })
      expect(yield* r.gethostbyname("DOTTED.test.")).toBe("10.16.9.3")
      expect(yield* r.gethostbynameEx("alias.test")).toEqual(["dotted.test.", ["alias.test"], ["10.16.9.3"]])
      expect(server.udpQueries.length).toBe(0)
      expect(yield* code(r.gethostbyname("dotted.test"))).toBe("EAI_NONAME")
      expect(yield* code(r.gethostbyname("alias.test."))).toBe("EAI_NONAME")
      expect(server.udpQueries.map((q) => q.questions[0]!.name)).toEqual(["dotted.test", "alias.test"])
    }))
})

// A small seeded PRNG (mulberry32), so that a failing input can be made again.
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

describe("64 KiB fuzz inputs", () => {
  it("random and mutated 64 KiB messages never throw, and the header is read alike by every decoder", () => {
    const next = rng(1616)
    const valid = Buffer.from(bigAnswer(Result.getOrThrow(Codec.decodeMessage(Result.getOrThrow(Codec.encodeQuery(7, "fuzz.test", Codec.TYPE_A)))), 4000))
    for (let round = 0; round < 60; round++) {
      const bytes = round % 2 === 0 ? Uint8Array.from({ length: 65535 }, () => Math.floor(next() * 256)) : Uint8Array.from(valid)
      if (round % 2 === 1) for (let i = 0; i < 40; i++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256)
      const header = Result.getOrThrow(Codec.decodeHeader(bytes))
      const head = Codec.decodeHead(bytes)
      const message = Codec.decodeMessage(bytes)
      for (const r of [head, message]) {
        if (Result.isSuccess(r)) expect([r.success.id, r.success.qr, r.success.tc, r.success.rcode]).toEqual([header.id, header.qr, header.tc, header.rcode])
        else expect(r.failure).toBeInstanceOf(Codec.DecodeError)
      }
      if (Result.isSuccess(message)) expect(message.success.questions.length).toBe(header.qdcount)
    }
    expect(Codec.decodeHeader(new Uint8Array(11))).toEqual(Result.fail(new Codec.DecodeError({ reason: "short header" })))
  })

  it.live("64 KiB frames over TCP with our id and question and random bodies are dropped; the answer after them is taken", () =>
    Effect.gen(function*() {
      const next = rng(6464)
      const server = yield* fake({
        udp: (q, send) => send(reply(q, { tc: true })),
        tcpRaw: (q, conn) => {
          const head = Buffer.from(reply(q, {}))
          for (let i = 0; i < 30; i++) {
            const body = Buffer.alloc(65535)
            head.copy(body)
            for (let j = head.length; j < body.length; j++) body[j] = Math.floor(next() * 256)
            // More answer records than 64 KiB can hold: undecodable whatever the random bytes say.
            body.writeUInt16BE(0xffff, 6)
            conn.write(frame(body))
          }
          conn.write(frame(answer(q, [a(q.questions[0]!.name, "10.16.10.1")])))
        }
      })
      const r = yield* makeDns({ nameservers: [server.server], timeout: 2, attempts: 1, hostsFile: emptyHosts, resolvConf: "/dev/null" })
      expect(yield* r.gethostbyname("fuzz.test")).toBe("10.16.10.1")
      expect(server.tcpQueries.length).toBe(1)
    }))
})
