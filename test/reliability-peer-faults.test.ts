/**
 * Peer faults: a silent peer, a peer that vanishes (its process killed), an RST in the middle of a
 * sendall, a peer that trickles one byte at a time, and UDP to a closed port. Every outcome is a
 * concrete value or a typed SocketError / SocketTimeout, and the sockets stay usable where they should.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber } from "effect"
import { spawn } from "node:child_process"
import { resolve } from "node:path"
import * as S from "@greenfiber/socket"
import { Watcher } from "@greenfiber/core"
import { errorCode, resetClose, tcpListener } from "./helpers/reliability.ts"

const root = resolve(import.meta.dirname, "..")
const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

const tcpPair = (family: number = S.AF_INET) =>
  Effect.gen(function*() {
    const { server, address } = yield* tcpListener(family)
    const client = yield* S.socket(family, S.SOCK_STREAM)
    yield* client.connect(address)
    const [conn] = yield* server.accept()
    yield* server.close()
    return [client, conn] as const
  })

const families = S.hasIpv6 ? [S.AF_INET, S.AF_INET6] : [S.AF_INET]

/** Sends until the peer's reset shows up as an error; returns the error (bounded number of tries). */
const sendUntilError = (sock: S.Socket) =>
  Effect.gen(function*() {
    for (let i = 0; i < 200; i++) {
      const r = yield* Effect.exit(sock.send(enc("x")))
      if (Exit.isFailure(r)) return r
      yield* Effect.sleep(2)
    }
    return undefined
  })

const expectResetError = (exit: Exit.Exit<unknown, unknown> | undefined, allowed = ["ECONNRESET", "EPIPE"]) => {
  assert.isDefined(exit, "no error after the peer's reset")
  assert.isTrue(Exit.isFailure(exit!))
  const e = (exit as Exit.Failure<unknown, S.SocketError>).cause.reasons[0] as unknown as { error: S.SocketError }
  assert.strictEqual(e.error._tag, "SocketError")
  assert.include(allowed, e.error.code)
  assert.strictEqual(e.error.errno, e.error.code === "EPIPE" ? 32 : 104)
}

describe("half-open connections", () => {
  for (const family of families) {
    it.live(`family ${family}: a silent peer times out cleanly, then its reset fails recv and send`, () =>
      Effect.gen(function*() {
        const [client, peer] = yield* tcpPair(family)
        yield* client.settimeout(0.05)
        for (let i = 0; i < 3; i++) {
          const e = yield* Effect.flip(client.recv(100))
          assert.strictEqual(e._tag, "SocketTimeout")
          assert.strictEqual(e.message, "timed out")
        }
        // The timeouts left the socket usable: data still arrives whole.
        yield* peer.sendall(enc("late"))
        assert.strictEqual(dec(yield* client.recv(100)), "late")
        // The peer goes away abortively; a reader waiting meanwhile sees ECONNRESET.
        yield* client.settimeout(5)
        const waiting = yield* Effect.forkChild(Effect.flip(client.recv(100)))
        yield* Effect.sleep(10)
        yield* resetClose(peer)
        const err = yield* Fiber.join(waiting)
        assert.strictEqual(err._tag, "SocketError")
        assert.strictEqual((err as S.SocketError).code, "ECONNRESET")
        // After the reset the connection is dead: the next send fails with EPIPE.
        expectResetError(yield* sendUntilError(client))
      }).pipe(Effect.scoped))
  }

  it.live("a peer whose process is killed: EOF, then send eventually fails", () =>
    Effect.gen(function*() {
      const { server, address } = yield* tcpListener()
      const child = spawn(resolve(root, "node_modules/.bin/node"), ["test/helpers/peer-child.ts", String(address[1])], {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"]
      })
      yield* Effect.addFinalizer(() => Effect.sync(() => child.exitCode === null && child.kill("SIGKILL")))
      yield* server.settimeout(20)
      const [conn] = yield* server.accept()
      yield* conn.settimeout(20)
      const f = yield* conn.makefile("rb")
      assert.strictEqual(dec(yield* f.readline()), "hello\n")
      // Alive but silent: a short recv times out.
      yield* conn.settimeout(0.05)
      assert.strictEqual((yield* Effect.flip(conn.recv(10)))._tag, "SocketTimeout")
      yield* conn.settimeout(20)
      const exited = new Promise((r) => child.on("exit", r))
      child.kill("SIGKILL")
      yield* Effect.promise(() => exited)
      // The dead process's kernel closed the connection: EOF, then RST for what we send.
      assert.strictEqual((yield* conn.recv(10)).length, 0)
      expectResetError(yield* sendUntilError(conn))
      // The failures are sticky and typed, the socket closes cleanly.
      yield* f.close
      yield* conn.close()
      assert.strictEqual(conn.fileno(), -1)
    }).pipe(Effect.scoped))
})

