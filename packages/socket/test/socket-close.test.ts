import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { readdirSync, rmSync } from "node:fs"
import { dirname } from "node:path"
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { bytes, elapsedSince, fullBacklog, listener, tcpPair, text, tmpPath } from "./helpers.ts"

const expectEbadf = (err: { readonly _tag: string }) => {
  expect(err._tag).toBe("SocketError")
  const e = err as S.SocketError
  expect(e.code).toBe("EBADF")
  expect(e.errno).toBe(9)
}

const closeWhileWaiting = <A, E>(sock: S.Socket, op: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkChild(Effect.flip(op))
    yield* Effect.sleep(30)
    yield* sock.close()
    return (yield* Fiber.join(fiber)) as unknown as { readonly _tag: string; readonly message: string }
  })

describe("close wakes waiters with EBADF", () => {
  it.live("during recv", () =>
    Effect.gen(function*() {
      const [client] = yield* tcpPair()
      const err = yield* closeWhileWaiting(client, client.recv(10))
      expectEbadf(err)
      expect(err.message).toBe("File descriptor was closed in another fiber")
      expect(client.fileno()).toBe(-1)
    }).pipe(Effect.scoped))

  it.live("during accept", () =>
    Effect.gen(function*() {
      const { server } = yield* listener()
      expectEbadf(yield* closeWhileWaiting(server, Effect.scoped(server.accept())))
    }).pipe(Effect.scoped))

  it.live("during sendall", () =>
    Effect.gen(function*() {
      const [client] = yield* tcpPair()
      const err = yield* closeWhileWaiting(client, client.sendall(new Uint8Array(32 * 1024 * 1024)))
      expectEbadf(err)
    }).pipe(Effect.scoped))

  it.live("during connect (to a listener with a full backlog)", () =>
    Effect.gen(function*() {
      const port = yield* fullBacklog
      const sock = yield* S.socket()
      expectEbadf(yield* closeWhileWaiting(sock, sock.connect(["127.0.0.1", port])))
    }).pipe(Effect.scoped))

  it.live("connect timeout against a full backlog is SocketTimeout within [t, t + slack]", () =>
    Effect.gen(function*() {
      const port = yield* fullBacklog
      const sock = yield* S.socket()
      yield* sock.settimeout(0.25)
      const t0 = performance.now()
      const err = yield* Effect.flip(sock.connect(["127.0.0.1", port]))
      const took = elapsedSince(t0)
      expect(err._tag).toBe("SocketTimeout")
      expect(took).toBeGreaterThanOrEqual(0.25)
      expect(took).toBeLessThan(2)
      // createConnection: the failed attempt's socket is closed, the error is the timeout
      const err2 = yield* Effect.flip(S.createConnection(["127.0.0.1", port], { timeout: 0.1 }))
      expect(err2._tag).toBe("SocketTimeout")
    }).pipe(Effect.scoped))

  it.live("shutdown(SHUT_RD) wakes a reader, SHUT_WR a writer", () =>
    Effect.gen(function*() {
      const [client] = yield* tcpPair()
      const reader = yield* Effect.forkChild(Effect.flip(client.recv(10)))
      const writer = yield* Effect.forkChild(Effect.flip(client.sendall(new Uint8Array(32 * 1024 * 1024))))
      yield* Effect.sleep(30)
      yield* client.shutdown(S.SHUT_RD)
      const readErr = yield* Fiber.join(reader)
      expectEbadf(readErr)
      yield* client.shutdown(S.SHUT_WR)
      expectEbadf(yield* Fiber.join(writer))
    }).pipe(Effect.scoped))
})

/**
 * A Unix listener whose backlog is full, so a further connect(2) says EAGAIN. listen(0) takes one
 * connection; the fillers past it fail with EAGAIN and are left unconnected. The temp dir goes with the scope.
 */
const fullUnixBacklog = Effect.gen(function*() {
  const path = tmpPath("full.sock")
  yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dirname(path), { recursive: true, force: true })))
  const server = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
  yield* server.bind(path)
  yield* server.listen(0)
  let queued = 0
  for (let i = 0; i < 3; i++) {
    const filler = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
    yield* filler.setblocking(false)
    if ((yield* filler.connectEx(path)) === 0) queued++
  }
  expect(queued).toBeGreaterThan(0)
  return { server, path, queued } as const
})

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}

