/**
 * fd reuse at the socket level: a greenfiber socket closed while fibers wait on it (recv, accept,
 * sendall), with data arriving in the same tick, then new sockets opened at once until they get the old
 * fd numbers. The new owners see no stray wake-up and no error: a recv / accept with a short timeout
 * times out cleanly, then real data and connections arrive correctly.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { readdirSync } from "node:fs"
import * as Scope from "effect/Scope"
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { errorCode, STRESS, tcpListener } from "./helpers/reliability.ts"

const ROUNDS = STRESS ? 300 : 25
const CHURN = STRESS ? 5000 : 500
const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

/**
 * Opens sockets with `open` until one has fd `want` (the others are closed); undefined after `tries`.
 * close() released the old fd synchronously, so no loop turn is needed for the number to come back.
 */
const reopen = <E>(want: number, open: Effect.Effect<S.Socket, E, Scope.Scope>, tries = 64): Effect.Effect<S.Socket | undefined, E, Scope.Scope> =>
  Effect.gen(function*() {
    const others: Array<S.Socket> = []
    try {
      for (let i = 0; i < tries; i++) {
        const s = yield* open
        if (s.fileno() === want) return s
        others.push(s)
      }
      return undefined
    } finally {
      for (const s of others) s._closeUnsafe()
    }
  })

describe("fd reuse at the socket level", () => {
  it.live(`${ROUNDS} rounds: close under waiting recv/accept/sendall, reuse the numbers, no stray wake-ups`, () =>
    Effect.gen(function*() {
      let reusedRecv = 0
      let reusedAccept = 0
      for (let round = 0; round < ROUNDS; round++) {
        yield* Effect.scoped(Effect.gen(function*() {
          const { server: listener, address } = yield* tcpListener()
          const client = yield* S.socket()
          yield* client.connect(address)
          const [conn] = yield* listener.accept()
          const listenerFd = listener.fileno()
          const clientFd = client.fileno()
          // The writer has its own connection, whose peer never reads.
          const [wa] = yield* S.socketpair()
          const writerFd = wa.fileno()

          // Waiters: a reader on client, an acceptor on listener, a writer stuck on conn (peer not reading).
          const reader = yield* Effect.forkChild(Effect.match(client.recv(100), { onFailure: (e): unknown => e, onSuccess: (d): unknown => d }))
          const acceptor = yield* Effect.forkChild(Effect.flip(Effect.scoped(listener.accept())))
          const writer = yield* Effect.forkChild(Effect.flip(wa.sendall(new Uint8Array(4 * 1024 * 1024))))
          yield* Effect.sleep(round % 3 === 0 ? 0 : 3)
          // Data and a connection arrive in the same tick as the closes.
          const late = yield* S.socket()
          yield* late.setblocking(false)
          yield* late.connectEx(address)
          yield* conn.sendall(enc("in the same tick"))
          yield* client.close()
          yield* listener.close()
          yield* wa.close()
          // The reader fails with EBADF (or, if the scheduler let it run first, got exactly that data).
          const read = yield* Fiber.join(reader)
          if (read instanceof Uint8Array) assert.strictEqual(dec(read), "in the same tick")
          const errors = [...(read instanceof Uint8Array ? [] : [read]), yield* Fiber.join(acceptor), yield* Fiber.join(writer)]
          assert.deepStrictEqual(errors.map(errorCode), errors.map(() => "EBADF"), `round ${round}`)
          for (const e of errors) assert.strictEqual((e as S.SocketError).message, "File descriptor was closed in another fiber")
          assert.deepStrictEqual([client.fileno(), listener.fileno(), wa.fileno()], [-1, -1, -1])

          // New sockets on the old numbers (all taken before anything else may open an fd).
          const udp = yield* reopen(clientFd, S.socket(S.AF_INET, S.SOCK_DGRAM))
          const listener2 = yield* reopen(listenerFd, S.socket(S.AF_INET, S.SOCK_STREAM))
          const pair = yield* reopen(writerFd, Effect.map(S.socketpair(), ([a]) => a), 16)
          // A UDP socket on the reader's old number: a short recv times out, then real data arrives whole.
          if (udp !== undefined) {
            reusedRecv++
            yield* udp.bind(["127.0.0.1", 0])
            const self = yield* udp.getsockname()
            yield* udp.settimeout(0.02)
            const timedOut = yield* Effect.flip(udp.recv(100))
            assert.strictEqual(timedOut._tag, "SocketTimeout", `round ${round}: ${errorCode(timedOut)}`)
            yield* udp.settimeout(5)
            const waiting = yield* Effect.forkChild(udp.recvfrom(100))
            yield* Effect.sleep(1)
            const sender = yield* S.socket(S.AF_INET, S.SOCK_DGRAM)
            yield* sender.sendto(enc(`round ${round}`), self)
            const [data] = yield* Fiber.join(waiting)
            assert.strictEqual(dec(data), `round ${round}`)
          }
          // A listener on the acceptor's old number: an accept times out cleanly, then a real one works.
          if (listener2 !== undefined) {
            reusedAccept++
            yield* listener2.bind(["127.0.0.1", 0])
            yield* listener2.listen(8)
            const addr2 = (yield* listener2.getsockname()) as readonly [string, number]
            yield* listener2.settimeout(0.02)
            assert.strictEqual((yield* Effect.flip(Effect.scoped(listener2.accept())))._tag, "SocketTimeout")
            yield* listener2.settimeout(5)
            const accepting = yield* Effect.forkChild(Effect.scoped(Effect.gen(function*() {
              const [c] = yield* listener2.accept()
              return dec(yield* c.recv(100))
            })))
            const c2 = yield* S.createConnection(["127.0.0.1", addr2[1]], { timeout: 5 })
            yield* c2.sendall(enc("hello new owner"))
            assert.strictEqual(yield* Fiber.join(accepting), "hello new owner")
          }
          // The writer's old number, too: a socketpair end there reads only its own data.
          if (pair !== undefined) {
            yield* pair.settimeout(0.02)
            assert.strictEqual((yield* Effect.flip(pair.recv(10)))._tag, "SocketTimeout")
          }
        }))
      }
      // The rounds above must really have exercised reuse.
      assert.isAbove(reusedRecv, ROUNDS / 2)
      assert.isAbove(reusedAccept, ROUNDS / 2)
      for (let i = 0; i < 100 && Watcher.stats().handles + Watcher.stats().watchers > 0; i++) yield* Effect.sleep(5)
      assert.deepStrictEqual(Watcher.stats(), { handles: 0, watchers: 0, active: 0 })
      console.log(`socket fd reuse: ${ROUNDS} rounds, reader fd reused ${reusedRecv}×, listener fd reused ${reusedAccept}×`)
    }))
})

