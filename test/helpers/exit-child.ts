/**
 * Run by test/reliability-exit.test.ts: how a process with greenfiber sockets and waiting fibers ends.
 *
 * - `finish`: the main program returns while its child fibers wait in accept and recv: they are
 *   interrupted, their waits stop holding the loop, the process exits 0 by itself, with a socket
 *   and its idle poll handle still open for the environment's teardown.
 * - `exit`: daemon fibers wait (their polls hold the loop) and the program calls process.exit(0).
 * - `throw`: an uncaught error while daemon fibers wait: exit code 1, no hang.
 * - `workers`: process.exit(0) while two workers have sockets open and fibers waiting.
 * - `unclosed` (with --expose-gc): sockets in a scope that is dropped, never closed, one of them
 *   with a poll handle; after a GC each is closed and reported with a ResourceWarning. Prints one
 *   JSON line: fds, native counts and owned fds before and after, and the warnings.
 */
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { Effect, Scope } from "effect"
import { readdirSync } from "node:fs"

const mode = process.argv[2]
const fdCount = () => readdirSync("/proc/self/fd").length
const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)

/** A listener, a connected pair over it, and fibers blocked in accept and in recv on both ends. */
const waiting = (fork: <A, E, R>(e: Effect.Effect<A, E, R>) => Effect.Effect<unknown, never, R>) =>
  Effect.gen(function*() {
    const listener = yield* S.createServer(["127.0.0.1", 0])
    const address = (yield* listener.getsockname()) as readonly [string, number]
    const client = yield* S.createConnection(address, { timeout: 5 })
    const [conn] = yield* listener.accept()
    yield* fork(Effect.scoped(listener.accept()))
    yield* fork(client.recv(10))
    yield* fork(conn.recv(10))
    yield* Effect.sleep(20)
    if (Watcher.stats().active < 3) throw new Error(`only ${Watcher.stats().active} waits`)
  })

const daemon = <A, E, R>(e: Effect.Effect<A, E, R>) => Effect.forkDetach(e)

/** Kept reachable to the end: sockets in a scope never closed, one with an idle poll handle. */
const kept: Array<unknown> = []

if (mode === "finish") {
  await Effect.runPromise(Effect.scoped(waiting(Effect.forkChild)))
  // Left for the environment's teardown: a socket with an idle poll handle, in a scope never closed.
  await Effect.runPromise(Effect.gen(function*() {
    const scope = yield* Scope.make()
    kept.push(scope)
    const [a] = yield* Scope.provide(S.socketpair(), scope)
    yield* a.settimeout(0.01)
    yield* Effect.flip(a.recv(10))
  }))
  out({ finished: true, owned: Watcher.ownedFds(), stats: Watcher.stats() })
} else if (mode === "exit") {
  Effect.runFork(Effect.scoped(Effect.andThen(waiting(daemon), Effect.sync(() => process.exit(0)))))
} else if (mode === "throw") {
  Effect.runFork(Effect.scoped(Effect.andThen(waiting(daemon), Effect.sync(() => {
    setTimeout(() => {
      throw new Error("uncaught, with fibers waiting")
    }, 1)
  }))))
} else if (mode === "workers") {
  // Workers with sockets open and fibers waiting (test/helpers/worker-child.ts); the main thread
  // exits under them: node stops each worker, whose teardown closes what it holds.
  const { Worker } = await import("node:worker_threads")
  const child = new URL("./worker-child.ts", import.meta.url)
  await Promise.all([1, 2].map(() =>
    new Promise((resolve, reject) => {
      const w = new Worker(child, { workerData: { rounds: 3 } })
      w.once("message", resolve)
      w.once("error", reject)
    })
  ))
  out({ workersReady: 2 })
  process.exit(0)
} else if (mode === "unclosed") {
  const gc = (globalThis as { gc?: () => void }).gc!
  const warnings: Array<{ name: string; code: string | undefined; message: string }> = []
  process.on("warning", (w) => warnings.push({ name: w.name, code: (w as { code?: string }).code, message: w.message }))
  const snapshot = () => ({ fds: fdCount(), owned: Watcher.ownedFds(), ...Watcher.stats() })
  const before = snapshot()
  let during: unknown = undefined
  await Effect.runPromise(Effect.gen(function*() {
    // A scope nobody closes and nobody keeps: its sockets are only reachable from it.
    const scope = yield* Scope.make()
    yield* Effect.gen(function*() {
      const listener = yield* S.createServer(["127.0.0.1", 0])
      const client = yield* S.createConnection((yield* listener.getsockname()) as readonly [string, number], { timeout: 5 })
      yield* listener.accept()
      // A wait that timed out: client has a poll handle and an idle watcher.
      yield* client.settimeout(0.01)
      yield* Effect.flip(client.recv(10))
    }).pipe(Scope.provide(scope))
    during = snapshot()
  }))
  for (let i = 0; i < 20 && Watcher.ownedFds() > before.owned; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  // The poll handles' memory goes in their close callbacks, a loop turn later.
  await new Promise((resolve) => setTimeout(resolve, 20))
  out({ before, during, after: snapshot(), warnings })
}
