import { assert, describe, it } from "@effect/vitest"
import { Cause, Duration, Effect, Exit, Fiber } from "effect"
import { writeSync } from "node:fs"
import {
  cancelWait,
  ConcurrentObjectUseError,
  notifyClosing,
  SocketError,
  SocketTimeout,
  wait,
  waitRead,
  waitReadWrite,
  waitWrite,
  Watcher
} from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import { drain, fifo, fill, socketpair } from "./fixtures.ts"

const { native } = Native
const elapsedSince = (t0: number) => (performance.now() - t0) / 1000
const poke = (fd: number) => writeSync(fd, new Uint8Array([42]))
/** Lets other fibers run until they are suspended in their waits. */
const settle = Effect.sleep(Duration.millis(20))

describe("waitRead", () => {
  it.live("times out on a silent fifo with SocketTimeout, no sooner than the timeout", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const t0 = performance.now()
      const error = yield* Effect.flip(waitRead(read, { timeout: 0.05 }))
      const elapsed = elapsedSince(t0)
      assert.instanceOf(error, SocketTimeout)
      assert.strictEqual(error.message, "timed out")
      assert.isAtLeast(elapsed, 0.05)
      assert.isBelow(elapsed, 0.05 + 1)
    }))

  it.live("accepts a Duration as the timeout", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const t0 = performance.now()
      const error = yield* Effect.flip(waitRead(read, { timeout: Duration.millis(30) }))
      assert.strictEqual(error._tag, "SocketTimeout")
      assert.isAtLeast(elapsedSince(t0), 0.03)
    }))

  it.live("fails with the custom timeoutError", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const error = yield* Effect.flip(waitRead(read, { timeout: 0.02, timeoutError: "custom-timeout" as const }))
      assert.strictEqual(error, "custom-timeout")
    }))

  it.live("is woken by a write from another fiber", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      const waiter = yield* Effect.forkChild(waitRead(read, { timeout: 5 }))
      yield* settle
      assert.isUndefined(waiter.pollUnsafe())
      yield* Effect.sync(() => poke(write))
      const exit = yield* Fiber.await(waiter)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(drain(read), 1)
    }))

  it.live("returns at once for an fd that is already readable", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      poke(write)
      const t0 = performance.now()
      yield* waitRead(read, { timeout: 5 })
      assert.isBelow(elapsedSince(t0), 1)
    }))

  it.live("wakes two fibers waiting on one fd", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      const a = yield* Effect.forkChild(waitRead(read, { timeout: 5 }))
      const b = yield* Effect.forkChild(waitRead(read, { timeout: 5 }))
      yield* settle
      assert.strictEqual(native.fdActive(read).length, 2)
      poke(write)
      const [ea, eb] = [yield* Fiber.await(a), yield* Fiber.await(b)]
      assert.isTrue(Exit.isSuccess(ea))
      assert.isTrue(Exit.isSuccess(eb))
    }))

  it.live("wakes 300 fibers on 300 fifos", () =>
    Effect.gen(function*() {
      const pipes = yield* Effect.forEach(Array.from({ length: 300 }), () => fifo)
      const fibers = yield* Effect.forEach(pipes, ({ read }) => Effect.forkChild(waitRead(read, { timeout: 10 })))
      yield* settle
      assert.strictEqual(Watcher.stats().active, 300)
      for (const { write } of pipes) poke(write)
      const exits = yield* Effect.forEach(fibers, Fiber.await)
      assert.strictEqual(exits.filter(Exit.isSuccess).length, 300)
      assert.strictEqual(Watcher.stats().active, 0)
    }))
})

describe("waitWrite", () => {
  it.live("times out on a full pipe and wakes once it is drained", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      const written = fill(write)
      assert.isAbove(written, 0)
      const error = yield* Effect.flip(waitWrite(write, { timeout: 0.05 }))
      assert.instanceOf(error, SocketTimeout)
      const waiter = yield* Effect.forkChild(waitWrite(write, { timeout: 5 }))
      yield* settle
      assert.isUndefined(waiter.pollUnsafe())
      assert.strictEqual(drain(read), written)
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(waiter)))
    }))

  it.live("waitReadWrite returns when either side is ready", () =>
    Effect.gen(function*() {
      const [a] = yield* socketpair
      yield* waitReadWrite(a, { timeout: 1 })
    }))
})

