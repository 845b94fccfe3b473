import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Scheduler } from "effect"
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { readdirSync } from "node:fs"
import { dirname } from "node:path"
import { bytes, elapsedSince, listener, tcpPair, text, tmpPath } from "./helpers.ts"

const echoOnce = (client: S.Socket, conn: S.Socket, msg: string) =>
  Effect.gen(function*() {
    yield* client.sendall(bytes(msg))
    const got = yield* conn.recv(1024)
    yield* conn.sendall(got)
    return text(yield* client.recv(1024))
  })

describe("echo", () => {
  it.live("TCP over IPv4", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair(S.AF_INET)
      expect(yield* echoOnce(client, conn, "hello v4")).toBe("hello v4")
      const peer = (yield* conn.getpeername()) as readonly [string, number]
      expect(peer[0]).toBe("127.0.0.1")
      expect(client.family).toBe(S.AF_INET)
      expect(client.type).toBe(S.SOCK_STREAM)
    }).pipe(Effect.scoped))

  it.live.skipIf(!S.hasIpv6)("TCP over IPv6", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair(S.AF_INET6)
      expect(yield* echoOnce(client, conn, "hello v6")).toBe("hello v6")
      const name = yield* client.getsockname()
      expect(name).toHaveLength(4)
      expect((name as ReadonlyArray<unknown>)[0]).toBe("::1")
    }).pipe(Effect.scoped))

  it.live("Unix stream", () =>
    Effect.gen(function*() {
      const path = tmpPath("echo.sock")
      const server = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      yield* server.bind(path)
      yield* server.listen()
      expect(yield* server.getsockname()).toBe(path)
      const client = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      yield* client.connect(path)
      const [conn] = yield* server.accept()
      expect(yield* echoOnce(client, conn, "hello unix")).toBe("hello unix")
    }).pipe(Effect.scoped))

  it.live("Unix names that are not UTF-8 round-trip through strings, as with CPython's surrogateescape", () =>
    Effect.gen(function*() {
      const prefix = `\0gf-basic-${process.pid}-`
      const server = yield* S.socket(S.AF_UNIX, S.SOCK_DGRAM)
      yield* server.bind(`${prefix}s`)
      // The client's name ends in the byte 0xff, not UTF-8 (bound here through its escape, U+DCFF); a
      // decoy owns the name that decoding it as U+FFFD would give.
      const client = yield* S.socket(S.AF_UNIX, S.SOCK_DGRAM)
      yield* client.bind(`${prefix}\udcff`)
      const decoy = yield* S.socket(S.AF_UNIX, S.SOCK_DGRAM)
      yield* decoy.bind(`${prefix}\ufffd`)
      expect(yield* client.getsockname()).toBe(`${prefix}\udcff`)
      yield* client.sendto(bytes("ping"), `${prefix}s`)
      const [, from] = yield* server.recvfrom(16)
      expect(from).toBe(`${prefix}\udcff`)
      yield* server.sendto(bytes("pong"), from!)
      expect(text(yield* client.recv(16))).toBe("pong")
      yield* decoy.settimeout(0)
      expect((yield* Effect.flip(decoy.recv(16)))._tag).toBe("SocketError")
      // Valid UTF-8 beyond ASCII comes back as the characters it encodes.
      const utf8 = yield* S.socket(S.AF_UNIX, S.SOCK_DGRAM)
      yield* utf8.bind(`${prefix}héllo€😀`)
      expect(yield* utf8.getsockname()).toBe(`${prefix}héllo€😀`)
      // A file path too, and a lone surrogate that is no escaped byte is refused.
      const path = `${tmpPath("x")}\udcfe.s`
      const onDisk = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      yield* onDisk.bind(path)
      expect(readdirSync(dirname(path), { encoding: "buffer" })[0]).toEqual(Buffer.from([0x78, 0xfe, 0x2e, 0x73]))
      const pathName = (yield* onDisk.getsockname()) as string
      expect(pathName.endsWith("x\udcfe.s")).toBe(true)
      const dialer = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      yield* onDisk.listen()
      yield* dialer.connect(pathName)
      const bad = yield* Effect.flip(S.socket(S.AF_UNIX, S.SOCK_DGRAM).pipe(Effect.flatMap((s) => s.bind(`${prefix}\ud800`))))
      expect(bad._tag === "SocketError" && bad.code).toBe("EINVAL")
    }).pipe(Effect.scoped))

  it.live("UDP", () =>
    Effect.gen(function*() {
      const a = yield* S.socket(S.AF_INET, S.SOCK_DGRAM)
      const b = yield* S.socket(S.AF_INET, S.SOCK_DGRAM)
      yield* a.bind(["127.0.0.1", 0])
      yield* b.bind(["127.0.0.1", 0])
      const addrA = (yield* a.getsockname()) as readonly [string, number]
      const addrB = (yield* b.getsockname()) as readonly [string, number]
      // b waits first, then a sends: the wait path is exercised.
      const fiber = yield* Effect.forkChild(b.recvfrom(100))
      yield* Effect.sleep(20)
      expect(yield* a.sendto(bytes("ping"), addrB)).toBe(4)
      const [data, from] = yield* Fiber.join(fiber)
      expect(text(data)).toBe("ping")
      expect(from).toEqual(["127.0.0.1", addrA[1]])
      yield* b.sendto(bytes("pong"), 0, from!)
      const buf = new Uint8Array(16)
      const [n, from2] = yield* a.recvfromInto(buf)
      expect(text(buf.subarray(0, n))).toBe("pong")
      expect(from2).toEqual(["127.0.0.1", addrB[1]])
    }).pipe(Effect.scoped))

  it.live("Unix datagram socketpair and recvInto", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair(S.AF_UNIX, S.SOCK_DGRAM)
      yield* a.send(bytes("one"))
      yield* a.send(bytes("two"))
      const buf = new Uint8Array(10)
      expect(yield* b.recvInto(buf)).toBe(3)
      expect(text(buf.subarray(0, 3))).toBe("one")
      expect(text(yield* b.recv(10))).toBe("two")
    }).pipe(Effect.scoped))
})

