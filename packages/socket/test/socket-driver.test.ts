/**
 * The one non-blocking driver (src/internal/io.ts): recvfrom, recvfrom_into, sendto and sendfile are
 * attempts it runs now and on every wake-up, so they share what recv and send do: EAGAIN at once when
 * non-blocking or with MSG_DONTWAIT, the socket timeout bounding the whole call, EBADF when the socket
 * closes under the wait, and the cooperative budget.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { closeSync, openSync, writeSync } from "node:fs"
import * as S from "@greenfiber/socket"
import { tmpPath } from "./helpers.ts"

/** A bound Unix datagram socket, and an unbound one to send to it with sendto. */
const unixDgram = Effect.gen(function*() {
  const path = tmpPath("dgram.sock")
  const receiver = yield* S.socket(S.AF_UNIX, S.SOCK_DGRAM)
  yield* receiver.bind(path)
  const sender = yield* S.socket(S.AF_UNIX, S.SOCK_DGRAM)
  return { path, receiver, sender } as const
})

/** Sends datagrams with MSG_DONTWAIT until the receiver's queue is full; returns how many went. */
const fillQueue = (sender: S.Socket, path: string, datagram: Uint8Array) =>
  Effect.gen(function*() {
    for (let sent = 0; sent < 1_000_000; sent++) {
      const r = yield* Effect.result(sender.sendto(datagram, S.MSG_DONTWAIT, path))
      if (r._tag === "Failure") {
        expect(r.failure._tag === "SocketError" && r.failure.code).toBe("EAGAIN")
        return sent
      }
      expect(r.success).toBe(datagram.length)
    }
    throw new Error("the queue never filled")
  })

