import { describe, expect, it } from "@effect/vitest"
import { Context, Deferred, Effect, Exit, Fiber } from "effect"
import { execFileSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { bytes, listener, text } from "./helpers.ts"

const echoHandler = (conn: S.Socket) =>
  Effect.gen(function*() {
    while (true) {
      const data = yield* conn.recv(65536)
      if (data.length === 0) return
      yield* conn.sendall(data)
    }
  })

describe("serve", () => {
  it.live("1,000 concurrent clients", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      yield* server.listen(1024)
      let active = 0
      let peak = 0
      const srv = yield* Effect.forkChild(
        S.serve(server, (conn) =>
          Effect.gen(function*() {
            active++
            peak = Math.max(peak, active)
            yield* echoHandler(conn)
          }).pipe(Effect.ensuring(Effect.sync(() => active--))), { concurrency: 2000 })
      )
      const results = yield* Effect.forEach(
        Array.from({ length: 1000 }, (_, i) => i),
        (i) =>
          Effect.scoped(Effect.gen(function*() {
            const sock = yield* S.createConnection(["127.0.0.1", port], { timeout: 20 })
            yield* sock.sendall(bytes(`client ${i}`))
            const reply = text(yield* sock.recv(100))
            return reply
          })),
        { concurrency: "unbounded" }
      )
      expect(results).toHaveLength(1000)
      results.forEach((r, i) => expect(r).toBe(`client ${i}`))
      expect(peak).toBeGreaterThan(1)
      yield* Fiber.interrupt(srv)
      expect(active).toBe(0)
    }).pipe(Effect.scoped), 60_000)

  it.live("concurrency limit; each connection's scope closes when its handler ends", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      let active = 0
      let peak = 0
      const srv = yield* Effect.forkChild(
        S.serve(server, (conn) =>
          Effect.gen(function*() {
            active++
            peak = Math.max(peak, active)
            yield* Effect.sleep(30)
            yield* conn.sendall(bytes("bye"))
            active--
          }), { concurrency: 2 })
      )
      const replies = yield* Effect.forEach(
        [1, 2, 3, 4, 5, 6],
        () =>
          Effect.scoped(Effect.gen(function*() {
            const sock = yield* S.createConnection(["127.0.0.1", port], { timeout: 5 })
            const first = text(yield* sock.recv(10))
            const eof = yield* sock.recv(10) // the server closed the connection after the handler
            return [first, eof.length] as const
          })),
        { concurrency: "unbounded" }
      )
      expect(replies).toEqual(Array.from({ length: 6 }, () => ["bye", 0]))
      expect(peak).toBe(2)
      yield* Fiber.interrupt(srv)
    }).pipe(Effect.scoped))

  it.live("handlers see the services given to serve and a Scope of their own, closed with the handler's exit", () =>
    Effect.gen(function*() {
      const Greeting = Context.Service<{ readonly text: string }>("test/Greeting")
      const { server, port } = yield* listener()
      const closedWith: Array<string> = []
      const srv = yield* Effect.forkChild(
        S.serve(server, (conn) =>
          Effect.gen(function*() {
            yield* Effect.addFinalizer((exit) => Effect.sync(() => closedWith.push(Exit.isSuccess(exit) ? "success" : "failure")))
            const greeting = yield* Greeting
            yield* conn.sendall(bytes(`${greeting.text}, timeout ${conn.gettimeout()}`))
            const word = text(yield* conn.recv(10))
            if (word === "fail") return yield* Effect.fail("asked to")
          })).pipe(Effect.provideService(Greeting, { text: "hello" }), S.withDefaultTimeout(7))
      )
      const exchange = (word: string) =>
        Effect.scoped(Effect.gen(function*() {
          const sock = yield* S.createConnection(["127.0.0.1", port], { timeout: 5 })
          const greeting = text(yield* sock.recv(100))
          yield* sock.sendall(bytes(word))
          const eof = yield* sock.recv(10)
          return [greeting, eof.length] as const
        }))
      expect(yield* exchange("ok")).toEqual(["hello, timeout 7", 0])
      expect(yield* exchange("fail")).toEqual(["hello, timeout 7", 0])
      expect(closedWith).toEqual(["success", "failure"])
      yield* Fiber.interrupt(srv)
    }).pipe(Effect.scoped))

  it.live("a full backlog is accepted a run at a time: other fibers run in between", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      yield* server.listen(256)
      // 100 connections complete in the kernel's backlog before serve starts.
      yield* Effect.forEach(Array.from({ length: 100 }), () => S.createConnection(["127.0.0.1", port], { timeout: 5 }), { discard: true })
      let accepted = 0
      const seen: Array<number> = []
      yield* Effect.forkChild(Effect.forever(Effect.sync(() => seen.push(accepted)))) // yields between iterations
      const srv = yield* Effect.forkChild(S.serve(server, () => Effect.sync(() => accepted++)))
      while (accepted < 100) yield* Effect.sleep(5)
      expect(seen.some((n) => n > 0 && n < 100)).toBe(true)
      yield* Fiber.interrupt(srv)
    }).pipe(Effect.scoped))

  it.live("interrupting serve ends it after a backlog of any length (the accept after a budget yield included)", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      yield* server.listen(128)
      for (let n = 1; n <= 70; n++) {
        const clients = yield* Effect.forEach(Array.from({ length: n }), () => S.createConnection(["127.0.0.1", port], { timeout: 5 }))
        let accepted = 0
        const srv = yield* Effect.forkChild(S.serve(server, () => Effect.sync(() => accepted++)))
        // Interrupted once its next accept waits (an interruption during the yield itself always worked).
        while (accepted < n || Watcher.stats().active === 0) yield* Effect.sleep(1)
        const ended = yield* Fiber.interrupt(srv).pipe(Effect.timeoutOption(2000))
        expect({ n, stopped: ended._tag }).toEqual({ n, stopped: "Some" })
        yield* Effect.forEach(clients, (c) => c.close(), { discard: true })
      }
    }).pipe(Effect.scoped))

  it.live("interrupting serve stops accepting, lets handlers finish within stopTimeout, then interrupts", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const started = yield* Deferred.make<void>()
      const outcomes: Array<string> = []
      const srv = yield* Effect.forkChild(
        S.serve(server, (conn) =>
          Effect.gen(function*() {
            yield* Deferred.succeed(started, undefined)
            const data = yield* conn.recv(10)
            outcomes.push(`got ${text(data)}`)
          }).pipe(Effect.onInterrupt(() => Effect.sync(() => outcomes.push("interrupted")))), { stopTimeout: 0.2 })
      )
      const sock = yield* S.createConnection(["127.0.0.1", port])
      yield* Deferred.await(started)
      const t0 = performance.now()
      yield* Fiber.interrupt(srv)
      const took = (performance.now() - t0) / 1000
      expect(outcomes).toEqual(["interrupted"])
      // The stop timer is libuv's: its clock is whole milliseconds cached at the loop turn's start, so
      // it may end up to a millisecond before performance.now() says 200 ms have passed.
      expect(took).toBeGreaterThanOrEqual(0.199)
      expect(took).toBeLessThan(2)
      // the handler's connection was closed
      yield* sock.settimeout(1)
      expect((yield* sock.recv(10)).length).toBe(0)
    }).pipe(Effect.scoped))

  it.live("a failing handler is logged and the server goes on", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      let n = 0
      const srv = yield* Effect.forkChild(
        S.serve(server, (conn) =>
          Effect.gen(function*() {
            n++
            if (n === 1) return yield* Effect.fail("boom")
            yield* conn.sendall(bytes("second"))
          }))
      )
      const first = yield* Effect.scoped(Effect.flatMap(S.createConnection(["127.0.0.1", port]), (s) => s.recv(10)))
      expect(first.length).toBe(0)
      const second = yield* Effect.scoped(Effect.flatMap(S.createConnection(["127.0.0.1", port]), (s) => s.recv(10)))
      expect(text(second)).toBe("second")
      yield* Fiber.interrupt(srv)
    }).pipe(Effect.scoped))

  it.live("a handler function that throws before giving an Effect is a logged defect: its connection closes, the server goes on", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      let n = 0
      const srv = yield* Effect.forkChild(
        S.serve(server, (conn) => {
          if (++n === 1) throw new Error("a bug in the handler's own code")
          return conn.sendall(bytes("second"))
        }, { concurrency: 1 })
      )
      const first = yield* Effect.scoped(Effect.flatMap(S.createConnection(["127.0.0.1", port], { timeout: 2 }), (s) => s.recv(10)))
      expect(first.length).toBe(0)
      // concurrency 1: the second connection is served only if the first one gave its slot back.
      const second = yield* Effect.scoped(Effect.flatMap(S.createConnection(["127.0.0.1", port], { timeout: 2 }), (s) => s.recv(10)))
      expect(text(second)).toBe("second")
      expect(srv.pollUnsafe()).toBeUndefined()
      yield* Fiber.interrupt(srv)
    }).pipe(Effect.scoped))
})

