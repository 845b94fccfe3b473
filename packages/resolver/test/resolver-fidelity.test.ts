/**
 * Resolver fidelity (issue 21.2 and 21.3): CNAME chains, CNAME-only answers and refused PTR queries
 * give what glibc gives, on `ares` and `dns` alike; the host-name rules ("" , a trailing dot, a NUL, an
 * over-long label) are the same in every layer. The glibc values were measured with CPython 3.11 on
 * glibc 2.36 against this same dnsmasq set-up (resolv.conf and /etc/hosts bind-mounted in a mount
 * namespace); the tests themselves ask only the dnsmasq on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { constants as C, GaiError, Resolver } from "@greenfiber/core"
import { Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Codec from "../src/dns/Codec.ts"
import { layerAres, layerBlocking, layerDns, layerThread, makeAres, makeDns } from "../src/index.ts"
import { type Dnsmasq, startDnsmasq } from "./dnsmasq.ts"
import { a, answer, fakesClosedAfterEach } from "./fake.ts"

let dnsmasq: Dnsmasq
let hostsFile: string
const fake = fakesClosedAfterEach()

beforeAll(async () => {
  dnsmasq = await startDnsmasq({
    hosts: "10.3.0.1 alpha.fi.test\n",
    args: [
      // No --bogus-priv and no upstream: a reverse name it does not know is REFUSED, as is any name
      // outside its zones, such as the CNAME-only answer's target.
      "--local=/fi.test/",
      "--local=/localhost/",
      "--cname=www.fi.test,alpha.fi.test",
      "--cname=w2.fi.test,www.fi.test",
      "--cname=alias.fi.test,target.outside.example",
      "--host-record=six.fi.test,fd00::36",
      "--cname=a6.fi.test,six.fi.test"
    ]
  })
  hostsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gf-hosts-")), "hosts")
  fs.writeFileSync(hostsFile, "127.0.0.1 localhost\n")
})
afterAll(async () => {
  await dnsmasq?.stop()
})

const resolver = Effect.service(Resolver)
const gai = <A, E>(self: Effect.Effect<A, E>) => Effect.flip(self).pipe(Effect.map((e) => (e instanceof GaiError ? e.code : `not a GaiError: ${String(e)}`)))

const dnsLayers: ReadonlyArray<readonly [string, () => Layer.Layer<never, unknown>]> = [
  ["dns", () => layerDns({ nameservers: [dnsmasq.server], timeout: 1, attempts: 1, hostsFile, resolvConf: "/dev/null" })],
  ["ares", () => layerAres({ nameservers: [dnsmasq.server], timeout: 1, tries: 1, hostsFile })]
]

for (const [name, layer] of dnsLayers) {
  describe(`${name}: CNAMEs and PTRs as glibc`, () => {
    const run = <A, E>(self: Effect.Effect<A, E>) => Effect.provide(self, layer())

    it.live("a CNAME chain gives its end as the canonical name and the names passed as aliases", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        // glibc: ('alpha.fi.test', ['w2.fi.test', 'www.fi.test'], ['10.3.0.1'])
        expect(yield* r.gethostbynameEx("w2.fi.test")).toEqual(["alpha.fi.test", ["w2.fi.test", "www.fi.test"], ["10.3.0.1"]])
        expect(yield* r.gethostbynameEx("www.fi.test")).toEqual(["alpha.fi.test", ["www.fi.test"], ["10.3.0.1"]])
        expect(yield* r.getaddrinfo("w2.fi.test", 80, C.AF_INET, C.SOCK_STREAM, 0, C.AI_CANONNAME)).toEqual([
          [C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "alpha.fi.test", ["10.3.0.1", 80]]
        ])
        // A CNAME to a name with only an AAAA: IPv6 from the end, canonical name the end.
        expect(yield* r.getaddrinfo("a6.fi.test", 80, C.AF_UNSPEC, C.SOCK_STREAM, 0, C.AI_CANONNAME)).toEqual([
          [C.AF_INET6, C.SOCK_STREAM, C.IPPROTO_TCP, "six.fi.test", ["fd00::36", 80, 0, 0]]
        ])
        expect(yield* gai(r.gethostbyname("a6.fi.test"))).toBe("EAI_NODATA")
        expect(yield* r.gethostbynameEx("alpha.fi.test")).toEqual(["alpha.fi.test", [], ["10.3.0.1"]])
      })))

    it.live("an answer holding only a CNAME fails as glibc: EAI_NODATA for IPv4, EAI_NONAME for IPv6 and both", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* gai(r.gethostbyname("alias.fi.test"))).toBe("EAI_NODATA")
        expect(yield* gai(r.gethostbynameEx("alias.fi.test"))).toBe("EAI_NODATA")
        expect(yield* gai(r.getaddrinfo("alias.fi.test", 80, C.AF_INET))).toBe("EAI_NODATA")
        expect(yield* gai(r.getaddrinfo("alias.fi.test", 80, C.AF_INET6))).toBe("EAI_NONAME")
        expect(yield* gai(r.getaddrinfo("alias.fi.test", 80))).toBe("EAI_NONAME")
        expect(yield* gai(r.gethostbyaddr("alias.fi.test"))).toBe("EAI_NONAME")
      })))

    it.live("a refused PTR query is HError 2 (glibc's TRY_AGAIN) and EAI_AGAIN for NI_NAMEREQD; a known one answers", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* Effect.flip(r.gethostbyaddr("10.77.0.1"))).toMatchObject({ _tag: "HError", errno: 2, message: "Host name lookup failure" })
        expect(yield* gai(r.getnameinfo(["10.77.0.1", 80], C.NI_NAMEREQD!))).toBe("EAI_AGAIN")
        expect(yield* r.getnameinfo(["10.77.0.1", 80], C.NI_NUMERICSERV!)).toEqual(["10.77.0.1", "80"])
        expect(yield* r.gethostbyaddr("10.3.0.1")).toEqual(["alpha.fi.test", [], ["10.3.0.1"]])
      })))

    it.live("'localhost.' is an absolute name for DNS (here NXDOMAIN), not the hosts file's 'localhost'", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* gai(r.getaddrinfo("localhost.", 80, C.AF_INET, C.SOCK_STREAM))).toBe("EAI_NONAME")
        expect(yield* gai(r.gethostbyname("localhost."))).toBe("EAI_NONAME")
        expect(yield* r.gethostbyname("LOCALHOST")).toBe("127.0.0.1")
      })))
  })
}

describe("a CNAME-only reply whose target does answer: followed by ares and dns alike", () => {
  it.live("the target's addresses, the chain as aliases", () =>
    Effect.gen(function*() {
      const cname = (from: string, to: string): Codec.ResourceRecord => ({ name: from, type: Codec.TYPE_CNAME, class: 1, ttl: 60, data: { _tag: "Name", name: to } })
      const server = yield* fake({
        udp: (q, send) => {
          const question = q.questions[0]!
          if (question.name === "start.test" && question.type === Codec.TYPE_CNAME) return send(answer(q, [cname("start.test", "end.test")]))
          if (question.name === "start.test") return send(answer(q, [cname("start.test", "end.test")]))
          if (question.name === "end.test" && question.type === Codec.TYPE_A) return send(answer(q, [a("end.test", "10.11.0.9")]))
          send(answer(q, []))
        }
      })
      const dns = yield* makeDns({ nameservers: [server.server], timeout: 1, attempts: 1, hostsFile, resolvConf: "/dev/null" })
      const ares = yield* makeAres({ nameservers: [server.server], timeout: 1, tries: 1, hostsFile })
      for (const r of [dns, ares]) {
        expect([r.name, yield* r.gethostbynameEx("start.test")]).toEqual([r.name, ["end.test", ["start.test"], ["10.11.0.9"]]])
        // No AAAA anywhere on the chain: both families asked, IPv4 found.
        expect([r.name, yield* r.getaddrinfo("start.test", 80, C.AF_UNSPEC, C.SOCK_STREAM)]).toEqual([r.name, [[C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["10.11.0.9", 80]]]])
      }
    }))
})

const everyLayer: ReadonlyArray<readonly [string, () => Layer.Layer<never, unknown>]> = [
  ["thread", () => layerThread],
  ["blocking", () => layerBlocking],
  ...dnsLayers
]

for (const [name, layer] of everyLayer) {
  describe(`${name}: one rule for hosts that are no names`, () => {
    const run = <A, E>(self: Effect.Effect<A, E>) => Effect.provide(self, layer())

    it.live("'' is EAI_NONAME for getaddrinfo (CPython's code), after the family and service checks", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* gai(r.getaddrinfo("", 80))).toBe("EAI_NONAME")
        expect(yield* gai(r.getaddrinfo("", null))).toBe("EAI_NONAME")
        expect(yield* gai(r.getaddrinfo("", 80, 0, 0, 0, C.AI_PASSIVE))).toBe("EAI_NONAME")
        expect(yield* gai(r.getaddrinfo("", 80, 99))).toBe("EAI_FAMILY")
        expect(yield* gai(r.getaddrinfo("", "no-such-service-gf"))).toBe("EAI_SERVICE")
        expect(yield* gai(r.gethostbynameEx(""))).toBe("EAI_NONAME")
        expect(yield* r.gethostbyname("")).toBe("0.0.0.0")
      })))

    it.live("a host is read up to its first NUL, as the OS reads it", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* r.getaddrinfo("127.0.0.1\0x", 80, C.AF_INET, C.SOCK_STREAM)).toEqual([[C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["127.0.0.1", 80]]])
        expect(yield* r.gethostbyname("127.0.0.1\0.evil.test")).toBe("127.0.0.1")
        expect(yield* r.gethostbyname("localhost\0.evil.test")).toBe("127.0.0.1")
        expect(yield* r.gethostbyaddr("127.0.0.1\0x")).toEqual(["localhost", [], ["127.0.0.1"]])
        expect(yield* gai(r.getaddrinfo("\0localhost", 80))).toBe("EAI_NONAME")
        // getnameinfo takes only numeric addresses: with a NUL the text is none.
        expect(yield* gai(r.getnameinfo(["127.0.0.1\0x", 80], 0))).toBe("EAI_NONAME")
      })))

    it.live("a label over 63 bytes, a name over 255 bytes, an empty label: EAI_NONAME, nothing sent", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        const long = `${"a".repeat(64)}.fi.test`
        expect(yield* gai(r.getaddrinfo(long, 80))).toBe("EAI_NONAME")
        expect(yield* gai(r.gethostbyname(long))).toBe("EAI_NONAME")
        expect(yield* gai(r.gethostbynameEx(long))).toBe("EAI_NONAME")
        expect(yield* gai(r.getaddrinfo(Array.from({ length: 5 }, () => "b".repeat(60)).join("."), 80))).toBe("EAI_NONAME")
        expect(yield* gai(r.getaddrinfo("foo..fi.test", 80))).toBe("EAI_NONAME")
      })))
  })
}
