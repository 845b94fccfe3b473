/**
 * A worker_threads worker for test/reliability-workers.test.ts and test/valgrind/worker-paths.ts: it
 * serves an echo server, talks to it through its own clients, then leaves everything open and
 * waiting (fibers blocked in recv and accept, an idle socketpair, a socket in a scope nobody will
 * close, name lookups in flight) and posts `{ ready: port, owned, stats }`. The parent then ends it:
 * `terminate()`, or a message asking it to `exit` (process.exit in the worker) or to `throw`.
 */
import { Watcher } from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import * as S from "@greenfiber/socket"
import { Effect, Scope } from "effect"
import { parentPort, workerData } from "node:worker_threads"

const rounds = Number((workerData as { rounds?: number } | undefined)?.rounds ?? 20)
const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

parentPort!.on("message", (m: string) => {
  if (m === "exit") process.exit(0)
  if (m === "throw") setImmediate(() => { throw new Error("thrown in the worker") })
})

const echo = (conn: S.Socket) =>
  Effect.gen(function*() {
    while (true) {
      const data = yield* conn.recv(4096)
      if (data.length === 0) return
      yield* conn.sendall(data)
    }
  })

const program = Effect.gen(function*() {
  const listener = yield* S.createServer(["127.0.0.1", 0])
  const [, port] = (yield* listener.getsockname()) as readonly [string, number]
  yield* Effect.forkChild(S.serve(listener, echo))
  for (let i = 0; i < rounds; i++) {
    yield* Effect.scoped(Effect.gen(function*() {
      const c = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
      yield* c.sendall(enc(`ping ${i}`))
      const got = dec(yield* c.recv(100))
      if (got !== `ping ${i}`) throw new Error(`echo ${i}: ${got}`)
    }))
  }
  // What the teardown must clean up: idle connections with a fiber blocked in recv on each...
  for (let i = 0; i < 3; i++) {
    const c = yield* S.createConnection(["127.0.0.1", port], { timeout: null })
    yield* Effect.forkChild(c.recv(100))
  }
  // ...a second listener with a blocked accept, an idle socketpair, and a socket in a scope that
  // nobody will ever close.
  const other = yield* S.createServer(["127.0.0.1", 0])
  yield* Effect.forkChild(Effect.scoped(other.accept()))
  yield* S.socketpair()
  const forgotten = yield* Scope.make()
  yield* Scope.provide(S.socket(), forgotten)
  yield* Effect.sleep(20)
  // And name lookups in flight: more than the thread pool runs at once, so some are still queued.
  for (let i = 0; i < 16; i++) Native.native.getaddrinfoAsync("localhost", null, 0, 0, 0, 0, () => {})
  parentPort!.postMessage({ ready: port, owned: Watcher.ownedFds(), stats: Watcher.stats() })
  return yield* Effect.never
})

Effect.runFork(Effect.scoped(program))
