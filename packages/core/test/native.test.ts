import { assert, describe, it } from "@effect/vitest"
import { constants, errnos } from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"

const { native } = Native
const C = constants

describe("native syscalls", () => {
  it("exports the platform's constants", () => {
    // Linux values; the point is that they come from the C headers, not from TypeScript.
    assert.deepStrictEqual(
      [C.AF_UNIX, C.AF_INET, C.AF_INET6, C.SOCK_STREAM, C.SOCK_DGRAM, C.SOL_SOCKET, C.SO_REUSEADDR],
      [1, 2, 10, 1, 2, 1, 2]
    )
    assert.deepStrictEqual([errnos.EAGAIN, errnos.EBADF, errnos.ECONNREFUSED], [11, 9, 111])
    assert.deepStrictEqual([C.EAI_NONAME, C.SHUT_WR, C.MSG_PEEK, C.MSG_NOSIGNAL], [-2, 1, 2, 0x4000])
  })

  it("creates non-blocking close-on-exec sockets and talks over TCP on loopback", () => {
    const listener = native.socket(C.AF_INET!, C.SOCK_STREAM!, 0)
    assert.isAtLeast(listener, 0)
    assert.deepStrictEqual(native.getsockoptInt(listener, C.SOL_SOCKET!, C.SO_TYPE!), [0, C.SOCK_STREAM])
    assert.strictEqual(native.bind(listener, C.AF_INET!, ["127.0.0.1", 0]), 0)
    assert.strictEqual(native.listen(listener, 8), 0)
    const addr = native.getsockname(listener) as [string, number]
    assert.strictEqual(addr[0], "127.0.0.1")
    assert.isAbove(addr[1], 0)
    // Non-blocking: accept with nobody connecting is EAGAIN at once.
    assert.strictEqual(native.accept(listener), -errnos.EAGAIN!)
    const client = native.socket(C.AF_INET!, C.SOCK_STREAM!, 0)
    const r = native.connect(client, C.AF_INET!, addr)
    assert.isTrue(r === 0 || r === -errnos.EINPROGRESS!)
    let accepted: [number, unknown] | number = -1
    for (let i = 0; i < 1000 && typeof accepted === "number"; i++) accepted = native.accept(listener)
    assert.isArray(accepted)
    const [server, peer] = accepted as [number, [string, number]]
    assert.deepStrictEqual(peer, native.getsockname(client))
    const data = new TextEncoder().encode("hello")
    assert.strictEqual(native.send(client, data, 0, data.length, 0), 5)
    const buf = new Uint8Array(16)
    let n = -1
    for (let i = 0; i < 1000 && n < 0; i++) n = native.recv(server, buf, 2, 10, 0)
    assert.strictEqual(n, 5)
    assert.strictEqual(new TextDecoder().decode(buf.subarray(2, 7)), "hello")
    assert.strictEqual(native.shutdown(client, C.SHUT_WR!), 0)
    let eof = -1
    for (let i = 0; i < 1000 && eof < 0; i++) eof = native.recv(server, buf, 0, 16, 0)
    assert.strictEqual(eof, 0)
    for (const fd of [server, client, listener]) assert.strictEqual(native.fdClose(fd), 0)
  })

  it("sends without SIGPIPE: a closed peer is EPIPE", () => {
    const [a, b] = native.socketpair(C.AF_UNIX!, C.SOCK_STREAM!, 0) as [number, number]
    native.fdClose(b)
    const data = new Uint8Array(10)
    assert.strictEqual(native.send(a, data, 0, 10, 0), -errnos.EPIPE!)
    native.fdClose(a)
  })

  it("round-trips IPv6 and abstract Unix addresses", () => {
    const s6 = native.socket(C.AF_INET6!, C.SOCK_DGRAM!, 0)
    assert.strictEqual(native.bind(s6, C.AF_INET6!, ["::1", 0]), 0)
    const a6 = native.getsockname(s6) as [string, number, number, number]
    assert.strictEqual(a6.length, 4)
    assert.deepStrictEqual([a6[0], a6[2], a6[3]], ["::1", 0, 0])
    native.fdClose(s6)
    const su = native.socket(C.AF_UNIX!, C.SOCK_DGRAM!, 0)
    const name = `\0greenfiber-test-${process.pid}`
    assert.strictEqual(native.bind(su, C.AF_UNIX!, name), 0)
    assert.strictEqual(native.getsockname(su), name)
    native.fdClose(su)
  })

  it("resolves names synchronously and reports EAI codes", () => {
    const r = native.getaddrinfoSync("127.0.0.1", "80", C.AF_INET!, C.SOCK_STREAM!, 0, C.AI_NUMERICHOST!)
    assert.deepStrictEqual(r, [[C.AF_INET, C.SOCK_STREAM, C.IPPROTO_TCP, "", ["127.0.0.1", 80]]])
    const bad = native.getaddrinfoSync("not-numeric", null, 0, 0, 0, C.AI_NUMERICHOST!)
    assert.deepStrictEqual(bad, { code: C.EAI_NONAME, errno: 0 })
    assert.deepStrictEqual(native.getnameinfoSync(C.AF_INET!, ["127.0.0.1", 80], C.NI_NUMERICHOST! | C.NI_NUMERICSERV!), [
      "127.0.0.1",
      "80"
    ])
    assert.isString(native.gethostname())
  })
})