describe("connect to a Unix listener with a full backlog", () => {
  it.live("times out with SocketTimeout within [t, t + slack] without burning the CPU", () =>
    Effect.gen(function*() {
      const { path } = yield* fullUnixBacklog
      const sock = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      const t = 0.5
      yield* sock.settimeout(t)
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      const err = yield* Effect.flip(sock.connect(path))
      const took = elapsedSince(t0)
      const cpu = cpuMs(cpu0)
      expect(err._tag).toBe("SocketTimeout")
      expect(took).toBeGreaterThanOrEqual(t)
      expect(took).toBeLessThan(t + 1.5)
      // A connect that polls instead of sleeping uses about 100% of the wall time.
      expect(cpu).toBeLessThan(0.4 * took * 1000)
    }).pipe(Effect.scoped))

  it.live("non-blocking: fails at once with EAGAIN", () =>
    Effect.gen(function*() {
      const { path } = yield* fullUnixBacklog
      const sock = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      yield* sock.setblocking(false)
      const t0 = performance.now()
      const err = yield* Effect.flip(sock.connect(path))
      expect(elapsedSince(t0)).toBeLessThan(0.1)
      expect(err._tag).toBe("SocketError")
      expect((err as S.SocketError).code).toBe("EAGAIN")
    }).pipe(Effect.scoped))

  it.live("with no timeout, close() from another fiber fails it with EBADF", () =>
    Effect.gen(function*() {
      const { path } = yield* fullUnixBacklog
      const sock = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      expect(sock.gettimeout()).toBe(null)
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      const fiber = yield* Effect.forkChild(Effect.flip(sock.connect(path)))
      yield* Effect.sleep(100)
      expect(cpuMs(cpu0)).toBeLessThan(0.4 * elapsedSince(t0) * 1000)
      yield* sock.close()
      // At once, as close() wakes any other waiter: not at the back-off's next retry.
      expect(fiber.pollUnsafe()).toBeDefined()
      const err = yield* Fiber.join(fiber)
      expectEbadf(err)
    }).pipe(Effect.scoped))

  it.live("is interruptible", () =>
    Effect.gen(function*() {
      const { path } = yield* fullUnixBacklog
      const sock = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      const fiber = yield* Effect.forkChild(sock.connect(path))
      yield* Effect.sleep(100)
      const t0 = performance.now()
      yield* Fiber.interrupt(fiber)
      expect(elapsedSince(t0)).toBeLessThan(0.5)
    }).pipe(Effect.scoped))

  it.live("succeeds once the listener drains its backlog", () =>
    Effect.gen(function*() {
      const { server, path, queued } = yield* fullUnixBacklog
      const sock = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      yield* sock.settimeout(5)
      const t0 = performance.now()
      const fiber = yield* Effect.forkChild(sock.connect(path))
      yield* Effect.sleep(200)
      for (let i = 0; i < queued; i++) yield* server.accept()
      yield* Fiber.join(fiber)
      expect(elapsedSince(t0)).toBeLessThan(2)
      const [conn] = yield* server.accept()
      yield* sock.sendall(bytes("through"))
      expect(text(yield* conn.recv(100))).toBe("through")
    }).pipe(Effect.scoped))
})

describe("sendall", () => {
  it.live("64 MiB to a peer that never reads fails with SocketTimeout within [t, 2t]", () =>
    Effect.gen(function*() {
      const [client] = yield* tcpPair()
      const t = 0.5
      yield* client.settimeout(t)
      const t0 = performance.now()
      const err = yield* Effect.flip(client.sendall(new Uint8Array(64 * 1024 * 1024)))
      const took = elapsedSince(t0)
      expect(err._tag).toBe("SocketTimeout")
      expect(took).toBeGreaterThanOrEqual(t)
      expect(took).toBeLessThanOrEqual(2 * t)
    }).pipe(Effect.scoped))

  it.live("16 MiB arrives byte-exact", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const size = 16 * 1024 * 1024
      const data = new Uint8Array(size)
      let x = 12345
      for (let i = 0; i < size; i++) {
        x = (x * 1103515245 + 12345) >>> 0
        data[i] = x >>> 24
      }
      const writer = yield* Effect.forkChild(Effect.andThen(client.sendall(data), client.shutdown(S.SHUT_WR)))
      const received = new Uint8Array(size)
      let off = 0
      while (true) {
        const n = yield* conn.recvInto(received.subarray(off), 0)
        if (n === 0) break
        off += n
      }
      yield* Fiber.join(writer)
      expect(off).toBe(size)
      expect(Buffer.compare(Buffer.from(received), Buffer.from(data))).toBe(0)
    }).pipe(Effect.scoped))
})

