import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { spawnSync } from "node:child_process"
import { openSync } from "node:fs"
import * as S from "@greenfiber/socket"

const py = (code: string): string => {
  const r = spawnSync("/usr/bin/python3", ["-c", `import socket, json\n${code}`], { encoding: "utf8" })
  if (r.status !== 0) throw new Error(r.stderr)
  return r.stdout.trim()
}

/** Python's answer per call: the value as JSON, or "E:<message>". */
const pyEach = (calls: ReadonlyArray<string>): Array<unknown> =>
  JSON.parse(py(`
def run(f):
  try:
    v = f()
    return v.hex() if isinstance(v, bytes) else v
  except Exception as e: return "E:" + (e.args[0] if isinstance(e.args[0], str) else e.args[1])
print(json.dumps([run(lambda: ${calls.join("), run(lambda: ")})]))`))

const ours = <A>(e: Effect.Effect<A, S.SocketError>) =>
  Effect.map(Effect.result(e), (r) =>
    r._tag === "Failure" ? `E:${r.failure.message}` : r.success instanceof Uint8Array ? Buffer.from(r.success).toString("hex") : r.success)

describe("conversions against CPython", () => {
  it.effect("htons, ntohs, htonl, ntohl", () =>
    Effect.gen(function*() {
      const xs = [0, 1, 0x1234, 0xffff, 0x10000, -1, 0x12345678, 0xffffffff, 2 ** 32, -(2 ** 31) - 1, 2 ** 31]
      const got: Array<unknown> = []
      for (const x of xs) for (const f of [S.htons, S.ntohs, S.htonl, S.ntohl]) got.push(yield* ours(f(x)))
      const calls = xs.flatMap((x) => ["htons", "ntohs", "htonl", "ntohl"].map((f) => `socket.${f}(${x})`))
      expect(got).toEqual(pyEach(calls))
    }))

  it.effect("inetPton, inetNtop, inetAton, inetNtoa", () =>
    Effect.gen(function*() {
      const pton: Array<[number, string]> = [[S.AF_INET, "1.2.3.4"], [S.AF_INET, "01.2.3.4"], [S.AF_INET, "1.2.3"], [S.AF_INET6, "::1"],
        [S.AF_INET6, "::ffff:1.2.3.4"], [S.AF_INET6, "fe80::1%eth0"], [S.AF_INET6, "1::2::3"], [99, "1.2.3.4"]]
      const aton = ["1", "127.1", "0x7f.1", "010.0.0.1", "1.2.3.4 junk", "255.255.255.256", " 1.2.3.4", "x", "1.2.3.4\u0000"]
      const ntop: Array<[number, Array<number>]> = [[S.AF_INET, [127, 0, 0, 1]], [S.AF_INET6, [...Array(16).keys()]],
        [S.AF_INET6, [...Array(10).fill(0), 255, 255, 1, 2, 3, 4]], [S.AF_INET6, [...Array(12).fill(0), 1, 2, 3, 4]],
        [S.AF_INET, [1, 2, 3, 4, 5]], [99, [1, 2, 3, 4]]]
      const ntoa = [[10, 0, 0, 1], [1, 2, 3]]
      const got: Array<unknown> = []
      for (const [f, s] of pton) got.push(yield* ours(S.inetPton(f, s)))
      for (const s of aton) got.push(yield* ours(S.inetAton(s)))
      for (const [f, b] of ntop) got.push(yield* ours(S.inetNtop(f, Uint8Array.from(b))))
      for (const b of ntoa) got.push(yield* ours(S.inetNtoa(Uint8Array.from(b))))
      const calls = [
        ...pton.map(([f, s]) => `socket.inet_pton(${f}, ${JSON.stringify(s)})`),
        ...aton.map((s) => `socket.inet_aton(${JSON.stringify(s)})`),
        ...ntop.map(([f, b]) => `socket.inet_ntop(${f}, bytes(${JSON.stringify(b)}))`),
        ...ntoa.map((b) => `socket.inet_ntoa(bytes(${JSON.stringify(b)}))`)
      ]
      expect(got).toEqual(pyEach(calls))
    }))

  it.effect("getservbyname, getservbyport, getprotobyname", () =>
    Effect.gen(function*() {
      const byName: Array<[string, string | null]> = [["http", null], ["www", null], ["http", "tcp"], ["http", "udp"], ["domain", "udp"],
        ["HTTP", null], ["kerberos", null], ["krb5", "udp"], ["nope", null]]
      const byPort: Array<[number, string | null]> = [[80, null], [53, "udp"], [88, null], [0, null], [65535, null], [1, null], [70000, null], [-1, null]]
      const protos = ["tcp", "TCP", "ip", "IP", "ipv6-icmp", "IPv6-ICMP", "icmp", "udp", "nope"]
      const got: Array<unknown> = []
      for (const [n, p] of byName) got.push(yield* ours(S.getservbyname(n, p)))
      for (const [n, p] of byPort) got.push(yield* ours(S.getservbyport(n, p)))
      for (const n of protos) got.push(yield* ours(S.getprotobyname(n)))
      const calls = [
        ...byName.map(([n, p]) => `socket.getservbyname(${JSON.stringify(n)}${p === null ? "" : `, ${JSON.stringify(p)}`})`),
        ...byPort.map(([n, p]) => `socket.getservbyport(${n}${p === null ? "" : `, ${JSON.stringify(p)}`})`),
        ...protos.map((n) => `socket.getprotobyname(${JSON.stringify(n)})`)
      ]
      expect(got).toEqual(pyEach(calls))
    }))

  it.effect("ifNameindex, ifNametoindex, ifIndextoname", () =>
    Effect.gen(function*() {
      const list = yield* S.ifNameindex()
      expect(list.map(([i, n]) => [i, n])).toEqual(JSON.parse(py("print(json.dumps(socket.if_nameindex()))")))
      const got: Array<unknown> = []
      for (const [i, n] of list) {
        got.push(yield* ours(S.ifNametoindex(n)), yield* ours(S.ifIndextoname(i)))
      }
      got.push(yield* ours(S.ifNametoindex("nope")), yield* ours(S.ifIndextoname(99999)), yield* ours(S.ifIndextoname(-1)))
      const calls = [...list.flatMap(([i, n]) => [`socket.if_nametoindex(${JSON.stringify(n)})`, `socket.if_indextoname(${i})`]),
        `socket.if_nametoindex("nope")`, `socket.if_indextoname(99999)`, `socket.if_indextoname(-1)`]
      expect(got).toEqual(pyEach(calls))
      const e = yield* Effect.flip(S.ifIndextoname(99999))
      expect(e.code).toBe("ENXIO")
    }))

  it("AddressFamily, SocketKind, MsgFlag, AddressInfo name constants as CPython's enums do", () => {
    const enums = JSON.parse(py(`print(json.dumps({e.__name__: {m.name: m.value for m in e} for e in (socket.AddressFamily, socket.SocketKind, socket.MsgFlag, socket.AddressInfo)}))`))
    for (const e of [S.AddressFamily, S.SocketKind, S.MsgFlag, S.AddressInfo]) {
      const theirs = enums[e.enumName] as Record<string, number>
      for (const [name, value] of Object.entries(e.members)) {
        if (!(name in theirs)) continue
        expect([name, e.name(value)]).toEqual([name, name])
        expect(theirs[name]).toBe(value)
        expect(e.value(name)).toBe(value)
      }
    }
    expect(S.AddressFamily.name(S.AF_INET)).toBe("AF_INET")
    expect(S.SocketKind.name(S.SOCK_DGRAM)).toBe("SOCK_DGRAM")
    expect(S.AddressFamily.name(12345)).toBe(undefined)
    expect(S.AddressFamily.value("toString")).toBe(undefined)
  })
})

describe("default timeout and close(fd)", () => {
  it.live("setdefaulttimeout sets the process default; withDefaultTimeout still overrides it", () =>
    Effect.gen(function*() {
      expect(yield* S.getdefaulttimeout()).toBe(null)
      yield* S.setdefaulttimeout(2.5)
      try {
        expect(yield* S.getdefaulttimeout()).toBe(2.5)
        const sock = yield* S.socket()
        expect(sock.gettimeout()).toBe(2.5)
        expect(yield* S.getdefaulttimeout().pipe(S.withDefaultTimeout(1))).toBe(1)
        expect((yield* Effect.flip(S.setdefaulttimeout(-1))).code).toBe("EINVAL")
      } finally {
        yield* S.setdefaulttimeout(null)
      }
      expect((yield* S.socket()).gettimeout()).toBe(null)
    }).pipe(Effect.scoped))

  it.effect("close(fd) closes a raw fd; a closed one is EBADF", () =>
    Effect.gen(function*() {
      const fd = openSync("/dev/null", "r")
      yield* S.close(fd)
      expect((yield* Effect.flip(S.close(fd))).code).toBe("EBADF")
      expect((yield* Effect.flip(S.close(-1))).code).toBe("EBADF")
    }))
})
