import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { closeSync, openSync } from "node:fs"
import * as S from "@greenfiber/socket"
import { bytes, elapsedSince, tcpPair } from "./helpers.ts"

describe("select", () => {
  it.live("reports what is ready now, objects and fds alike, in list order", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const [c, d] = yield* S.socketpair()
      yield* a.sendall(bytes("x"))
      const [r, w, x] = yield* S.select([d, b.fileno(), b], [a], [b], 0)
      expect(r).toEqual([b.fileno(), b])
      expect(w).toEqual([a])
      expect(x).toEqual([])
      expect(yield* S.select([c, d], [], [], 0)).toEqual([[], [], []])
    }).pipe(Effect.scoped))

  it.live("waits cooperatively until an fd is ready", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const fiber = yield* Effect.forkChild(S.select([b], [], [], 5))
      yield* Effect.sleep(30)
      expect(fiber.pollUnsafe()).toBe(undefined)
      yield* a.sendall(bytes("go"))
      expect(yield* Fiber.join(fiber)).toEqual([[b], [], []])
    }).pipe(Effect.scoped))

  it.live("times out with three empty lists; null waits; negative is EINVAL", () =>
    Effect.gen(function*() {
      const [, b] = yield* S.socketpair()
      const t0 = performance.now()
      expect(yield* S.select([b], [], [], 0.05)).toEqual([[], [], []])
      expect(elapsedSince(t0)).toBeGreaterThanOrEqual(0.045)
      expect((yield* Effect.flip(S.select([b], [], [], -1))).message).toBe("timeout must be non-negative")
      const never = yield* S.select([b], [], []).pipe(Effect.timeoutOption(30))
      expect(never._tag).toBe("None")
    }).pipe(Effect.scoped))

  it.live("sees urgent TCP data in xlist, EOF as readable, and bad fds as errors", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      yield* client.send(bytes("!"), S.MSG_OOB)
      yield* Effect.sleep(20)
      const [, , x] = yield* S.select([], [], [conn], 1)
      expect(x).toEqual([conn])
      const [a, b] = yield* S.socketpair()
      yield* a.close()
      expect((yield* S.select([b], [], [], 1))[0]).toEqual([b])
      expect((yield* Effect.flip(S.select([a], [], [], 0))).message).toBe("file descriptor cannot be a negative integer (-1)")
      const fd = openSync("/dev/null", "r")
      closeSync(fd)
      expect((yield* Effect.flip(S.select([fd], [], [], 0))).code).toBe("EBADF")
      expect((yield* Effect.flip(S.select(["x" as any], [], [], 0))).code).toBe("EINVAL")
    }).pipe(Effect.scoped))

  it.live("a regular file is always ready", () =>
    Effect.gen(function*() {
      const fd = openSync("/etc/hostname", "r")
      expect(yield* S.select([fd], [fd], [], null)).toEqual([[fd], [fd], []])
      closeSync(fd)
    }))
})

describe("poll", () => {
  it.live("register, modify, unregister, poll with a millisecond timeout", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const p = S.poll()
      yield* p.register(b, S.POLLIN)
      expect(yield* p.poll(0)).toEqual([])
      const t0 = performance.now()
      expect(yield* p.poll(40)).toEqual([])
      expect(elapsedSince(t0)).toBeGreaterThanOrEqual(0.035)
      const fiber = yield* Effect.forkChild(p.poll())
      yield* Effect.sleep(20)
      yield* a.sendall(bytes("1"))
      expect(yield* Fiber.join(fiber)).toEqual([[b.fileno(), S.POLLIN]])
      yield* p.modify(b, S.POLLIN | S.POLLOUT)
      expect(yield* p.poll(0)).toEqual([[b.fileno(), S.POLLIN | S.POLLOUT]])
      yield* p.unregister(b)
      expect((yield* Effect.flip(p.unregister(b))).code).toBe("ENOENT")
      expect((yield* Effect.flip(p.modify(b, S.POLLIN))).code).toBe("ENOENT")
      yield* p.register(a, S.POLLOUT)
      expect(yield* p.poll(-1)).toEqual([[a.fileno(), S.POLLOUT]])
      yield* b.close()
      expect((yield* p.poll(1000))[0]![1] & S.POLLHUP).toBe(S.POLLHUP)
    }).pipe(Effect.scoped))
})
