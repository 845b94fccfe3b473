import { describe, expect, it } from "@effect/vitest"
import { Result } from "effect"
import * as Codec from "../src/dns/Codec.ts"
import * as Hosts from "../src/Hosts.ts"
import * as ResolvConf from "../src/dns/ResolvConf.ts"

const message = (over: Partial<Codec.Message> = {}): Codec.Message => ({
  id: 0xbeef,
  qr: true,
  opcode: 0,
  aa: true,
  tc: false,
  rd: true,
  ra: true,
  rcode: 0,
  questions: [{ name: "www.example.test", type: Codec.TYPE_A, class: Codec.CLASS_IN }],
  answers: [
    { name: "www.example.test", type: Codec.TYPE_CNAME, class: 1, ttl: 300, data: { _tag: "Name", name: "host.example.test" } },
    { name: "host.example.test", type: Codec.TYPE_A, class: 1, ttl: 60, data: { _tag: "A", address: "192.0.2.7" } },
    { name: "host.example.test", type: Codec.TYPE_AAAA, class: 1, ttl: 60, data: { _tag: "AAAA", address: "2001:db8::7" } }
  ],
  authorities: [
    { name: "example.test", type: Codec.TYPE_SOA, class: 1, ttl: 900, data: { _tag: "SOA", mname: "ns.example.test", rname: "admin\\.x.example.test", serial: 2024060101, refresh: 7200, retry: 900, expire: 1209600, minimum: 120 } }
  ],
  additionals: [
    // HINFO (13) is not decoded: its bytes are kept as they are.
    { name: "x.test", type: 13, class: 1, ttl: 5, data: { _tag: "Raw", bytes: Uint8Array.from([3, 97, 98, 99, 1, 100]) } },
    { name: "x.test", type: Codec.TYPE_TXT, class: 1, ttl: 5, data: { _tag: "TXT", chunks: [Uint8Array.from([97, 98, 99]), new Uint8Array(0), Uint8Array.from([0xc3, 0xa9])] } },
    { name: "x.test", type: Codec.TYPE_MX, class: 1, ttl: 5, data: { _tag: "MX", preference: 10, exchange: "mail.x.test" } },
    { name: "_s._tcp.x.test", type: Codec.TYPE_SRV, class: 1, ttl: 5, data: { _tag: "SRV", priority: 1, weight: 2, port: 5060, target: "sip.x.test" } },
    { name: "x.test", type: Codec.TYPE_NS, class: 1, ttl: 5, data: { _tag: "Name", name: "ns1.x.test" } },
    {
      name: "x.test",
      type: Codec.TYPE_NAPTR,
      class: 1,
      ttl: 5,
      data: { _tag: "NAPTR", order: 100, preference: 10, flags: Uint8Array.from([0x53]), service: Uint8Array.from([0x53, 0x49, 0x50]), regexp: new Uint8Array(0), replacement: "_sip._udp.x.test" }
    },
    { name: "_443._tcp.x.test", type: Codec.TYPE_TLSA, class: 1, ttl: 5, data: { _tag: "TLSA", usage: 3, selector: 1, matchingType: 1, data: Uint8Array.from([0xde, 0xad, 0xbe, 0xef]) } },
    { name: "x.test", type: Codec.TYPE_CAA, class: 1, ttl: 5, data: { _tag: "CAA", flags: 128, tag: "issue", value: Uint8Array.from([0x63, 0x61, 0x2e, 0x74, 0x65, 0x73, 0x74]) } }
  ],
  ...over
})

// A small seeded PRNG (mulberry32) so fuzz failures are reproducible.
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