describe("Watcher and wait", () => {
  it.live("a second fiber on one watcher fails at once with ConcurrentObjectUseError", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const watcher = yield* Watcher.io(read, Watcher.READ)
      const first = yield* Effect.forkChild(wait(watcher, { timeout: 5 }))
      yield* settle
      const error = yield* Effect.flip(wait(watcher, { timeout: 5 }))
      assert.instanceOf(error, ConcurrentObjectUseError)
      assert.isUndefined(first.pollUnsafe())
      yield* Fiber.interrupt(first)
    }))

  it.live("waits again on the same watcher after a wake-up", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      const watcher = yield* Watcher.io(read, Watcher.READ)
      for (let i = 0; i < 5; i++) {
        const waiter = yield* Effect.forkChild(wait(watcher, { timeout: 5 }))
        yield* settle
        poke(write)
        assert.isTrue(Exit.isSuccess(yield* Fiber.await(waiter)))
        assert.strictEqual(drain(read), 1)
      }
    }))

  it.live("rejects a timeout that is not a number, Duration or null", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const error = yield* Effect.flip(waitRead(read, { timeout: Number.NaN }))
      assert.instanceOf(error, SocketError)
      assert.strictEqual((error as SocketError).code, "EINVAL")
    }))

  it.live("treats a negative timeout as none, as gevent does", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      const waiter = yield* Effect.forkChild(waitRead(read, { timeout: -1 }))
      yield* Effect.sleep(Duration.millis(60))
      assert.isUndefined(waiter.pollUnsafe())
      poke(write)
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(waiter)))
    }))
})

describe("cancelWait and notifyClosing", () => {
  it.live("cancelWait wakes the waiter with EBADF", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const watcher = yield* Watcher.io(read, Watcher.READ)
      const waiter = yield* Effect.forkChild(Effect.flip(wait(watcher)))
      yield* settle
      yield* cancelWait(watcher)
      const error = yield* Fiber.join(waiter)
      assert.instanceOf(error, SocketError)
      const e = error as SocketError
      assert.deepStrictEqual([e.errno, e.code, e.message], [9, "EBADF", "File descriptor was closed in another fiber"])
      assert.strictEqual(Watcher.stats().active, 0)
    }))

  it.live("cancelWait delivers the given error", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const watcher = yield* Watcher.io(read, Watcher.READ)
      const waiter = yield* Effect.forkChild(Effect.flip(wait(watcher)))
      yield* settle
      yield* cancelWait(watcher, new SocketTimeout({ message: "cancelled by test" }))
      const error = yield* Fiber.join(waiter)
      assert.instanceOf(error, SocketTimeout)
      assert.strictEqual((error as SocketTimeout).message, "cancelled by test")
    }))

  it.live("cancelWait on an idle watcher does nothing", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      const watcher = yield* Watcher.io(read, Watcher.READ)
      yield* cancelWait(watcher)
      poke(write)
      yield* wait(watcher, { timeout: 5 })
    }))

  it.live("notifyClosing wakes every waiter of the fd with EBADF", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const fibers = yield* Effect.forEach([1, 2, 3], () => Effect.forkChild(Effect.flip(waitRead(read))))
      const own = yield* Watcher.io(read, Watcher.READ)
      const fourth = yield* Effect.forkChild(Effect.flip(wait(own)))
      yield* settle
      yield* notifyClosing(read)
      const errors = yield* Effect.forEach([...fibers, fourth], Fiber.join)
      assert.deepStrictEqual(errors.map((e) => (e as SocketError).code), ["EBADF", "EBADF", "EBADF", "EBADF"])
      assert.strictEqual(Watcher.stats().active, 0)
    }))

  it.live("closing a watcher wakes its waiter with EBADF", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const watcher = yield* Watcher.make(read, Watcher.READ)
      const waiter = yield* Effect.forkChild(Effect.flip(wait(watcher)))
      yield* settle
      yield* Watcher.close(watcher)
      const error = yield* Fiber.join(waiter)
      assert.strictEqual((error as SocketError).code, "EBADF")
      assert.isTrue(watcher.closed)
      const again = yield* Effect.flip(wait(watcher))
      assert.strictEqual((again as SocketError).code, "EBADF")
    }))
})

describe("interruption", () => {
  it.live("an interrupted wait stops its interest and leaves other waiters alone", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      const keep = yield* Effect.forkChild(waitRead(read, { timeout: 5 }))
      const drop = yield* Effect.forkChild(waitRead(read, { timeout: 5 }))
      yield* settle
      yield* Fiber.interrupt(drop)
      assert.strictEqual(native.fdActive(read).length, 1)
      poke(write)
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(keep)))
    }))

  it.live("Effect.timeout around a wait interrupts it cleanly", () =>
    Effect.gen(function*() {
      const { read } = yield* fifo
      const before = Watcher.stats()
      const exit = yield* Effect.exit(Effect.timeout(waitRead(read), Duration.millis(20)))
      assert.isTrue(Exit.isFailure(exit))
      assert.isTrue(Exit.isFailure(exit) && Cause.hasFails(exit.cause))
      assert.deepStrictEqual(Watcher.stats(), before)
    }))
})