describe("RST in the middle of sendall", () => {
  for (const family of families) {
    it.live(`family ${family}: sendall of 32 MiB fails with ECONNRESET or EPIPE as a SocketError`, () =>
      Effect.gen(function*() {
        const [client, peer] = yield* tcpPair(family)
        const data = new Uint8Array(32 * 1024 * 1024)
        const sending = yield* Effect.forkChild(Effect.exit(client.sendall(data)))
        // The peer reads a little, so the sendall is really under way, then resets.
        let got = 0
        while (got < 256 * 1024) got += (yield* peer.recv(65536)).length
        yield* resetClose(peer)
        expectResetError(yield* Fiber.join(sending))
        // A second sendall fails at once, also typed.
        expectResetError(yield* Effect.exit(client.sendall(enc("more"))))
      }).pipe(Effect.scoped))
  }

  it.live("through makefile: write/flush surface the reset as a SocketError", () =>
    Effect.gen(function*() {
      const [client, peer] = yield* tcpPair()
      const f = yield* client.makefile("wb")
      const writing = yield* Effect.forkChild(Effect.exit(Effect.gen(function*() {
        for (let i = 0; i < 4096; i++) yield* f.write(new Uint8Array(16384))
        yield* f.flush
      })))
      let got = 0
      while (got < 128 * 1024) got += (yield* peer.recv(65536)).length
      yield* resetClose(peer)
      expectResetError(yield* Fiber.join(writing))
    }).pipe(Effect.scoped))

  it.live("Unix stream: peer closing mid-sendall is EPIPE (or ECONNRESET)", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair(S.AF_UNIX, S.SOCK_STREAM)
      const sending = yield* Effect.forkChild(Effect.exit(a.sendall(new Uint8Array(16 * 1024 * 1024))))
      yield* b.recv(65536)
      yield* b.close()
      expectResetError(yield* Fiber.join(sending))
    }).pipe(Effect.scoped))
})

describe("a peer that trickles one byte at a time", () => {
  const message = "first line\nsecond: ünïcödé ✓ 🎉\n\nlast line without newline"
  const trickle = (sock: S.Socket, bytes: Uint8Array) =>
    Effect.gen(function*() {
      for (let i = 0; i < bytes.length; i++) {
        yield* sock.sendall(bytes.subarray(i, i + 1))
        yield* Effect.sleep(i % 7 === 0 ? 1 : 0)
      }
      yield* sock.shutdown(S.SHUT_WR)
    })

  it.live("binary readline / read get the exact bytes", () =>
    Effect.gen(function*() {
      const [client, peer] = yield* tcpPair()
      yield* peer.setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, 1)
      yield* client.settimeout(10)
      const bytes = enc(message)
      const sender = yield* Effect.forkChild(trickle(peer, bytes))
      const f = yield* client.makefile("rb")
      const lines: Array<string> = []
      while (true) {
        const line = yield* f.readline()
        if (line.length === 0) break
        lines.push(dec(line))
      }
      yield* Fiber.join(sender)
      assert.deepStrictEqual(lines, ["first line\n", "second: ünïcödé ✓ 🎉\n", "\n", "last line without newline"])
    }).pipe(Effect.scoped))

  it.live("text readline keeps multi-byte characters cut across reads whole", () =>
    Effect.gen(function*() {
      const [client, peer] = yield* tcpPair()
      yield* peer.setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, 1)
      yield* client.settimeout(10)
      const sender = yield* Effect.forkChild(trickle(peer, enc(message)))
      const f = yield* client.makefile("r")
      const first = yield* f.readline()
      const second = yield* f.readline()
      const rest = yield* f.read()
      yield* Fiber.join(sender)
      assert.strictEqual(first, "first line\n")
      assert.strictEqual(second, "second: ünïcödé ✓ 🎉\n")
      assert.strictEqual(rest, "\nlast line without newline")
    }).pipe(Effect.scoped))

  it.live("recv with small sizes and timeouts reassembles the exact stream", () =>
    Effect.gen(function*() {
      const [client, peer] = yield* tcpPair()
      yield* peer.setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, 1)
      const bytes = new Uint8Array(3000).map((_, i) => (i * 13) & 255)
      const sender = yield* Effect.forkChild(trickle(peer, bytes))
      const parts: Array<number> = []
      let timeouts = 0
      while (true) {
        const r = yield* Effect.exit(Effect.timeout(client.recv(1 + (parts.length % 5)), 1))
        if (Exit.isFailure(r)) {
          timeouts++
          continue
        }
        if (r.value.length === 0) break
        parts.push(...r.value)
      }
      yield* Fiber.join(sender)
      assert.deepStrictEqual(Uint8Array.from(parts), bytes)
      assert.isAbove(timeouts, 0)
    }).pipe(Effect.scoped))
})