describe("Codec", () => {
  it("encodes a query byte for byte", () => {
    const q = Result.getOrThrow(Codec.encodeQuery(0x1234, "a.bc", Codec.TYPE_AAAA))
    expect([...q]).toEqual([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 97, 2, 98, 99, 0, 0, 28, 0, 1])
  })

  it("round-trips a message with every record kind", () => {
    const m = message()
    const decoded = Result.getOrThrow(Codec.decodeMessage(Result.getOrThrow(Codec.encodeMessage(m))))
    expect(decoded).toEqual(m)
  })

  it("follows compression pointers and rejects loops and forward pointers", () => {
    // header, question "a.test" at 12, answer name = pointer to 12, A 10.0.0.1
    const bytes = Uint8Array.from([
      0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
      1, 97, 4, 116, 101, 115, 116, 0, 0, 1, 0, 1,
      0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1
    ])
    const m = Result.getOrThrow(Codec.decodeMessage(bytes))
    expect(m.answers[0]).toEqual({ name: "a.test", type: 1, class: 1, ttl: 60, data: { _tag: "A", address: "10.0.0.1" } })
    const loop = Uint8Array.from([0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1])
    expect(Codec.decodeMessage(loop)).toEqual(Result.fail(new Codec.DecodeError({ reason: "forward compression pointer" })))
    expect(Codec.decodeMessage(new Uint8Array(5))).toEqual(Result.fail(new Codec.DecodeError({ reason: "short header" })))
  })

  it("rejects bad names when encoding", () => {
    expect(Result.isFailure(Codec.encodeQuery(1, "a..b", 1))).toBe(true)
    expect(Result.isFailure(Codec.encodeQuery(1, `${"x".repeat(64)}.test`, 1))).toBe(true)
    expect(Result.isFailure(Codec.encodeQuery(1, Array(130).fill("ab").join("."), 1))).toBe(true)
    expect(Result.getOrThrow(Codec.labels("www.example.com."))).toEqual(["www", "example", "com"])
  })

  it("formats IPv6 as RFC 5952 and builds reverse names", () => {
    expect(Codec.formatIpv6(Codec.ipv6Bytes("2001:0db8:0:0:1:0:0:1"))).toBe("2001:db8::1:0:0:1")
    expect(Codec.formatIpv6(Codec.ipv6Bytes("::ffff:192.0.2.1"))).toBe("::ffff:192.0.2.1")
    expect(Codec.formatIpv6(Codec.ipv6Bytes("::"))).toBe("::")
    expect(Codec.reverseName("192.0.2.1")).toBe("1.2.0.192.in-addr.arpa")
    // IPv4-mapped addresses are unmapped first, as glibc does.
    expect(Codec.reverseName("::ffff:192.0.2.1")).toBe("1.2.0.192.in-addr.arpa")
    expect(Codec.reverseName("::ffff:c000:201")).toBe("1.2.0.192.in-addr.arpa")
    expect(Codec.reverseName("2001:db8::1")).toBe("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")
  })

  it("fuzz: random bytes and mutated messages never throw, and valid messages round-trip", () => {
    const next = rng(20240601)
    const valid = Result.getOrThrow(Codec.encodeMessage(message()))
    let failures = 0
    let successes = 0
    for (let i = 0; i < 20_000; i++) {
      let bytes: Uint8Array
      if (i % 2 === 0) {
        bytes = Uint8Array.from({ length: Math.floor(next() * 80) }, () => Math.floor(next() * 256))
      } else {
        bytes = valid.slice(0, Math.max(0, valid.length - Math.floor(next() * 8)))
        for (let k = 0, n = 1 + Math.floor(next() * 4); k < n; k++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256)
      }
      const r = Codec.decodeMessage(bytes)
      if (Result.isFailure(r)) {
        expect(r.failure).toBeInstanceOf(Codec.DecodeError)
        failures++
        continue
      }
      successes++
      // Whatever decodes re-encodes (no compression) and decodes to the same message.
      const again = Codec.encodeMessage(r.success)
      if (Result.isSuccess(again)) expect(Result.getOrThrow(Codec.decodeMessage(again.success))).toEqual(r.success)
      Codec.decodeHead(bytes)
    }
    expect(failures).toBeGreaterThan(1000)
    expect(successes).toBeGreaterThan(100)
  })

  it("fuzz: random names and records round-trip", () => {
    const next = rng(7)
    const label = () => Array.from({ length: 1 + Math.floor(next() * 20) }, () => "abcdefghijklmnopqrstuvwxyz0123456789-_"[Math.floor(next() * 38)]).join("")
    for (let i = 0; i < 2000; i++) {
      const name = Array.from({ length: 1 + Math.floor(next() * 5) }, label).join(".")
      const v4 = Array.from({ length: 4 }, () => Math.floor(next() * 256)).join(".")
      const v6 = Codec.formatIpv6(Uint8Array.from({ length: 16 }, () => (next() < 0.5 ? 0 : Math.floor(next() * 256))))
      const m = message({
        id: Math.floor(next() * 65536),
        questions: [{ name, type: Codec.TYPE_A, class: 1 }],
        answers: [
          { name, type: Codec.TYPE_A, class: 1, ttl: Math.floor(next() * 0x7fffffff), data: { _tag: "A", address: v4 } },
          { name, type: Codec.TYPE_AAAA, class: 1, ttl: 1, data: { _tag: "AAAA", address: v6 } },
          { name, type: Codec.TYPE_PTR, class: 1, ttl: 1, data: { _tag: "Name", name: `${label()}.${name}` } }
        ]
      })
      expect(Result.getOrThrow(Codec.decodeMessage(Result.getOrThrow(Codec.encodeMessage(m))))).toEqual(m)
    }
  })
})

