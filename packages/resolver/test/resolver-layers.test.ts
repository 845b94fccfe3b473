import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { constants as C, GaiError, Resolver } from "@greenfiber/core"
import { Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { layerAres, layerBlocking, layerDns, layerThread } from "../src/index.ts"
import { type Dnsmasq, startDnsmasq } from "./dnsmasq.ts"

let dnsmasq: Dnsmasq
let hostsFile: string

beforeAll(async () => {
  dnsmasq = await startDnsmasq({
    hosts: "10.1.0.1 alpha.test\n10.1.0.2 beta.test\nfd00::2 beta.test\n",
    args: ["--local=/test/", "--bogus-priv", "--cname=www.test,alpha.test", "--host-record=six.test,fd00::6"]
  })
  hostsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gf-hosts-")), "hosts")
  fs.writeFileSync(hostsFile, "127.0.0.1 localhost\n::1 localhost ip6-localhost\n10.9.9.9 fromhosts.test\n")
})
afterAll(async () => {
  await dnsmasq?.stop()
})

const resolver = Effect.service(Resolver)
const gaiCode = <A, E>(self: Effect.Effect<A, E>) =>
  Effect.flip(self).pipe(Effect.map((e) => (e instanceof GaiError ? e.code : `not a GaiError: ${String(e)}`)))

const layers: ReadonlyArray<readonly [string, () => Layer.Layer<never, unknown>]> = [
  ["thread", () => layerThread],
  ["blocking", () => layerBlocking],
  ["dns", () => layerDns({ nameservers: [dnsmasq.server], timeout: 1, attempts: 1, hostsFile })],
  ["ares", () => layerAres({ nameservers: [dnsmasq.server], timeout: 1, tries: 1, hostsFile })]
]

for (const [name, layer] of layers) {
  describe(`every layer: ${name}`, () => {
    const run = <A, E>(self: Effect.Effect<A, E>) => Effect.provide(self, layer())

    it.live("reports its name", () => run(Effect.map(resolver, (r) => expect(r.name).toBe(name))))

    it.live("gethostbyname('localhost') is 127.0.0.1", () =>
      run(Effect.gen(function*() {
        expect(yield* (yield* resolver).gethostbyname("localhost")).toBe("127.0.0.1")
      })))

    it.live("numeric getaddrinfo is exact", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* r.getaddrinfo("127.0.0.1", 80, C.AF_INET, C.SOCK_STREAM)).toEqual([
          [C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["127.0.0.1", 80]]
        ])
        expect(yield* r.getaddrinfo("::1", "8080", C.AF_INET6, C.SOCK_DGRAM)).toEqual([
          [C.AF_INET6, C.SOCK_DGRAM, C.IPPROTO_UDP, "", ["::1", 8080, 0, 0]]
        ])
        expect(yield* r.gethostbyname("10.1.2.3")).toBe("10.1.2.3")
        expect(yield* r.gethostbyname("127.1")).toBe("127.0.0.1") // inet_aton form, numeric to glibc too
        expect(yield* r.getaddrinfo("127.1", 80, C.AF_INET, C.SOCK_STREAM)).toEqual([[C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["127.0.0.1", 80]]])
        expect(yield* r.gethostbynameEx("10.1.2.3")).toEqual(["10.1.2.3", [], ["10.1.2.3"]])
      })))

    it.live("an unknown name is GaiError EAI_NONAME", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        // "foo..bar" fails inside every resolver without a packet sent (no configured name server is asked).
        expect(yield* gaiCode(r.gethostbyname("foo..bar"))).toBe("EAI_NONAME")
        expect(yield* gaiCode(r.getaddrinfo("foo..bar", 80))).toBe("EAI_NONAME")
        expect(yield* gaiCode(r.getaddrinfo("localhost", 80, 0, 0, 0, C.AI_NUMERICHOST))).toBe("EAI_NONAME")
      })))

    it.live("argument errors carry CPython's codes", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* gaiCode(r.getaddrinfo("localhost", "no-such-service-gf", C.AF_INET, C.SOCK_STREAM))).toBe("EAI_SERVICE")
        expect(yield* gaiCode(r.getaddrinfo("localhost", 80, C.AF_UNIX))).toBe("EAI_FAMILY")
        expect(yield* gaiCode(r.getaddrinfo("localhost", 80, C.AF_INET, 999))).toBe("EAI_SOCKTYPE")
        expect(yield* gaiCode(r.getaddrinfo(null, null))).toBe("EAI_NONAME")
        expect(yield* gaiCode(r.getnameinfo(["localhost", 80], 0))).toBe("EAI_NONAME")
      })))

    it.live("gethostbyaddr and getnameinfo with NI_NUMERICHOST|NI_NUMERICSERV", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        const [hostname, , addresses] = yield* r.gethostbyaddr("127.0.0.1")
        expect(hostname).toBe("localhost")
        expect(addresses).toEqual(["127.0.0.1"])
        expect(yield* r.getnameinfo(["127.0.0.1", 8080], C.NI_NUMERICHOST! | C.NI_NUMERICSERV!)).toEqual(["127.0.0.1", "8080"])
        expect(yield* r.getnameinfo(["::1", 53, 0, 0], C.NI_NUMERICHOST! | C.NI_NUMERICSERV!)).toEqual(["::1", "53"])
        expect(yield* r.getnameinfo(["127.0.0.1", 80], C.NI_NUMERICSERV!)).toEqual(["localhost", "80"])
      })))
  })
}