describe("timeouts and modes", () => {
  it.live("recv timeout fails with SocketTimeout within [t, t + slack]", () =>
    Effect.gen(function*() {
      const [client] = yield* tcpPair()
      yield* client.settimeout(0.2)
      expect(client.gettimeout()).toBe(0.2)
      const t0 = performance.now()
      const err = yield* Effect.flip(client.recv(10))
      const took = elapsedSince(t0)
      expect(err._tag).toBe("SocketTimeout")
      expect(err.message).toBe("timed out")
      expect(took).toBeGreaterThanOrEqual(0.2)
      expect(took).toBeLessThan(1.5)
    }).pipe(Effect.scoped))

  it.live("non-blocking recv fails at once with EAGAIN", () =>
    Effect.gen(function*() {
      const [client] = yield* tcpPair()
      yield* client.setblocking(false)
      expect(client.getblocking()).toBe(false)
      expect(client.gettimeout()).toBe(0)
      const err = yield* Effect.flip(client.recv(10))
      expect(err._tag).toBe("SocketError")
      expect(err._tag === "SocketError" && err.code).toBe("EAGAIN")
      yield* client.setblocking(true)
      expect(client.gettimeout()).toBe(null)
    }).pipe(Effect.scoped))

  it.live("after a read that emptied the queue: recv(0), MSG_PEEK and queued data still answer at once", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      yield* conn.settimeout(1)
      yield* client.sendall(bytes("first"))
      expect(text(yield* conn.recv(100))).toBe("first") // a short read: the queue is empty now
      expect((yield* conn.recv(0)).length).toBe(0) // empty at once, as in CPython
      // Data that arrived meanwhile is read on the next readiness: peeked, then read, with recv and recvInto.
      yield* client.sendall(bytes("second"))
      yield* Effect.sleep(20)
      expect(text(yield* conn.recv(100, S.MSG_PEEK))).toBe("second")
      expect(text(yield* conn.recv(100))).toBe("second")
      yield* client.sendall(bytes("third"))
      yield* Effect.sleep(20)
      const buffer = new Uint8Array(100)
      const n = yield* conn.recvInto(buffer)
      expect(text(buffer.subarray(0, n))).toBe("third")
      expect(yield* conn.recvInto(new Uint8Array(0))).toBe(0)
    }).pipe(Effect.scoped))

  it.live("settimeout(-1) and NaN are EINVAL; new sockets start with DefaultTimeout", () =>
    Effect.gen(function*() {
      const sock = yield* S.socket()
      const err = yield* Effect.flip(sock.settimeout(-1))
      expect(err.code).toBe("EINVAL")
      expect(err.errno).toBe(22)
      expect((yield* Effect.flip(sock.settimeout(NaN))).code).toBe("EINVAL")
      expect(sock.gettimeout()).toBe(null)
      const other = yield* S.socket().pipe(S.withDefaultTimeout(3))
      expect(other.gettimeout()).toBe(3)
    }).pipe(Effect.scoped))

  it.live("accepted sockets start with DefaultTimeout", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const client = yield* S.socket()
      yield* client.connect(["127.0.0.1", port])
      const [conn] = yield* server.accept().pipe(S.withDefaultTimeout(7))
      expect(conn.gettimeout()).toBe(7)
    }).pipe(Effect.scoped))

  it.live("EOF gives an empty Uint8Array; shutdown(SHUT_WR) gives EOF to the peer", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      yield* client.sendall(bytes("last"))
      yield* client.shutdown(S.SHUT_WR)
      expect(text(yield* conn.recv(100))).toBe("last")
      const eof = yield* conn.recv(100)
      expect(eof).toBeInstanceOf(Uint8Array)
      expect(eof.length).toBe(0)
      // the other direction still works
      yield* conn.sendall(bytes("reply"))
      expect(text(yield* client.recv(100))).toBe("reply")
      yield* conn.close()
      expect((yield* client.recv(100)).length).toBe(0)
    }).pipe(Effect.scoped))
})