describe("resources", () => {
  it.live("200 scoped sockets leave the fd count unchanged right after the scope closes, and Watcher.stats()", () =>
    Effect.gen(function*() {
      // Warm up (lazy module state, the loopback listener) before taking the baseline.
      const { server, port } = yield* listener()
      yield* Effect.sleep(20) // let the poll handles of earlier tests be freed
      const fdsBefore = readdirSync("/proc/self/fd").length
      const statsBefore = Watcher.stats()
      yield* Effect.scoped(Effect.gen(function*() {
        for (let i = 0; i < 100; i++) {
          const client = yield* S.socket()
          yield* client.settimeout(2)
          yield* client.connect(["127.0.0.1", port])
          const [conn] = yield* server.accept()
          // make both wait once so each gets a watcher
          const r = yield* Effect.flip(conn.recv(1).pipe(Effect.timeout(1)))
          expect(r._tag).toBe("TimeoutError")
          yield* client.sendall(bytes("x"))
        }
        expect(readdirSync("/proc/self/fd").length).toBeGreaterThanOrEqual(fdsBefore + 200)
      }))
      // close(2) ran in the scope's finalizers themselves: no loop turn needed for the fds...
      expect(readdirSync("/proc/self/fd").length).toBe(fdsBefore)
      // ...only for the poll handles' memory, freed in their uv_close callbacks.
      yield* Effect.sleep(20)
      expect(Watcher.stats()).toEqual(statsBefore)
    }).pipe(Effect.scoped))

  it.live("dup, detach and fromfd", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const copy = yield* client.dup()
      expect(copy.fileno()).not.toBe(client.fileno())
      yield* copy.sendall(bytes("via dup"))
      expect(new TextDecoder().decode(yield* conn.recv(100))).toBe("via dup")
      const fd = yield* copy.detach()
      expect(copy.fileno()).toBe(-1)
      const adopted = yield* S.fromfd(fd, S.AF_INET, S.SOCK_STREAM)
      yield* Effect.sync(() => S.Constants) // namespace export is reachable
      yield* adopted.sendall(bytes("via fromfd"))
      expect(new TextDecoder().decode(yield* conn.recv(100))).toBe("via fromfd")
      // the detached fd is still ours to close
      const { Native } = yield* Effect.promise(() => import("@greenfiber/core/hub"))
      expect(Native.native.fdClose(fd)).toBe(0)
    }).pipe(Effect.scoped))
})

/** A blocking accept on `server` in a fiber of its own, after which `server` has a poll handle. */
const blockedAccept = (server: S.Socket) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkChild(Effect.flip(Effect.scoped(server.accept())))
    yield* Effect.sleep(20)
    expect(Watcher.stats().active).toBeGreaterThan(0)
    return fiber
  })

describe("close() releases the fd at once", () => {
  it.live("a listener closed under a blocked accept can be re-bound to its port at once (no SO_REUSEADDR)", () =>
    Effect.gen(function*() {
      for (let round = 0; round < 20; round++) {
        const server = yield* S.socket()
        yield* server.bind(["127.0.0.1", 0])
        yield* server.listen(8)
        const [, port] = (yield* server.getsockname()) as readonly [string, number]
        const acceptor = yield* blockedAccept(server)
        const again = yield* S.socket()
        // No loop turn between the close and the bind: the old listener's fd must be gone already.
        const bound = yield* Effect.sync(() => {
          server._closeUnsafe()
          return Effect.runSyncExit(again.bind(["127.0.0.1", port]))
        })
        expect(bound._tag).toBe("Success")
        yield* again.listen(8)
        expectEbadf(yield* Fiber.join(acceptor))
        // The new listener is the one the port now reaches.
        const client = yield* S.createConnection(["127.0.0.1", port], { timeout: 5 })
        yield* client.sendall(bytes(`round ${round}`))
        const [conn] = yield* again.accept()
        expect(text(yield* conn.recv(100))).toBe(`round ${round}`)
        yield* again.close()
      }
    }).pipe(Effect.scoped))

  it.live("a scope closed under a blocked accept frees its port before the next statement", () =>
    Effect.gen(function*() {
      const port = yield* Effect.scoped(Effect.gen(function*() {
        const { server, port } = yield* listener()
        yield* blockedAccept(server)
        return port
      }))
      const again = yield* S.socket()
      yield* again.bind(["127.0.0.1", port])
      yield* again.listen(1)
      expect(((yield* again.getsockname()) as readonly [string, number])[1]).toBe(port)
    }).pipe(Effect.scoped))

  it.live("the peer of a closed Unix socket sees EOF before the next tick", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      // a waits once, so its fd has a poll handle.
      const reader = yield* Effect.forkChild(Effect.flip(a.recv(10)))
      yield* Effect.sleep(20)
      yield* b.setblocking(false)
      const seen = yield* Effect.sync(() => {
        a._closeUnsafe()
        return Effect.runSyncExit(b.recv(10))
      })
      expect(seen._tag).toBe("Success")
      expect(seen._tag === "Success" && seen.value.length).toBe(0)
      expectEbadf(yield* Fiber.join(reader))
    }).pipe(Effect.scoped))

  it.live("the peer of a closed TCP connection sees EOF without the closing side's loop turning", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const reader = yield* Effect.forkChild(Effect.flip(conn.recv(10)))
      yield* Effect.sleep(20)
      yield* client.setblocking(false)
      // Loopback delivers the FIN within close(2); a blocking poll(2) would hang the whole thread if
      // the fd were still open, so read it with a bounded wait that needs no loop turn of ours.
      const seen = yield* Effect.sync(() => {
        conn._closeUnsafe()
        for (let i = 0; i < 1000; i++) {
          const r = Effect.runSyncExit(client.recv(10))
          if (r._tag === "Success") return r.value.length
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1)
        }
        return -1
      })
      expect(seen).toBe(0)
      expectEbadf(yield* Fiber.join(reader))
    }).pipe(Effect.scoped))
})