describe("the non-blocking driver", () => {
  it.live("sendto to a full queue: EAGAIN at once non-blocking or with MSG_DONTWAIT; blocking, it waits for room", () =>
    Effect.gen(function*() {
      const { path, receiver, sender } = yield* unixDgram
      const datagram = Buffer.alloc(512, 7)
      const queued = yield* fillQueue(sender, path, datagram)
      expect(queued).toBeGreaterThan(0)

      yield* sender.setblocking(false)
      const nonBlocking = yield* Effect.flip(sender.sendto(Buffer.from("late"), path))
      expect(nonBlocking._tag === "SocketError" && nonBlocking.code).toBe("EAGAIN")
      yield* sender.setblocking(true)

      const waiting = yield* Effect.forkChild(sender.sendto(Buffer.from("last one"), path))
      // The waiting sendto goes out once one datagram is read: every queued one, then it, arrive in order.
      for (let i = 0; i < queued; i++) {
        const [data] = yield* receiver.recvfrom(1024)
        expect(Buffer.from(data).equals(datagram)).toBe(true)
      }
      expect(yield* Fiber.join(waiting)).toBe(8)
      const [last] = yield* receiver.recvfrom(1024)
      expect(Buffer.from(last).toString()).toBe("last one")
    }).pipe(Effect.scoped))

  it.live("sendto waiting on a full queue ends with SocketTimeout at the socket timeout, and with EBADF when closed", () =>
    Effect.gen(function*() {
      const { path, sender } = yield* unixDgram
      yield* fillQueue(sender, path, Buffer.alloc(512, 1))
      yield* sender.settimeout(0.05)
      const timedOut = yield* Effect.flip(sender.sendto(Buffer.from("x"), path))
      expect(timedOut._tag).toBe("SocketTimeout")

      yield* sender.settimeout(null)
      const waiting = yield* Effect.forkChild(Effect.flip(sender.sendto(Buffer.from("x"), path)))
      yield* Effect.sleep("20 millis")
      yield* sender.close()
      const closed = yield* Fiber.join(waiting)
      expect(closed._tag === "SocketError" && closed.code).toBe("EBADF")
    }).pipe(Effect.scoped))

  it.live("recvfrom and recvfromInto wait for a datagram; with a timeout they end with SocketTimeout", () =>
    Effect.gen(function*() {
      const a = yield* S.socket(S.AF_INET, S.SOCK_DGRAM)
      const b = yield* S.socket(S.AF_INET, S.SOCK_DGRAM)
      yield* b.bind(["127.0.0.1", 0])
      const [, port] = (yield* b.getsockname()) as readonly [string, number]
      yield* a.bind(["127.0.0.1", 0])
      const [, aPort] = (yield* a.getsockname()) as readonly [string, number]

      const waitingFrom = yield* Effect.forkChild(b.recvfrom(100))
      yield* Effect.sleep("10 millis")
      yield* a.sendto(Buffer.from("hello"), ["127.0.0.1", port])
      const [data, from] = yield* Fiber.join(waitingFrom)
      expect(Buffer.from(data).toString()).toBe("hello")
      expect(from).toEqual(["127.0.0.1", aPort])

      const buffer = new Uint8Array(16)
      const waitingInto = yield* Effect.forkChild(b.recvfromInto(buffer, 4))
      yield* Effect.sleep("10 millis")
      yield* a.sendto(Buffer.from("abcdefgh"), ["127.0.0.1", port])
      const [n, from2] = yield* Fiber.join(waitingInto)
      expect(n).toBe(4)
      expect(Buffer.from(buffer.subarray(0, 4)).toString()).toBe("abcd")
      expect(from2).toEqual(["127.0.0.1", aPort])

      yield* b.settimeout(0.03)
      expect((yield* Effect.flip(b.recvfrom(100)))._tag).toBe("SocketTimeout")
      expect((yield* Effect.flip(b.recvfromInto(buffer)))._tag).toBe("SocketTimeout")
      yield* b.setblocking(false)
      const nonBlocking = yield* Effect.flip(b.recvfromInto(buffer))
      expect(nonBlocking._tag === "SocketError" && nonBlocking.code).toBe("EAGAIN")
    }).pipe(Effect.scoped))

  it.live("recvfrom of datagrams that are all there yields to the other fibers within its budget", () =>
    Effect.gen(function*() {
      const sock = yield* S.socket(S.AF_INET, S.SOCK_DGRAM)
      yield* sock.bind(["127.0.0.1", 0])
      const addr = yield* sock.getsockname()
      // Enough for several budgets: the other fiber needs two turns (its yieldNow, then its update).
      const count = 100
      for (let i = 0; i < count; i++) yield* sock.sendto(Buffer.from([i]), addr)
      let otherRan = false
      yield* Effect.forkChild(Effect.andThen(Effect.yieldNow, Effect.sync(() => {
        otherRan = true
      })))
      expect(otherRan).toBe(false)
      const got: Array<number> = []
      for (let i = 0; i < count; i++) got.push((yield* sock.recvfrom(10))[0][0]!)
      expect(got).toEqual(Array.from({ length: count }, (_, i) => i))
      // No recvfrom had to wait, so only the budget's yield let the other fiber run.
      expect(otherRan).toBe(true)
    }).pipe(Effect.scoped))

  it.live("sendfile to a peer that never reads ends with SocketTimeout; closed under its wait, with EBADF", () =>
    Effect.gen(function*() {
      const path = tmpPath("big.bin")
      const fd = openSync(path, "w+")
      writeSync(fd, Buffer.alloc(8 * 1024 * 1024, 3))
      yield* Effect.addFinalizer(() => Effect.sync(() => closeSync(fd)))
      const [a] = yield* S.socketpair()
      yield* a.settimeout(0.05)
      const timedOut = yield* Effect.flip(a.sendfile(fd))
      expect(timedOut._tag).toBe("SocketTimeout")

      const [c] = yield* S.socketpair()
      const waiting = yield* Effect.forkChild(Effect.flip(c.sendfile(fd)))
      yield* Effect.sleep("20 millis")
      yield* c.close()
      const closed = yield* Fiber.join(waiting)
      expect(closed._tag === "SocketError" && closed.code).toBe("EBADF")
    }).pipe(Effect.scoped))
})