describe("hosts file", () => {
  it("parses addresses, aliases, comments and case", () => {
    const t = Hosts.parse("# comment\n127.0.0.1\tlocalhost loopback # trailing\n::1 localhost ip6-localhost\n10.0.0.1 DB db.lan\n10.0.0.2 db\nbogus line\n2001:DB8:0::1 six\n")
    expect(Hosts.lookup(t, "localhost")).toEqual({ canonical: "localhost", aliases: ["loopback"], v4: ["127.0.0.1"], v6: ["::1"] })
    expect(Hosts.lookup(t, "dB")).toEqual({ canonical: "DB", aliases: ["db.lan"], v4: ["10.0.0.1", "10.0.0.2"], v6: [] })
    // A trailing dot counts, as in glibc's nss_files.
    expect(Hosts.lookup(t, "db.")).toBeUndefined()
    expect(Hosts.lookup(t, "six")?.v6).toEqual(["2001:db8::1"])
    expect(Hosts.reverse(t, "10.0.0.1")).toEqual(["DB", ["db.lan"]])
    expect(Hosts.reverse(t, "2001:db8::1")).toEqual(["six", []])
    expect(Hosts.lookup(t, "bogus")).toBeUndefined()
  })
})

describe("resolv.conf", () => {
  it("parses servers, search, options and applies glibc limits", () => {
    const c = ResolvConf.parse("nameserver 10.0.0.1\nnameserver ::1\nnameserver 10.0.0.3\nnameserver 10.0.0.4\ndomain first\nsearch lan corp ; comment\noptions ndots:20 timeout:0 attempts:9 rotate\n")
    expect(c).toEqual({ nameservers: ["10.0.0.1", "::1", "10.0.0.3"], search: ["lan", "corp"], ndots: 15, timeout: 1, attempts: 5, rotate: true })
    expect(ResolvConf.parse("")).toEqual(ResolvConf.defaults)
    // A line whose address does not parse is skipped and not counted toward the three, as in glibc.
    expect(ResolvConf.parse("nameserver bogus\nnameserver 10.0.0.1\nnameserver 1.2.3\u00b7\nnameserver ::1\nnameserver 10.0.0.3\n").nameservers)
      .toEqual(["10.0.0.1", "::1", "10.0.0.3"])
    expect(ResolvConf.parseServer("[::1]:5353")).toEqual(["::1", 5353])
    expect(ResolvConf.parseServer("127.0.0.1:53000")).toEqual(["127.0.0.1", 53000])
    expect(ResolvConf.parseServer("fe80::1")).toEqual(["fe80::1", 53])
    expect(ResolvConf.parseServer("ns.example")).toBeUndefined()
  })
})
