/**
 * recv reads into one module-wide scratch buffer and hands big reads over without a copy. Many fibers
 * receiving at once, each waiting between reads, must still each get exactly their own bytes.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Native } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { tcpPair } from "./helpers.ts"

const SIZE = 1024 * 1024
const pattern = (seed: number) => {
  const data = new Uint8Array(SIZE)
  for (let i = 0; i < SIZE; i++) data[i] = (i * 31 + seed * 17 + (i >> 10)) & 0xff
  return data
}

describe("recv's shared scratch buffer", () => {
  it.live("eight concurrent streams of big and small reads arrive intact", () =>
    Effect.gen(function*() {
      const streams = yield* Effect.forEach([0, 1, 2, 3, 4, 5, 6, 7], (seed) =>
        Effect.gen(function*() {
          const [client, conn] = yield* tcpPair()
          const sent = pattern(seed)
          // Odd streams read in small pieces (copied out), even ones in 64 KiB (handed over).
          const readSize = seed % 2 === 0 ? 65536 : 1000
          const receive = Effect.gen(function*() {
            const chunks: Array<Uint8Array> = []
            let total = 0
            for (;;) {
              const chunk = yield* conn.recv(readSize)
              if (chunk.length === 0) break
              chunks.push(chunk)
              total += chunk.length
            }
            const got = new Uint8Array(total)
            let off = 0
            for (const c of chunks) {
              got.set(c, off)
              off += c.length
            }
            return got
          })
          // Sent in pieces with pauses, so the receivers keep waiting while the others read.
          const send = Effect.gen(function*() {
            for (let off = 0; off < SIZE; off += 48 * 1024) {
              yield* client.sendall(sent.subarray(off, Math.min(SIZE, off + 48 * 1024)))
              yield* Effect.sleep("1 millis")
            }
            yield* client.shutdown(S.SHUT_WR)
          })
          const [, got] = yield* Effect.all([send, receive], { concurrency: 2 })
          return { sent, got }
        }), { concurrency: 8 })
      for (const { sent, got } of streams) {
        assert.strictEqual(got.length, SIZE)
        assert.isTrue(Buffer.from(got).equals(Buffer.from(sent)))
      }
    }))

  it.live("a read slab registered by another copy of the module is replaced before the next read", () =>
    Effect.gen(function*() {
      const { native, shared } = Native
      const [client, conn] = yield* tcpPair()
      yield* client.sendall(new TextEncoder().encode("first"))
      assert.strictEqual(new TextDecoder().decode(yield* conn.recv(100)), "first")
      // What a second copy of @greenfiber/socket in this process does: register a slab of its own.
      const foreign = new Uint8Array(65536 * 2).fill(7)
      assert.strictEqual(native.setReadSlab(foreign), 0)
      shared.registeredSlab = foreign
      yield* client.sendall(new TextEncoder().encode("second"))
      assert.strictEqual(new TextDecoder().decode(yield* conn.recv(100)), "second")
      // The foreign slab was not written to.
      assert.isTrue(foreign.every((b) => b === 7))
      assert.notStrictEqual(shared.registeredSlab, foreign)
    }))
})
