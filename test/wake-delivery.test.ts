/**
 * The hub's timers and wake-up delivery at their edges: timeouts longer than Node's timers take, fd
 * numbers far above any open fd, several wake-ups in one delivery (a select, a close from a fiber woken
 * in the same delivery, a wake-up whose code throws) and a second copy of core in the process.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Option } from "effect"
import { spawnSync } from "node:child_process"
import { closeSync, readSync } from "node:fs"
import { resolve } from "node:path"
import { notifyClosing, wait, Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { outcome } from "./helpers/reliability.ts"

/** Counts TimeoutOverflowWarnings (without printing any) while `self` runs. */
const countingOverflowWarnings = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    let count = 0
    const printers = process.listeners("warning")
    const onWarning = (w: Error) => {
      if (w.name === "TimeoutOverflowWarning") count++
    }
    process.removeAllListeners("warning")
    process.on("warning", onWarning)
    const value = yield* Effect.ensuring(self, Effect.sync(() => {
      process.off("warning", onWarning)
      printers.forEach((l) => process.on("warning", l))
    }))
    return [value, count] as const
  })

describe("timers", () => {
  // Node clamps a delay above 2^31-1 ms (about 24.8 days) to 1 ms with a TimeoutOverflowWarning; a wait
  // arms its timer in steps of at most that, so a long timeout neither spins nor warns.
  it.live("a socket timeout beyond 2^31-1 ms does not spin on a 1 ms timer", () =>
    Effect.gen(function*() {
      const [a] = yield* S.socketpair()
      const [r1, n1] = yield* countingOverflowWarnings(Effect.gen(function*() {
        yield* a.settimeout(3e6)
        return yield* Effect.timeoutOption(a.recv(10), 100)
      }))
      assert.isTrue(Option.isNone(r1))
      assert.strictEqual(n1, 0, "TimeoutOverflowWarnings during a 100 ms wait with a 34-day timeout")
      const [, n2] = yield* countingOverflowWarnings(Effect.gen(function*() {
        const set = yield* Effect.exit(a.settimeout(Infinity))
        if (Exit.isSuccess(set)) yield* Effect.timeoutOption(a.recv(10), 100)
      }))
      assert.strictEqual(n2, 0, "TimeoutOverflowWarnings during a 100 ms wait with an infinite timeout")
    }).pipe(Effect.scoped))
})

describe("fd numbers", () => {
  // The registry checks that an fd is open (bounded by RLIMIT_NOFILE) before growing its table to the
  // fd's number; without that, fd 2^30 looped forever doubling an int32, and 5e8 touched 4 GiB. Run in a
  // child process, so a regression hangs the child, not the suite.
  it.live("waiting on a huge fd number fails at once with EBADF (no hang, no giant table)", () =>
    Effect.sync(() => {
      const root = resolve(import.meta.dirname, "..")
      const r = spawnSync(resolve(root, "node_modules/.bin/node"), ["test/helpers/big-fd-child.ts"], { cwd: root, timeout: 8_000, encoding: "utf8" })
      assert.isNull(r.signal, `the child hung and was killed (${r.signal})`)
      assert.strictEqual(r.status, 0, r.stderr)
      const out = JSON.parse(r.stdout.trim()) as { results: Array<string>; maxRssMiB: number }
      assert.deepStrictEqual(out.results, ["EBADF", "EBADF", "EBADF", "EBADF"])
      assert.isBelow(out.maxRssMiB, 400)
    }), 30_000)
})

