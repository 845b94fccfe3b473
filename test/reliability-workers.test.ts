/**
 * worker_threads: the addon loads in several workers at once, each with its own state, each serving
 * and connecting while the main thread does too. Workers end every way a worker can (terminate(),
 * process.exit in the worker, an uncaught error) with sockets and watchers open and fibers waiting:
 * the process does not crash and the fd count of the whole process (/proc/self/fd, all threads) is
 * what it was before.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { Worker } from "node:worker_threads"
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { fdCount, STRESS } from "./helpers/reliability.ts"

const child = new URL("./helpers/worker-child.ts", import.meta.url)
const CYCLES = STRESS ? 10 : 3
const WORKERS = 4
const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

interface Ready {
  readonly ready: number
  readonly owned: number
  readonly stats: { readonly handles: number; readonly watchers: number; readonly active: number }
}

interface Running {
  readonly worker: Worker
  readonly ready: Promise<Ready>
  readonly exited: Promise<{ readonly code: number; readonly error: unknown }>
}

const start = (rounds = 20): Running => {
  const worker = new Worker(child, { workerData: { rounds } })
  let error: unknown = undefined
  worker.on("error", (e) => (error = e))
  const ready = new Promise<Ready>((resolve, reject) => {
    worker.once("message", resolve)
    worker.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready: ${String(error)}`)))
  })
  const exited = new Promise<{ code: number; error: unknown }>((resolve) => worker.once("exit", (code) => resolve({ code, error })))
  return { worker, ready, exited }
}

/** The fd count once it stops changing (a closing thread's fds are gone by its 'exit' event; this only guards the check). */
const settledFds = (want: number) =>
  Effect.gen(function*() {
    let n = fdCount()
    for (let i = 0; i < 50 && n !== want; i++) {
      yield* Effect.sleep(10)
      n = fdCount()
    }
    return n
  })

describe("worker_threads", () => {
  it.live(`${CYCLES} cycles of ${WORKERS} workers serving at once, ended with sockets and waits open: no crash, no fd left`, () =>
    Effect.gen(function*() {
      // A first worker makes node set up what it keeps for workers; the baseline comes after it.
      const warm = start(1)
      yield* Effect.promise(() => warm.ready)
      yield* Effect.promise(() => warm.worker.terminate())
      const fdsBefore = fdCount()
      const statsBefore = Watcher.stats()
      const ownedBefore = Watcher.ownedFds()
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        yield* Effect.scoped(Effect.gen(function*() {
          // The main thread has sockets and a waiting fiber of its own meanwhile.
          const [a, b] = yield* S.socketpair()
          const reader = yield* Effect.forkChild(a.recv(100))
          const workers = Array.from({ length: WORKERS }, () => start())
          const ready = yield* Effect.promise(() => Promise.all(workers.map((w) => w.ready)))
          for (const r of ready) {
            // echo server + its listener + 20 served connections closed = the listener, 3 idle clients
            // and their 3 served ends, a second listener, a socketpair, the forgotten socket.
            assert.strictEqual(r.owned, 1 + 3 + 3 + 1 + 2 + 1)
            assert.isAtLeast(r.stats.active, 3 + 3 + 1 + 1)
          }
          // Each worker's server answers the main thread too.
          for (const r of ready) {
            const c = yield* S.createConnection(["127.0.0.1", r.ready], { timeout: 10 })
            yield* c.sendall(enc(`to ${r.ready}`))
            assert.strictEqual(dec(yield* c.recv(100)), `to ${r.ready}`)
            yield* c.close()
          }
          // Every way a worker ends.
          workers[0]!.worker.postMessage("exit")
          workers[1]!.worker.postMessage("throw")
          const ends = [workers[2]!.worker.terminate(), workers[3]!.worker.terminate()]
          const exits = yield* Effect.promise(() => Promise.all(workers.map((w) => w.exited)))
          yield* Effect.promise(() => Promise.all(ends))
          assert.deepStrictEqual(exits.map((e) => e.code), [0, 1, 1, 1])
          assert.strictEqual((exits[1]!.error as Error).message, "thrown in the worker")
          // The main thread's state is its own: its fiber still waits, and gets its data.
          assert.isUndefined(reader.pollUnsafe())
          yield* b.sendall(enc("main thread"))
          assert.strictEqual(dec(yield* Fiber.join(reader)), "main thread")
        }))
        assert.strictEqual(yield* settledFds(fdsBefore), fdsBefore, `cycle ${cycle}`)
      }
      assert.strictEqual(Watcher.ownedFds(), ownedBefore)
      for (let i = 0; i < 100 && Watcher.stats().handles !== statsBefore.handles; i++) yield* Effect.sleep(5)
      assert.deepStrictEqual(Watcher.stats(), statsBefore)
    }))

  it.live("20 workers terminated at random points of a busy ping-pong: no crash, no fd left", () =>
    Effect.gen(function*() {
      const busy = new URL("./helpers/busy-worker.ts", import.meta.url)
      let fdsBefore = -1
      for (let i = 0; i < 20; i++) {
        const worker = new Worker(busy)
        yield* Effect.promise(() => new Promise((resolve) => worker.once("message", resolve)))
        yield* Effect.sleep(Math.floor(Math.random() * 30))
        const code = yield* Effect.promise(() => worker.terminate())
        assert.strictEqual(code, 1)
        // The first one sets up what node keeps for workers.
        if (i === 0) fdsBefore = fdCount()
        else assert.strictEqual(yield* settledFds(fdsBefore), fdsBefore, `worker ${i}`)
      }
    }))
})