describe("UDP to a closed port", () => {
  const closedPort = (family: number) =>
    Effect.scoped(Effect.gen(function*() {
      const s = yield* S.socket(family, S.SOCK_DGRAM)
      yield* s.bind([family === S.AF_INET6 ? "::1" : "127.0.0.1", 0])
      return ((yield* s.getsockname()) as readonly [string, number])[1]
    }))

  for (const family of families) {
    const host = family === S.AF_INET6 ? "::1" : "127.0.0.1"
    it.live(`family ${family}: the next recv of a connected socket is ECONNREFUSED; a waiting one wakes with it`, () =>
      Effect.gen(function*() {
        const port = yield* closedPort(family)
        const sock = yield* S.socket(family, S.SOCK_DGRAM)
        yield* sock.settimeout(5)
        yield* sock.connect([host, port])
        assert.strictEqual(yield* sock.send(enc("ping")), 4)
        const e1 = yield* Effect.flip(sock.recv(100))
        assert.strictEqual(e1._tag, "SocketError")
        assert.strictEqual((e1 as S.SocketError).code, "ECONNREFUSED")
        assert.strictEqual((e1 as S.SocketError).errno, 111)
        // The error was consumed: the socket is usable, a short recv times out.
        yield* sock.settimeout(0.03)
        assert.strictEqual((yield* Effect.flip(sock.recv(100)))._tag, "SocketTimeout")
        // A reader already waiting when the ICMP error arrives is woken with it.
        yield* sock.settimeout(5)
        const waiting = yield* Effect.forkChild(Effect.flip(sock.recvfrom(100)))
        yield* Effect.sleep(10)
        yield* sock.send(enc("ping"))
        const e2 = yield* Fiber.join(waiting)
        assert.strictEqual(errorCode(e2), "ECONNREFUSED")
      }).pipe(Effect.scoped))
  }

  it.live("an unconnected socket's sendto to a closed port reports nothing; the socket goes on", () =>
    Effect.gen(function*() {
      const port = yield* closedPort(S.AF_INET)
      const sock = yield* S.socket(S.AF_INET, S.SOCK_DGRAM)
      yield* sock.bind(["127.0.0.1", 0])
      const self = yield* sock.getsockname()
      assert.strictEqual(yield* sock.sendto(enc("lost"), ["127.0.0.1", port]), 4)
      assert.strictEqual(yield* sock.sendto(enc("to me"), self), 5)
      yield* sock.settimeout(5)
      const [data] = yield* sock.recvfrom(100)
      assert.strictEqual(dec(data), "to me")
    }).pipe(Effect.scoped))
})

describe("after the peer faults", () => {
  it.live("no handle or watcher is left behind", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 100 && Watcher.stats().handles + Watcher.stats().watchers > 0; i++) yield* Effect.sleep(10)
      assert.deepStrictEqual(Watcher.stats(), { handles: 0, watchers: 0, active: 0 })
    }))
})
