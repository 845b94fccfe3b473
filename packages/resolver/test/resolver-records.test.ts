/**
 * Record queries (issue 21.4): every record type Effect's `Dns` defines, from a real dnsmasq, through
 * `layerEffectDns` over `layerDns` and `layerAres` alike, and through the resolvers' own `resolve`.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Dns from "effect/net/Dns"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { layerAres, layerCache, layerDns, layerEffectDns, layerThread, makeAres, makeDns } from "../src/index.ts"
import { type Dnsmasq, startDnsmasq } from "./dnsmasq.ts"

/** A name in wire form (RFC 1035 3.1), as hex for dnsmasq's `--dns-rr`. */
const wireName = (name: string) => [...name.split(".").flatMap((label) => [label.length, ...Buffer.from(label)]), 0]
const u32 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
const hex = (bytes: ReadonlyArray<number>) => Buffer.from(bytes).toString("hex")

let dnsmasq: Dnsmasq
let hostsFile: string

beforeAll(async () => {
  // The mailbox "host.master@rec.test": a dot inside its first label.
  const rname = [11, ...Buffer.from("host.master"), 3, ...Buffer.from("rec"), 4, ...Buffer.from("test"), 0]
  const soa = [...wireName("ns1.rec.test"), ...rname, ...u32(2024060101), ...u32(7200), ...u32(900), ...u32(1209600), ...u32(300)]
  // One chunk of UTF-8 ("café") and one with a byte that is no UTF-8 (0xff).
  const utf8Txt = [5, ...Buffer.from("café"), 2, 0x6f, 0xff]
  dnsmasq = await startDnsmasq({
    hosts: "10.2.0.1 mail.rec.test\n10.2.0.2 mx2.rec.test\n10.2.0.3 sip.rec.test\n",
    args: [
      "--local=/rec.test/",
      "--host-record=six.rec.test,fd00::66",
      "--cname=alias.rec.test,mail.rec.test",
      "--txt-record=txt.rec.test,v=spf1 -all,second",
      `--dns-rr=utf8.rec.test,16,${hex(utf8Txt)}`,
      "--mx-host=rec.test,mail.rec.test,10",
      "--mx-host=rec.test,mx2.rec.test,20",
      "--srv-host=_sip._tcp.rec.test,sip.rec.test,5060,1,2",
      "--caa-record=rec.test,128,issue,ca.example",
      "--naptr-record=rec.test,100,10,S,SIP+D2U,,_sip._udp.rec.test",
      "--ptr-record=_printer._tcp.rec.test,office._printer._tcp.rec.test",
      `--dns-rr=rec.test,2,${hex(wireName("ns1.rec.test"))}`,
      `--dns-rr=rec.test,6,${hex(soa)}`,
      `--dns-rr=_443._tcp.rec.test,52,${hex([3, 1, 1, 0xde, 0xad, 0xbe, 0xef])}`
    ]
  })
  hostsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gf-hosts-")), "hosts")
  fs.writeFileSync(hostsFile, "127.0.0.1 localhost\n10.9.9.9 mail.rec.test\n")
})
afterAll(async () => {
  await dnsmasq?.stop()
})

const layers: ReadonlyArray<readonly [string, () => Layer.Layer<never, unknown>]> = [
  ["dns", () => layerDns({ nameservers: [dnsmasq.server], timeout: 1, attempts: 1, hostsFile, resolvConf: "/dev/null" })],
  ["ares", () => layerAres({ nameservers: [dnsmasq.server], timeout: 1, tries: 1, hostsFile })],
  ["cache over dns", () => layerCache().pipe(Layer.provide(layerDns({ nameservers: [dnsmasq.server], timeout: 1, attempts: 1, hostsFile, resolvConf: "/dev/null" })))]
]

/** The records of a query in presentation format, sorted (servers may rotate their order). */
const resolved = (name: string, type: Dns.RecordType) =>
  Effect.flatMap(Effect.service(Dns.Dns), (dns) => dns.resolve(name, type)).pipe(Effect.map((records) => records.map(Dns.formatRecord).sort()))

const reason = (name: string, type: Dns.RecordType) =>
  Effect.flatMap(Effect.service(Dns.Dns), (dns) => Effect.flip(dns.resolve(name, type))).pipe(Effect.map((e) => [e._tag, e.reason, e.recordType]))