describe("one delivery, several wake-ups", () => {
  // io_stop drops a wake-up already queued for the wait it stops: otherwise the loser of a select,
  // interrupted by the winner in the same delivery, had its queued wake-up complete its next wait,
  // which stayed counted as active (and kept the process alive).
  it.live("a select's loser, interrupted in the delivery that woke both, leaves no interest behind", () =>
    Effect.gen(function*() {
      const [a1, b1] = yield* S.socketpair()
      const [a2, b2] = yield* S.socketpair()
      // A read that empties the queue makes the next recv wait for readiness before its recv(2).
      for (const [a, b] of [[a1, b1], [a2, b2]] as const) {
        yield* b.send(new Uint8Array([0]))
        yield* a.recv(10)
      }
      const select = Effect.raceFirst(
        Effect.map(a1.recv(10), (d) => `a1:${d.length}`),
        Effect.map(a2.recv(10), (d) => `a2:${d.length}`)
      )
      // The second select starts as the first ends, inside the delivery that woke both.
      const both = yield* Effect.forkChild(Effect.all([select, select]), { startImmediately: true })
      yield* Effect.sleep(20)
      // Both peers write in one tick: both wake-ups land in one delivery, a1's first.
      yield* Effect.sync(() => {
        Effect.runSync(b1.send(new Uint8Array([1])))
        Effect.runSync(b2.send(new Uint8Array([2])))
      })
      assert.deepStrictEqual(yield* Fiber.join(both), ["a1:1", "a2:1"])
      assert.deepStrictEqual(Watcher.stats().active, 0)
    }).pipe(Effect.scoped))

  // A fiber woken in a delivery that waits again at once is only a re-arm mark until the delivery ends;
  // notifyClosing cancels those marks too (internal/watcher.ts markedOn), not only the native waiters.
  it.live("notifyClosing wakes a fiber that began its next wait in the same delivery", () =>
    Effect.gen(function*() {
      const [xa, xb] = yield* S.socketpair()
      const [ya, yb] = yield* S.socketpair()
      const fd = yield* xa.detach() // an fd this test owns and closes itself
      const w = yield* Watcher.io(fd, Watcher.READ)
      const buf = Buffer.alloc(16)
      const x = yield* Effect.forkChild(Effect.gen(function*() {
        while (true) {
          yield* wait(w)
          readSync(fd, buf) // consume, then wait again within the same delivery
        }
      }))
      const y = yield* Effect.forkChild(Effect.gen(function*() {
        yield* ya.recv(1)
        yield* notifyClosing(fd)
        closeSync(fd)
      }))
      yield* Effect.sleep(20)
      yield* Effect.sync(() => {
        Effect.runSync(xb.send(new Uint8Array([1])))
        Effect.runSync(yb.send(new Uint8Array([1])))
      })
      yield* Fiber.join(y)
      const ended = yield* Effect.timeoutOption(Fiber.await(x), 2000)
      assert.strictEqual(ended._tag, "Some", "the fiber waiting on the closed fd was never woken")
      const exit = (ended as Option.Some<Exit.Exit<never, unknown>>).value
      assert.deepStrictEqual(outcome(exit), ["SocketError", "EBADF"])
    }).pipe(Effect.scoped))

  // Run in child processes (an uncaught exception; a second module copy). throw: every wake-up of a
  // delivery is delivered and the first error is rethrown after the loop, so the others' fibers do not
  // wait forever. two-copies: the registry lives on the addon's shared state, so a second copy of the
  // module does not take over the one wake-up callback and drop the first copy's wake-ups.
  for (const mode of ["throw", "two-copies"] as const) {
    it.live(`a waiting fiber gets its data (${mode === "throw" ? "after another wake-up of its delivery threw" : "with a second copy of core loaded"})`, () =>
      Effect.sync(() => {
        const root = resolve(import.meta.dirname, "..")
        const r = spawnSync(resolve(root, "node_modules/.bin/node"), ["test/helpers/delivery-child.ts", mode], { cwd: root, timeout: 10_000, encoding: "utf8" })
        assert.isNull(r.signal, `the child hung and was killed (${r.signal})`)
        assert.strictEqual(r.status, 0, r.stderr)
        const out = JSON.parse(r.stdout.trim()) as { reader: string; caught: Array<string> }
        assert.strictEqual(out.reader, "got 1 byte(s)")
        assert.deepStrictEqual(out.caught, mode === "throw" ? ["a bug in an observer"] : [])
      }), 30_000)
  }
})