describe("errors", () => {
  it.live("connection refused: ECONNREFUSED, connectEx returns 111", () =>
    Effect.gen(function*() {
      const probe = yield* S.socket()
      yield* probe.bind(["127.0.0.1", 0])
      const [, port] = (yield* probe.getsockname()) as readonly [string, number]
      yield* probe.close() // bound but never listening, then closed: nobody listens on port
      const sock = yield* S.socket()
      const err = yield* Effect.flip(sock.connect(["127.0.0.1", port]))
      expect(err._tag).toBe("SocketError")
      expect(err._tag === "SocketError" && err.code).toBe("ECONNREFUSED")
      expect(err._tag === "SocketError" && err.errno).toBe(111)
      const sock2 = yield* S.socket()
      expect(yield* sock2.connectEx(["127.0.0.1", port])).toBe(111)
      const err2 = yield* Effect.flip(S.createConnection(["127.0.0.1", port]))
      expect(err2._tag === "SocketError" && err2.code).toBe("ECONNREFUSED")
    }).pipe(Effect.scoped))

  it.live("port 70000 is a typed EINVAL error", () =>
    Effect.gen(function*() {
      const sock = yield* S.socket()
      const err = yield* Effect.flip(sock.connect(["127.0.0.1", 70000]))
      expect(err._tag).toBe("SocketError")
      expect(err._tag === "SocketError" && err.code).toBe("EINVAL")
      const err2 = yield* Effect.flip(sock.bind(["127.0.0.1", -1]))
      expect(err2._tag === "SocketError" && err2.code).toBe("EINVAL")
      const err3 = yield* Effect.flip(S.createConnection(["127.0.0.1", 70000]))
      expect(err3._tag === "SocketError" && err3.code).toBe("EINVAL")
      // As CPython's OverflowError: a malformed address fails connectEx too, with no errno returned.
      const err4 = yield* Effect.flip(sock.connectEx(["127.0.0.1", 70000]))
      expect(err4._tag === "SocketError" && err4.code).toBe("EINVAL")
    }).pipe(Effect.scoped))

  it.live("a host name goes through the Resolver", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const sock = yield* S.createConnection(["localhost", port], { timeout: 2 })
      expect(sock.gettimeout()).toBe(2)
      const [conn] = yield* server.accept()
      expect(((yield* conn.getpeername()) as readonly [string, number])[1]).toBe(((yield* sock.getsockname()) as readonly [string, number])[1])
      expect(yield* S.gethostbyname("localhost")).toBe("127.0.0.1")
      const err = yield* Effect.flip(sock.sendto(bytes("x"), ["no-such-host.invalid", 1]))
      expect(err._tag).toBe("GaiError")
    }).pipe(Effect.scoped))

  it.live("calls on a closed socket fail with EBADF and fileno() is -1", () =>
    Effect.gen(function*() {
      const sock = yield* S.socket()
      expect(sock.fileno()).toBeGreaterThanOrEqual(0)
      yield* sock.close()
      yield* sock.close()
      expect(sock.fileno()).toBe(-1)
      const err = yield* Effect.flip(sock.recv(1))
      expect(err._tag === "SocketError" && err.code).toBe("EBADF")
      expect((yield* Effect.flip(sock.getsockname())).code).toBe("EBADF")
    }).pipe(Effect.scoped))
})