for (const [name, layer] of layers) {
  describe(`Dns.resolve through layerEffectDns over ${name}`, () => {
    const run = <A, E>(self: Effect.Effect<A, E, Dns.Dns>) => Effect.provide(self, layerEffectDns.pipe(Layer.provide(layer())))

    it.live("every record type Effect's Dns defines, decoded field by field", () =>
      run(Effect.gen(function*() {
        expect(yield* resolved("txt.rec.test", "TXT")).toEqual([`TXT "v=spf1 -all" "second"`])
        expect(yield* resolved("rec.test", "MX")).toEqual(["MX 10 mail.rec.test.", "MX 20 mx2.rec.test."])
        expect(yield* resolved("_sip._tcp.rec.test", "SRV")).toEqual(["SRV 1 2 5060 sip.rec.test."])
        expect(yield* resolved("rec.test", "CAA")).toEqual([`CAA 128 issue "ca.example"`])
        expect(yield* resolved("rec.test", "NAPTR")).toEqual([`NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.rec.test.`])
        expect(yield* resolved("rec.test", "NS")).toEqual(["NS ns1.rec.test."])
        expect(yield* resolved("rec.test", "SOA")).toEqual(["SOA ns1.rec.test. host\\.master.rec.test. 2024060101 7200 900 1209600 300"])
        expect(yield* resolved("_443._tcp.rec.test", "TLSA")).toEqual(["TLSA 3 1 1 DEADBEEF"])
        expect(yield* resolved("_printer._tcp.rec.test", "PTR")).toEqual(["PTR office._printer._tcp.rec.test."])
        expect(yield* resolved("alias.rec.test", "CNAME")).toEqual(["CNAME mail.rec.test."])
        // Record queries ask DNS, not the hosts file (which says 10.9.9.9 for mail.rec.test).
        expect(yield* resolved("mail.rec.test", "A")).toEqual(["A 10.2.0.1"])
        expect(yield* resolved("six.rec.test", "AAAA")).toEqual(["AAAA fd00::66"])
      })))

    it.live("values: TXT chunks apart and as UTF-8, MX priorities, CAA critical, SOA durations; a CNAME is followed", () =>
      run(Effect.gen(function*() {
        const dns = yield* Dns.Dns
        const [txt] = yield* dns.resolve("utf8.rec.test", "TXT")
        expect(txt!.chunks).toEqual(["café", "o\uFFFD"])
        const mx = yield* dns.resolve("rec.test", "MX")
        expect(mx.map((r) => [r.exchange, r.priority]).sort()).toEqual([["mail.rec.test.", 10], ["mx2.rec.test.", 20]])
        const [caa] = yield* dns.resolve("rec.test", "CAA")
        expect([caa!.critical, caa!.tag, caa!.value]).toEqual([true, "issue", "ca.example"])
        const [soa] = yield* dns.resolve("REC.test.", "SOA")
        expect([soa!.primary, soa!.admin, soa!.serial, soa!.minimum]).toEqual(["ns1.rec.test.", "host\\.master.rec.test.", 2024060101, soa!.minimum])
        expect(soa!.minimum.toJSON()).toEqual({ _id: "Duration", _tag: "Millis", millis: 300_000 })
        const [srv] = yield* dns.resolve("_sip._tcp.rec.test", "SRV")
        expect([srv!.target, srv!.port, srv!.priority, srv!.weight]).toEqual(["sip.rec.test.", 5060, 1, 2])
        // The alias's A records are its target's, as c-ares gives them.
        expect((yield* dns.resolve("alias.rec.test", "A")).map(Dns.formatRecord)).toEqual(["A 10.2.0.1"])
      })))

    it.live("no such name and no such record are NotFound; a name outside the server's zones is Refused", () =>
      run(Effect.gen(function*() {
        expect(yield* reason("nope.rec.test", "TXT")).toEqual(["DnsError", "NotFound", "TXT"])
        expect(yield* reason("mail.rec.test", "MX")).toEqual(["DnsError", "NotFound", "MX"])
        expect(yield* reason("elsewhere.example", "TXT")).toEqual(["DnsError", "Refused", "TXT"])
        expect(yield* reason("foo..rec.test", "TXT")).toEqual(["DnsError", "BadName", "TXT"])
      })))
  })
}

describe("record queries on our side", () => {
  it.live("makeDns and makeAres give a resolve of their own, with the same records", () =>
    Effect.gen(function*() {
      const dns = yield* makeDns({ nameservers: [dnsmasq.server], timeout: 1, attempts: 1, hostsFile, resolvConf: "/dev/null" })
      const ares = yield* makeAres({ nameservers: [dnsmasq.server], timeout: 1, tries: 1, hostsFile })
      for (const type of ["TXT", "MX", "SRV", "CAA", "NAPTR", "NS", "SOA", "TLSA"] as const) {
        const name = type === "TXT" ? "txt.rec.test" : type === "SRV" ? "_sip._tcp.rec.test" : type === "TLSA" ? "_443._tcp.rec.test" : "rec.test"
        const fromDns = (yield* dns.resolve(name, type)).map(Dns.formatRecord).sort()
        const fromAres = (yield* ares.resolve(name, type)).map(Dns.formatRecord).sort()
        expect([type, fromDns]).toEqual([type, fromAres])
        expect(fromDns.length).toBeGreaterThan(0)
      }
    }))

  it.live("the OS resolver answers no record queries: Unsupported, typed", () =>
    Effect.gen(function*() {
      const e = yield* Effect.flatMap(Effect.service(Dns.Dns), (dns) => Effect.flip(dns.resolve("rec.test", "TXT"))).pipe(
        Effect.provide(layerEffectDns.pipe(Layer.provide(layerThread)))
      )
      expect([e._tag, e.reason, e.method, e.recordType]).toEqual(["DnsError", "Unsupported", "resolve", "TXT"])
    }))
})