describe("serve under descriptor exhaustion", () => {
  it.live.skipIf(!hasPrlimit())("survives EMFILE on accept: backs off and goes on", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const srv = yield* Effect.forkChild(S.serve(server, (conn) => conn.sendall(bytes("served"))))
      // Use up the descriptor table: lower the soft limit to just above what is open now.
      const open = readdirSync("/proc/self/fd").length
      const limit = open + 24
      const original = execFileSync("prlimit", ["--pid", String(process.pid), "--nofile", "--output=SOFT", "--noheadings"])
        .toString().trim()
      const client = yield* S.socket()
      const restore = Effect.sync(() => {
        try {
          execFileSync("prlimit", ["--pid", String(process.pid), `--nofile=${original}:`])
        } catch {
          // already restored, or no fd to spawn with: the explicit restore below is the one that counts
        }
      })
      yield* Effect.acquireRelease(
        Effect.sync(() => execFileSync("prlimit", ["--pid", String(process.pid), `--nofile=${limit}:`])),
        () => restore
      )
      // fill the table with sockets so that accept(2) has no fd left
      const fillers: Array<S.Socket> = []
      while (true) {
        const r = yield* Effect.result(S.socket())
        if (r._tag === "Failure") {
          expect(r.failure.code).toBe("EMFILE")
          break
        }
        fillers.push(r.success)
      }
      yield* client.settimeout(5)
      yield* client.connect(["127.0.0.1", port]).pipe(Effect.catch(() => Effect.void))
      yield* Effect.sleep(60) // the server hits EMFILE and backs off
      expect(fillers.length).toBeGreaterThan(10)
      for (const f of fillers) yield* f.close()
      yield* Effect.sleep(20)
      yield* restore
      expect(text(yield* client.recv(10))).toBe("served")
      yield* Fiber.interrupt(srv)
    }).pipe(Effect.scoped))
})

function hasPrlimit(): boolean {
  try {
    execFileSync("prlimit", ["--version"])
    return true
  } catch {
    return false
  }
}
