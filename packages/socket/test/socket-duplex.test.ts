/**
 * toDuplex as Node's http agents and client libraries use a net.Socket: keep-alive agents,
 * setTimeout's "timeout" events, ref/unref, the address properties and destroySoon.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Scope } from "effect"
import { spawnSync } from "node:child_process"
import * as http from "node:http"
import * as S from "@greenfiber/socket"
import { bytes, tcpPair, text } from "./helpers.ts"

const get = (agent: http.Agent, port: number, path: string) =>
  Effect.callback<{ status: number; body: string; remotePort: number | undefined }, Error>((resume) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = ""
      res.setEncoding("utf8")
      res.on("data", (c) => body += c)
      res.on("end", () => resume(Effect.succeed({ status: res.statusCode!, body, remotePort: req.socket?.remotePort })))
    })
    req.on("error", (e) => resume(Effect.fail(e)))
  })

describe("toDuplex as a net.Socket", () => {
  it.live("an http.Agent with keepAlive runs several requests over one greenfiber connection", () =>
    Effect.gen(function*() {
      const connections: Array<number> = []
      const server = http.createServer((req, res) => res.end(`you asked for ${req.url}`))
      server.keepAliveTimeout = 5000
      server.on("connection", (c) => connections.push(c.remotePort!))
      yield* Effect.callback<void>((resume) => { server.listen(0, "127.0.0.1", () => resume(Effect.void)) })
      yield* Effect.addFinalizer(() => Effect.callback<void>((resume) => { server.closeAllConnections(); server.close(() => resume(Effect.void)) }))
      const port = (server.address() as { port: number }).port
      const scope = yield* Effect.scope
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
      const made: Array<S.SocketDuplex> = []
      // The agent's own hook: it calls setKeepAlive, setNoDelay, setTimeout, ref and unref on the result.
      ;(agent as unknown as { createConnection: (o: unknown, cb: (e: Error | null, s: S.SocketDuplex) => void) => void }).createConnection = (_o, cb) => {
        Effect.runFork(S.createConnection(["127.0.0.1", port], { timeout: 5 }).pipe(Scope.provide(scope))).addObserver((exit) => {
          if (exit._tag === "Success") {
            const d = S.toDuplex(exit.value)
            made.push(d)
            cb(null, d)
          } else cb(new Error("connect failed"), undefined as never)
        })
      }
      yield* Effect.addFinalizer(() => Effect.sync(() => agent.destroy()))
      const first = yield* get(agent, port, "/one")
      const second = yield* get(agent, port, "/two")
      assert.deepStrictEqual([first.status, first.body, second.status, second.body], [200, "you asked for /one", 200, "you asked for /two"])
      assert.strictEqual(made.length, 1)
      assert.strictEqual(connections.length, 1)
      assert.strictEqual(first.remotePort, port)
      const d = made[0]!
      assert.deepStrictEqual([d.remoteAddress, d.remotePort, d.remoteFamily, d.localAddress, d.localPort], ["127.0.0.1", port, "IPv4", "127.0.0.1", connections[0]])
      // Once the agent pools the idle socket it turns keep-alive on through setKeepAlive (and unrefs it).
      for (let i = 0; i < 100 && Object.keys(agent.freeSockets).length === 0; i++) yield* Effect.sleep(10)
      assert.strictEqual(Object.values(agent.freeSockets).flat()[0] as unknown, d)
      assert.notStrictEqual(yield* d.socket.getsockopt(S.SOL_SOCKET, S.SO_KEEPALIVE), 0)
      d.setNoDelay(true)
      assert.notStrictEqual(yield* d.socket.getsockopt(S.IPPROTO_TCP, S.TCP_NODELAY), 0)
      d.setNoDelay(false)
      assert.strictEqual(yield* d.socket.getsockopt(S.IPPROTO_TCP, S.TCP_NODELAY), 0)
      d.setKeepAlive(true, 30_000)
      assert.strictEqual(yield* d.socket.getsockopt(S.IPPROTO_TCP, S.TCP_KEEPIDLE!), 30)
    }))

  it.live("setTimeout emits 'timeout' after that long without reads or writes, and closes nothing", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const d = S.toDuplex(client)
      d.resume()
      const t0 = performance.now()
      const fired = yield* Effect.callback<number>((resume) => {
        d.setTimeout(150, () => resume(Effect.succeed(performance.now() - t0)))
      })
      assert.isAtLeast(fired, 140)
      assert.isBelow(fired, 3000)
      assert.isFalse(d.destroyed)
      // Still a working connection after the event.
      const got = yield* Effect.callback<string>((resume) => {
        d.once("data", (c: Uint8Array) => resume(Effect.succeed(text(c))))
        Effect.runFork(conn.sendall(bytes("after the timeout")))
      })
      assert.strictEqual(got, "after the timeout")
      d.setTimeout(0)
      d.destroy()
    }))

  it.live("destroySoon sends what was written, half-closes, then closes", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const d = S.toDuplex(client)
      d.write(bytes("last words"))
      d.destroySoon()
      let got = ""
      for (;;) {
        const chunk = yield* conn.recv(100)
        if (chunk.length === 0) break
        got += text(chunk)
      }
      assert.strictEqual(got, "last words")
      yield* Effect.callback<void>((resume) => { if (d.destroyed) resume(Effect.void); else d.once("close", () => resume(Effect.void)) })
      assert.strictEqual(client.fileno(), -1)
    }))

  it("unref() lets the process exit while a read waits; ref() (the default) keeps it alive", () => {
    const program = (unref: boolean) => `
      import { Effect, Scope } from "effect"
      import * as S from "@greenfiber/socket"
      // A scope never closed: the socket stays open, as a pooled keep-alive socket does.
      const scope = Effect.runSync(Scope.make())
      const [a] = await Effect.runPromise(S.socketpair().pipe(Scope.provide(scope)))
      const d = S.toDuplex(a)
      d.resume()
      ${unref ? "d.unref()" : ""}
      console.log("reading")`
    const run = (unref: boolean) =>
      spawnSync(process.execPath, ["--input-type=module", "-e", program(unref)], { encoding: "utf8", timeout: 3000, cwd: process.cwd() })
    const unrefd = run(true)
    assert.deepStrictEqual([unrefd.status, unrefd.signal, unrefd.stdout.trim()], [0, null, "reading"])
    const refd = run(false)
    // Still waiting on its read when the 3 s limit stopped it.
    assert.deepStrictEqual([refd.status, refd.signal, refd.stdout.trim()], [null, "SIGTERM", "reading"])
  })
})