for (const [name, layer] of layers.slice(2)) {
  describe(`${name} layer answers from dnsmasq`, () => {
    const run = <A, E>(self: Effect.Effect<A, E>) => Effect.provide(self, layer())

    it.live("A, AAAA and both families", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* r.gethostbyname("alpha.test")).toBe("10.1.0.1")
        expect(yield* r.getaddrinfo("beta.test", 80, C.AF_UNSPEC, C.SOCK_STREAM)).toEqual([
          [C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["10.1.0.2", 80]],
          [C.AF_INET6, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["fd00::2", 80, 0, 0]]
        ])
        expect(yield* r.getaddrinfo("six.test", "https", C.AF_INET6, C.SOCK_STREAM)).toEqual([
          [C.AF_INET6, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["fd00::6", 443, 0, 0]]
        ])
        expect(yield* r.getaddrinfo("alpha.test", 53)).toEqual([
          [C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["10.1.0.1", 53]],
          [C.AF_INET, C.SOCK_DGRAM, C.IPPROTO_UDP, "", ["10.1.0.1", 53]],
          [C.AF_INET, C.SOCK_RAW, 0, "", ["10.1.0.1", 53]]
        ])
        expect(yield* r.gethostbyname("fromhosts.test")).toBe("10.9.9.9")
      })))

    it.live("unknown names and missing families", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* gaiCode(r.gethostbyname("nope.test"))).toBe("EAI_NONAME")
        expect(yield* gaiCode(r.getaddrinfo("nope.test", 80))).toBe("EAI_NONAME")
        expect(yield* gaiCode(r.gethostbyname("six.test"))).toBe("EAI_NODATA")
      })))

    it.live("CNAME, PTR and getnameinfo from DNS", () =>
      run(Effect.gen(function*() {
        const r = yield* resolver
        expect(yield* r.gethostbyname("www.test")).toBe("10.1.0.1")
        const [canonical, aliases, ips] = yield* r.gethostbynameEx("www.test")
        expect(ips).toEqual(["10.1.0.1"])
        expect([canonical, aliases]).toEqual(["alpha.test", ["www.test"]])
        expect((yield* r.getaddrinfo("www.test", 80, C.AF_INET, C.SOCK_STREAM, 0, C.AI_CANONNAME))[0]![3]).toBe("alpha.test")
        expect(yield* r.gethostbyaddr("10.1.0.2")).toEqual(["beta.test", [], ["10.1.0.2"]])
        expect(yield* r.gethostbyaddr("beta.test")).toEqual(["beta.test", [], ["10.1.0.2"]])
        expect(yield* r.getnameinfo(["10.1.0.1", 80], C.NI_NUMERICSERV!)).toEqual(["alpha.test", "80"])
        expect(yield* r.getnameinfo(["10.1.0.1", 80], C.NI_NOFQDN!)).toEqual(["alpha", "http"])
        expect(yield* r.getnameinfo(["10.77.0.1", 80], C.NI_NUMERICSERV!)).toEqual(["10.77.0.1", "80"])
        const herr = yield* Effect.flip(r.gethostbyaddr("10.77.0.1"))
        expect(herr).toMatchObject({ _tag: "HError", errno: 1, message: "Unknown host" })
        expect(yield* gaiCode(r.getnameinfo(["10.77.0.1", 80], C.NI_NAMEREQD!))).toBe("EAI_NONAME")
      })))
  })
}
