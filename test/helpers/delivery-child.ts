/**
 * For wake-delivery.test.ts ("one delivery, several wake-ups"), whose two cases need a process of
 * their own (an uncaught exception; a second copy of @greenfiber/core). `node delivery-child.ts MODE` prints `{"reader": "..."}`: what a
 * fiber waiting on a socket got once its data arrived, or "still waiting" after a second.
 *
 * - throw: in one wake-up delivery, the first woken fiber's observer throws (the process survives
 *   through an uncaughtException handler, as servers often do); the second fiber's wake-up comes in
 *   the same delivery.
 * - two-copies: a second copy of core's watcher registry module loads while a fiber waits.
 */
import { Effect, Fiber } from "effect"
import * as S from "@greenfiber/socket"

const mode = process.argv[2]
const caught: Array<string> = []
process.on("uncaughtException", (e) => caught.push((e as Error).message))

const program = Effect.scoped(Effect.gen(function*() {
  const [a1, b1] = yield* S.socketpair()
  const [a2, b2] = yield* S.socketpair()
  const reader = yield* Effect.forkChild(a2.recv(10), { startImmediately: true })
  if (mode === "throw") {
    const first = yield* Effect.forkChild(a1.recv(10), { startImmediately: true })
    first.addObserver(() => {
      throw new Error("a bug in an observer")
    })
    yield* Effect.sleep(20)
    // Both in one tick: both wake-ups land in one delivery, a1's first.
    Effect.runSync(b1.send(new Uint8Array([1])))
    Effect.runSync(b2.send(new Uint8Array([2])))
  } else {
    yield* Effect.promise(() => import(new URL("../../packages/core/src/internal/watcher.ts?copy=2", import.meta.url).href))
    yield* b2.send(new Uint8Array([2]))
  }
  const r = yield* Effect.timeoutOption(Fiber.join(reader), 1000)
  yield* Fiber.interrupt(reader)
  return r._tag === "None" ? "still waiting" : `got ${r.value.length} byte(s)`
}))

const reader = await Effect.runPromise(program)
process.stdout.write(`${JSON.stringify({ reader, caught })}\n`)
process.exit(0)