describe("concurrency", () => {
  it.live("a second reader gets ConcurrentObjectUseError while the first waits", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const first = yield* Effect.forkChild(client.recv(10))
      yield* Effect.sleep(20)
      const err = yield* Effect.flip(client.recv(10))
      expect(err._tag).toBe("ConcurrentObjectUseError")
      yield* conn.sendall(bytes("ok"))
      expect(text(yield* Fiber.join(first))).toBe("ok")
    }).pipe(Effect.scoped))

  it.live("a refused second reader leaves the first one's call as it was", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const first = yield* Effect.forkChild(client.recv(100))
      yield* Effect.sleep(20)
      // Other sizes and another buffer: none of it may reach the waiting call.
      expect((yield* Effect.flip(client.recv(3)))._tag).toBe("ConcurrentObjectUseError")
      const other = new Uint8Array(4)
      expect((yield* Effect.flip(client.recvInto(other)))._tag).toBe("ConcurrentObjectUseError")
      yield* conn.sendall(bytes("hello world"))
      expect(text(yield* Fiber.join(first))).toBe("hello world")
      expect(Array.from(other)).toEqual([0, 0, 0, 0])
    }).pipe(Effect.scoped))

  it.live("a busy socket yields to other fibers, never between a syscall and its result", () =>
    Effect.gen(function*() {
      // Each call is started and interrupted at once: it either completes or leaves the bytes alone.
      const [a, b] = yield* S.socketpair()
      yield* b.settimeout(5)
      const data = new Uint8Array(200).map((_, i) => i)
      yield* a.sendall(data)
      const got: Array<number> = []
      const into = new Uint8Array(1)
      for (let i = 0; i < 100; i++) {
        const call = i % 2 === 0 ? b.recv(1) : Effect.map(b.recvInto(into), () => into.slice(0, 1))
        const fiber = yield* Effect.forkChild(call, { startImmediately: true })
        yield* Fiber.interrupt(fiber)
        const exit = yield* Fiber.await(fiber)
        if (exit._tag === "Success") got.push(...exit.value)
      }
      while (got.length < 200) got.push(...(yield* b.recv(200)))
      expect(got).toEqual(Array.from(data))
      // Sends the same way: the peer gets exactly the sends that reported success.
      let sent = 0
      for (let i = 0; i < 100; i++) {
        const fiber = yield* Effect.forkChild(i % 2 === 0 ? a.sendall(bytes("x")) : a.send(bytes("x")), { startImmediately: true })
        yield* Fiber.interrupt(fiber)
        if ((yield* Fiber.await(fiber))._tag === "Success") sent++
      }
      yield* a.shutdown(S.SHUT_WR)
      let received = 0
      while (true) {
        const chunk = yield* b.recv(1000)
        if (chunk.length === 0) break
        received += chunk.length
      }
      expect(received).toBe(sent)
      expect(sent).toBeLessThan(100)
      // And a fiber reading a socket that always has data lets another fiber run in between.
      const [c, d] = yield* S.socketpair()
      yield* c.sendall(new Uint8Array(100_000))
      let ticks = 0
      const ticker = yield* Effect.forkChild(Effect.forever(Effect.andThen(Effect.yieldNow, Effect.sync(() => ticks++))))
      for (let i = 0; i < 1000; i++) yield* d.recv(10)
      yield* Fiber.interrupt(ticker)
      expect(ticks).toBeGreaterThan(0)
    }).pipe(Effect.scoped))

  it.live("waits stay right when the runtime yields before every operation", () =>
    // With an operation budget of 3, the runtime yields before every other effect it runs, so a socket call's
    // wait runs later than it was made, with other fibers' calls in between: each must keep its own.
    Effect.gen(function*() {
      const pairs = yield* Effect.forEach([0, 1, 2, 3], () => tcpPair())
      const readers = yield* Effect.forEach(pairs, ([client]) => Effect.forkChild(client.recv(100)))
      yield* Effect.sleep(20)
      // A second reader on the first socket is refused; the first one keeps its call.
      expect((yield* Effect.flip(pairs[0]![0].recv(3)))._tag).toBe("ConcurrentObjectUseError")
      yield* Effect.forEach(pairs, ([, conn], i) => conn.sendall(bytes(`message ${i}`)))
      const got = yield* Effect.forEach(readers, Fiber.join)
      expect(got.map(text)).toEqual(["message 0", "message 1", "message 2", "message 3"])
    }).pipe(Effect.provideService(Scheduler.MaxOpsBeforeYield, 3), Effect.scoped))

  it.live("two readers started together: one is refused, the other reads with its own size", () =>
    // Small operation budgets make the runtime yield between a call's start and its wait at every
    // offset, with the other reader's call in between.
    Effect.gen(function*() {
      const before = Watcher.stats()
      for (let budget = 3; budget <= 12; budget++) {
        const [client, conn] = yield* tcpPair()
        const [a, b] = yield* Effect.all([
          Effect.forkChild(Effect.result(client.recv(100))),
          Effect.forkChild(Effect.result(client.recv(3)))
        ]).pipe(Effect.provideService(Scheduler.MaxOpsBeforeYield, budget))
        yield* Effect.sleep(20)
        yield* conn.sendall(bytes("hello world"))
        const results = yield* Effect.forEach([a, b], (f) => Fiber.join(f).pipe(Effect.timeout("2 seconds")))
        const refused = results.filter((r) => r._tag === "Failure" && r.failure._tag === "ConcurrentObjectUseError")
        const read = results.flatMap((r, i) => r._tag === "Success" ? [[i, text(r.success)] as const] : [])
        expect([budget, refused.length, read.length]).toEqual([budget, 1, 1])
        expect(read[0]![1]).toBe(read[0]![0] === 0 ? "hello world" : "hel")
        // One read watcher per socket, closed with it: none is left behind.
        yield* client.close()
        yield* conn.close()
        expect([Watcher.stats().watchers, Watcher.stats().active]).toEqual([before.watchers, before.active])
      }
    }).pipe(Effect.scoped))

  it.live("one reader and one writer at a time are fine", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const big = new Uint8Array(8 * 1024 * 1024).fill(7)
      // client reads (waiting) while it also writes more than the buffers hold
      const reader = yield* Effect.forkChild(client.recv(5))
      const writer = yield* Effect.forkChild(client.sendall(big))
      let got = 0
      while (got < big.length) got += (yield* conn.recv(1 << 20)).length
      yield* Fiber.join(writer)
      yield* conn.sendall(bytes("done!"))
      expect(text(yield* Fiber.join(reader))).toBe("done!")
      expect(got).toBe(big.length)
    }).pipe(Effect.scoped))

  it.live("an interrupted recv leaves the socket usable", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const r = yield* client.recv(10).pipe(Effect.timeoutOption(50))
      expect(r._tag).toBe("None")
      const fiber = yield* Effect.forkChild(client.recv(10))
      yield* Effect.sleep(10)
      yield* Fiber.interrupt(fiber)
      yield* conn.sendall(bytes("still"))
      expect(text(yield* client.recv(10))).toBe("still")
    }).pipe(Effect.scoped))

  it.live("an accept that waits after any run of accepts that needed no wait can be interrupted", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      yield* server.listen(128)
      const clients: Array<S.Socket> = []
      // Round n accepts n queued connections, then one accept that must wait and is interrupted: over
      // 0..80, the waiting accept comes at every point of the socket's run budget, right after its yield
      // included. Every round's interruption must end the accept at once.
      for (let n = 0; n <= 80; n++) {
        for (let i = 0; i < n; i++) clients.push(yield* S.createConnection(["127.0.0.1", port], { timeout: 5 }))
        for (let i = 0; i < n; i++) yield* Effect.scoped(server.accept())
        const waiting = yield* Effect.forkChild(Effect.scoped(server.accept()))
        // Interrupted only once it waits: an interruption during the yield itself always worked.
        while (Watcher.stats().active === 0) yield* Effect.sleep(1)
        const ended = yield* Fiber.interrupt(waiting).pipe(Effect.timeoutOption(2000))
        expect({ n, interrupted: ended._tag }).toEqual({ n, interrupted: "Some" })
        yield* Effect.forEach(clients.splice(0), (c) => c.close(), { discard: true })
      }
      expect(Watcher.stats().active).toBe(0)
    }).pipe(Effect.scoped))
})