// A fiber woken by a wake-up usually waits again before the delivery returns; the addon then re-arms
// its watcher after the delivery. Two fds poked together are delivered in one call, so the fiber
// woken second acts on the first one's fresh wait while that re-arm is still pending.
describe("waiting again inside a wake-up", () => {
  const pokeBoth = (a: number, b: number) => {
    poke(a)
    poke(b)
  }

  it.live("a fiber that waits again as it wakes is woken by the next readiness", () =>
    Effect.gen(function*() {
      const { read, write } = yield* fifo
      const watcher = yield* Watcher.io(read, Watcher.READ)
      const before = Watcher.stats().active
      let wakeUps = 0
      // A plain loop: Effect.forever would yield between turns, out of the delivery.
      const loop = yield* Effect.forkChild(Effect.gen(function*() {
        while (true) {
          yield* wait(watcher, { timeout: 5 })
          drain(read)
          wakeUps++
        }
      }))
      for (let i = 1; i <= 5; i++) {
        yield* settle
        // Between wake-ups the watcher is armed in the addon, once.
        assert.deepStrictEqual([wakeUps, native.fdActive(read).length], [i - 1, 1])
        poke(write)
      }
      yield* settle
      assert.strictEqual(wakeUps, 5)
      yield* Fiber.interrupt(loop)
      assert.deepStrictEqual([native.fdActive(read).length, Watcher.stats().active], [0, before])
    }))

  /** Two fibers reading their own fifo; the one woken second runs `act` on the one woken first. */
  const race = (act: (first: { readonly read: number; readonly watcher: Watcher.Watcher; readonly fiber: Fiber.Fiber<unknown, unknown> }) => Effect.Effect<void>) =>
    Effect.gen(function*() {
      const ends = [yield* fifo, yield* fifo]
      const watchers = [yield* Watcher.make(ends[0]!.read, Watcher.READ), yield* Watcher.make(ends[1]!.read, Watcher.READ)]
      const woken: Array<number> = []
      const fibers: Array<Fiber.Fiber<unknown, unknown>> = []
      const reader = (k: number) =>
        Effect.gen(function*() {
          while (true) {
            yield* wait(watchers[k]!, { timeout: 5 })
            drain(ends[k]!.read)
            woken.push(k)
            if (woken.length === 2) {
              const f = woken[0]!
              yield* act({ read: ends[f]!.read, watcher: watchers[f]!, fiber: fibers[f]! })
            }
          }
        })
      fibers.push(yield* Effect.forkChild(reader(0)), yield* Effect.forkChild(reader(1)))
      yield* settle
      pokeBoth(ends[0]!.write, ends[1]!.write)
      yield* settle
      const first = woken[0]!
      const second = 1 - first
      return { ends, watchers, fibers, woken, first, second }
    })

  it.live("interrupting a fiber whose wait is being re-armed drops its interest", () =>
    Effect.gen(function*() {
      const before = Watcher.stats()
      const r = yield* race(({ fiber }) => Effect.asVoid(Fiber.interrupt(fiber)))
      assert.strictEqual(r.woken.length, 2)
      const exit = yield* Fiber.await(r.fibers[r.first]!)
      assert.isTrue(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause))
      // Nobody waits on the first fd any more, in JS or in the addon; the second reader goes on.
      assert.deepStrictEqual([native.fdActive(r.ends[r.first]!.read).length, native.fdActive(r.ends[r.second]!.read).length], [0, 1])
      poke(r.ends[r.second]!.write)
      yield* settle
      assert.deepStrictEqual(r.woken.slice(2), [r.second])
      yield* Fiber.interrupt(r.fibers[r.second]!)
      yield* Effect.forEach(r.watchers, Watcher.close)
      assert.deepStrictEqual(Watcher.stats().active, before.active)
    }))

  it.live("closing a watcher whose wait is being re-armed wakes its fiber with EBADF", () =>
    Effect.gen(function*() {
      const before = Watcher.stats()
      const r = yield* race(({ watcher }) => Watcher.close(watcher))
      const exit = yield* Fiber.await(r.fibers[r.first]!)
      assert.isTrue(Exit.isFailure(exit))
      const error = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : undefined
      assert.strictEqual(error?._tag === "Some" ? (error.value as SocketError).code : undefined, "EBADF")
      assert.deepStrictEqual([native.fdActive(r.ends[r.first]!.read).length, native.fdActive(r.ends[r.second]!.read).length], [0, 1])
      yield* Fiber.interrupt(r.fibers[r.second]!)
      yield* Effect.forEach(r.watchers, Watcher.close)
      assert.deepStrictEqual(Watcher.stats().active, before.active)
    }))

  it.live("cancelWait on a wait being re-armed wakes it with EBADF and leaves the watcher usable", () =>
    Effect.gen(function*() {
      const r = yield* race(({ watcher }) => cancelWait(watcher))
      const exit = yield* Fiber.await(r.fibers[r.first]!)
      const error = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : undefined
      assert.strictEqual(error?._tag === "Some" ? (error.value as SocketError).code : undefined, "EBADF")
      assert.strictEqual(native.fdActive(r.ends[r.first]!.read).length, 0)
      // The watcher itself is still open: a new wait on it works.
      poke(r.ends[r.first]!.write)
      yield* wait(r.watchers[r.first]!, { timeout: 5 })
      yield* Fiber.interrupt(r.fibers[r.second]!)
      yield* Effect.forEach(r.watchers, Watcher.close)
    }))
})
