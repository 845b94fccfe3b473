/**
 * fd reuse at the watcher level: an fd closed while fibers wait on it, then its number handed to a
 * new socket, must not deliver stale wake-ups or errors to the new owner.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber } from "effect"
import { constants as C, notifyClosing, waitRead, Watcher } from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"

const { native } = Native
const pair = () => native.socketpair(C.AF_UNIX!, C.SOCK_STREAM!, 0) as [number, number]

describe("fd reuse", () => {
  it.live("a new socket on a reused fd number sees no stray wake-ups", () =>
    Effect.gen(function*() {
      for (let round = 0; round < 20; round++) {
        const [a, b] = pair()
        const waiters = yield* Effect.forEach([1, 2, 3], () => Effect.forkChild(Effect.flip(waitRead(a))))
        yield* Effect.sleep("2 millis")
        // Data arrives in the same tick as the close: the old poll must not leak it to the new owner.
        native.send(b, new Uint8Array([1]), 0, 1, 0)
        yield* notifyClosing(a)
        assert.strictEqual(native.fdClose(a), 0)
        native.fdClose(b)
        const errors = yield* Effect.forEach(waiters, Fiber.join)
        assert.deepStrictEqual(errors.map((e) => (e as { code: string }).code), ["EBADF", "EBADF", "EBADF"])
        // The number is free at once, while the old poll handle's close callback is still pending
        // (no loop turn since fdClose): a new socket gets it back, and starts clean.
        const handlesClosing = Watcher.stats().handles
        assert.isAtLeast(handlesClosing, 1)
        const others: Array<number> = []
        let c = native.socket(C.AF_INET!, C.SOCK_DGRAM!, 0)
        while (c !== a && others.length < 16) {
          others.push(c)
          c = native.socket(C.AF_INET!, C.SOCK_DGRAM!, 0)
        }
        others.forEach((fd) => native.fdClose(fd))
        assert.strictEqual(c, a)
        // A poll on it now coexists with the old, closing one in libuv: the old one left epoll already.
        const early = native.ioOpen(c, Watcher.READ)
        assert.isAbove(early, 0)
        assert.strictEqual(Watcher.stats().handles, handlesClosing + 1)
        assert.strictEqual(native.ioClose(early), 0)
        assert.strictEqual(native.bind(c, C.AF_INET!, ["127.0.0.1", 0]), 0)
        const self = native.getsockname(c)
        const timedOut = yield* Effect.flip(waitRead(c, { timeout: 0.01 }))
        assert.strictEqual(timedOut._tag, "SocketTimeout")
        const waiter = yield* Effect.forkChild(waitRead(c, { timeout: 5 }))
        yield* Effect.sleep("2 millis")
        native.sendto(c, new Uint8Array([2]), 0, 1, 0, C.AF_INET!, self)
        assert.isTrue(Exit.isSuccess(yield* Fiber.await(waiter)))
        const buf = new Uint8Array(4)
        assert.strictEqual(native.recv(c, buf, 0, 4, 0), 1)
        assert.strictEqual(buf[0], 2)
        native.fdClose(c)
      }
      yield* Effect.sleep("5 millis")
      assert.deepStrictEqual(Watcher.stats(), { handles: 0, watchers: 0, active: 0 })
    }))
})
