import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber } from "effect"
import { writeSync } from "node:fs"
import { waitRead, Watcher } from "@greenfiber/core"
import { drain, fifo, openFdCount, socketpair } from "./fixtures.ts"

describe("no leaks", () => {
  it.live("2,000 interrupted waits leave fds and watchers as they were, and the fd still works", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      yield* Effect.sleep("20 millis")
      const fdsBefore = openFdCount()
      const statsBefore = Watcher.stats()
      for (let i = 0; i < 2000; i++) {
        const fiber = yield* Effect.forkChild(waitRead(read, { timeout: 10 }))
        yield* Effect.yieldNow
        yield* Fiber.interrupt(fiber)
      }
      // Poll handles close asynchronously (uv_close); let the close callbacks run.
      yield* Effect.sleep("20 millis")
      assert.strictEqual(openFdCount(), fdsBefore)
      assert.deepStrictEqual(Watcher.stats(), statsBefore)
      const waiter = yield* Effect.forkChild(waitRead(read, { timeout: 5 }))
      yield* Effect.sleep("10 millis")
      writeSync(write, new Uint8Array([7]))
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(waiter)))
      assert.strictEqual(drain(read), 1)
    }))

  it.live("2,000 timed-out waits on a socketpair leave nothing behind", () =>
    Effect.gen(function*() {
      const [a] = yield* socketpair
      yield* Effect.sleep("20 millis")
      const statsBefore = Watcher.stats()
      const fdsBefore = openFdCount()
      const results = yield* Effect.forEach(
        Array.from({ length: 2000 }),
        () => Effect.flip(waitRead(a, { timeout: 0 })),
        { concurrency: 100 }
      )
      yield* Effect.sleep("20 millis")
      assert.strictEqual(results.filter((e) => e._tag === "SocketTimeout").length, 2000)
      assert.strictEqual(openFdCount(), fdsBefore)
      assert.deepStrictEqual(Watcher.stats(), statsBefore)
    }))

  it.live("an idle watcher does not keep the process alive (handle unreferenced)", () =>
    Effect.gen(function*() {
      const [a] = yield* socketpair
      const watcher = yield* Watcher.io(a, Watcher.READ)
      assert.strictEqual(watcher.fd, a)
      assert.strictEqual(Watcher.stats().active, 0)
      assert.isAtLeast(Watcher.stats().handles, 1)
    }))
})