describe("fd reuse under churn", () => {
  it.live(`${CHURN} sockets closed under a waiting reader: the next socket takes the number at once and sees only its own data`, () =>
    Effect.gen(function*() {
      const fdCount = () => readdirSync("/proc/self/fd").length
      for (let i = 0; i < 100 && Watcher.stats().handles > 0; i++) yield* Effect.sleep(5)
      const fdsBefore = fdCount()
      let taken = 0
      yield* Effect.scoped(Effect.gen(function*() {
        const scope = yield* Effect.scope
        let [a, b] = yield* S.socketpair()
        for (let round = 0; round < CHURN; round++) {
          const old = a.fileno()
          const reader = yield* Effect.forkChild(Effect.flip(a.recv(16)))
          while (Watcher.stats().active === 0) yield* Effect.yieldNow
          // In one synchronous step: close under the waiting reader, open the next pair, which gets
          // the old number while the old poll handle's close is still pending, and arm a wait on it.
          const next = yield* Effect.sync(() => {
            a._closeUnsafe()
            b._closeUnsafe()
            return Effect.runSync(Scope.provide(S.socketpair(), scope))
          })
          assert.strictEqual(errorCode(yield* Fiber.join(reader)), "EBADF")
          ;[a, b] = next
          if (a.fileno() !== old) [a, b] = [b, a]
          if (a.fileno() === old) taken++
          // Nothing was sent to the new owner: a short wait times out (no stray wake-up from the old poll)...
          yield* a.settimeout(round % 50 === 0 ? 0.01 : 0)
          const quiet = yield* Effect.flip(a.recv(16))
          assert.include(["SocketTimeout", "SocketError"], quiet._tag, `round ${round}`)
          if (quiet._tag === "SocketError") assert.strictEqual(errorCode(quiet), "EAGAIN", `round ${round}`)
          // ...then its own data arrives whole, through a wait on the new poll.
          yield* a.settimeout(5)
          const waiting = yield* Effect.forkChild(a.recv(16))
          yield* Effect.yieldNow
          yield* b.sendall(enc(`r${round}`))
          assert.strictEqual(dec(yield* Fiber.join(waiting)), `r${round}`)
        }
      }))
      assert.strictEqual(taken, CHURN)
      assert.strictEqual(fdCount(), fdsBefore)
      for (let i = 0; i < 100 && Watcher.stats().handles > 0; i++) yield* Effect.sleep(5)
      assert.deepStrictEqual(Watcher.stats(), { handles: 0, watchers: 0, active: 0 })
    }))
})
