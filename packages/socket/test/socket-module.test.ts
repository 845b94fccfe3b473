import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Fiber } from "effect"
import { closeSync, openSync, writeSync } from "node:fs"
import { constants } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { bytes, text, tmpPath } from "./helpers.ts"

describe("module functions", () => {
  it("constants carry the platform's values", () => {
    expect(S.AF_INET).toBe(constants.AF_INET)
    expect(S.AF_INET6).toBe(constants.AF_INET6)
    expect(S.SOCK_DGRAM).toBe(constants.SOCK_DGRAM)
    expect(S.SHUT_WR).toBe(constants.SHUT_WR)
    expect(S.EAI_NONAME).toBe(constants.EAI_NONAME)
    expect(S.Constants.SO_REUSEADDR).toBe(constants.SO_REUSEADDR)
    expect(typeof S.hasIpv6).toBe("boolean")
  })

  it.live("createConnection with allErrors reports every attempt in the cause", () =>
    Effect.gen(function*() {
      const probe = yield* S.socket()
      yield* probe.bind(["127.0.0.1", 0])
      const [, port] = (yield* probe.getsockname()) as readonly [string, number]
      yield* probe.close()
      const infos = yield* S.getaddrinfo("localhost", port, 0, S.SOCK_STREAM)
      const cause = yield* S.createConnection(["localhost", port], { allErrors: true }).pipe(
        Effect.scoped,
        Effect.sandbox,
        Effect.flip
      )
      const errors = S.allConnectErrors(cause)
      expect(errors).toHaveLength(infos.length)
      errors.forEach((e) => expect(e._tag === "SocketError" && e.code).toBe("ECONNREFUSED"))
      expect(Cause.hasFails(cause)).toBe(true)
    }))

  it.live("createConnection binds sourceAddress", () =>
    Effect.gen(function*() {
      const server = yield* S.createServer(["127.0.0.1", 0])
      const [, port] = (yield* server.getsockname()) as readonly [string, number]
      const sock = yield* S.createConnection(["127.0.0.1", port], { sourceAddress: ["127.0.0.1", 0] })
      const [conn, addr] = yield* server.accept()
      expect(addr).toEqual(yield* sock.getsockname())
      expect(yield* server.getsockopt(S.SOL_SOCKET, S.SO_REUSEADDR)).toBe(1)
      expect(yield* conn.getsockopt(S.SOL_SOCKET, S.SO_TYPE)).toBe(S.SOCK_STREAM)
    }).pipe(Effect.scoped))

  it.live.skipIf(!S.hasIpv6 || !S.hasDualstackIpv6())("createServer with dualstackIpv6 accepts IPv4 clients", () =>
    Effect.gen(function*() {
      const server = yield* S.createServer(["", 0], { family: S.AF_INET6, dualstackIpv6: true, reusePort: true })
      expect(yield* server.getsockopt(S.IPPROTO_IPV6, S.IPV6_V6ONLY)).toBe(0)
      expect(yield* server.getsockopt(S.SOL_SOCKET, S.SO_REUSEPORT)).toBe(1)
      const [, port] = (yield* server.getsockname()) as ReadonlyArray<any>
      const client = yield* S.createConnection(["127.0.0.1", port])
      const [conn, addr] = yield* server.accept()
      expect((addr as ReadonlyArray<any>)[0]).toBe("::ffff:127.0.0.1")
      yield* client.sendall(bytes("v4 to v6"))
      expect(text(yield* conn.recv(100))).toBe("v4 to v6")
      const bad = yield* Effect.flip(S.createServer(["127.0.0.1", 0], { dualstackIpv6: true }))
      expect(bad._tag === "SocketError" && bad.code).toBe("EINVAL")
    }).pipe(Effect.scoped))

  it.live("setsockopt / getsockopt with ints and bytes", () =>
    Effect.gen(function*() {
      const sock = yield* S.socket()
      yield* sock.setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, 1)
      expect(yield* sock.getsockopt(S.IPPROTO_TCP, S.TCP_NODELAY)).toBe(1)
      const raw = yield* sock.getsockopt(S.SOL_SOCKET, S.SO_TYPE, 4)
      expect(raw.length).toBe(4)
      expect(Buffer.from(raw).readInt32LE(0)).toBe(S.SOCK_STREAM)
      const err = yield* Effect.flip(sock.getsockopt(-1, 9999))
      expect(err._tag).toBe("SocketError")
    }).pipe(Effect.scoped))

  it.live("sendfile sends a file; non-blocking sockets get EINVAL", () =>
    Effect.gen(function*() {
      const path = tmpPath("data.bin")
      const content = Buffer.from("0123456789".repeat(100_000))
      const fd = openSync(path, "w+")
      writeSync(fd, content)
      yield* Effect.addFinalizer(() => Effect.sync(() => closeSync(fd)))
      const [a, b] = yield* S.socketpair()
      const reader = yield* Effect.forkChild(Effect.gen(function*() {
        const parts: Array<Uint8Array> = []
        let n = 0
        while (n < content.length - 5) {
          const chunk = yield* b.recv(65536)
          parts.push(chunk)
          n += chunk.length
        }
        return Buffer.concat(parts)
      }))
      expect(yield* a.sendfile(fd, 5)).toBe(content.length - 5)
      const got = yield* Fiber.join(reader)
      expect(got.equals(content.subarray(5))).toBe(true)
      yield* a.setblocking(false)
      const err = yield* Effect.flip(a.sendfile(fd))
      expect(err._tag === "SocketError" && err.code).toBe("EINVAL")
    }).pipe(Effect.scoped))

  it.live("name functions", () =>
    Effect.gen(function*() {
      const host = yield* S.gethostname()
      expect(host.length).toBeGreaterThan(0)
      expect(yield* S.getnameinfo(["127.0.0.1", 80], S.NI_NUMERICHOST | S.NI_NUMERICSERV)).toEqual(["127.0.0.1", "80"])
      const [, , ips] = yield* S.gethostbynameEx("localhost")
      expect(ips).toContain("127.0.0.1")
      expect(typeof (yield* S.getfqdn("127.0.0.1"))).toBe("string")
      const resolved = yield* S.resolveAddress(S.AF_INET, ["localhost", 1234])
      expect(resolved).toEqual(["127.0.0.1", 1234])
      // An unknown family without an address is a typed failure (found by the bad-input fuzz).
      const missing = yield* Effect.flip(S.resolveAddress(-132, undefined))
      expect(missing._tag === "SocketError" && missing.code).toBe("EINVAL")
      const gai = yield* Effect.flip(S.getaddrinfo("no-such-host.invalid", 80))
      expect(gai._tag).toBe("GaiError")
    }))
})
