/**
 * recv reads into one module-wide scratch buffer and copies each result out into memory of its own.
 * Many fibers receiving at once, each waiting between reads, must still each get exactly their own
 * bytes, and a result must not hold on to more memory than its size.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Native } from "@greenfiber/core/hub"
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
          // Odd streams read in small pieces, even ones in 64 KiB.
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

  it.live("a result owns exactly its bytes, also when a read of over 64 KiB comes back short", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const sent = pattern(3).subarray(0, 40000)
      yield* client.sendall(sent)
      // Up to 64 KiB: read into the scratch buffer, copied out into an ArrayBuffer of its own size, or
      // for a small result a slice of Node's buffer pool, as Buffer.allocUnsafe gives.
      const pooled = Buffer.poolSize >>> 1
      /** Reads `total` bytes with recv(bufsize), checking that each result owns exactly its bytes. */
      const readOwned = (bufsize: number, total: number) =>
        Effect.gen(function*() {
          let got = new Uint8Array(0)
          while (got.length < total) {
            const part = yield* conn.recv(bufsize)
            if (part.length >= pooled) assert.strictEqual(part.buffer.byteLength, part.length)
            else assert.strictEqual(part.buffer.byteLength, Buffer.poolSize)
            got = Buffer.concat([got, part])
          }
          return got
        })
      assert.isTrue(Buffer.from(yield* readOwned(65536, 40000)).equals(Buffer.from(sent)))
      // A later read does not show through an earlier result.
      yield* client.sendall(new Uint8Array(3000).fill(7))
      const a = yield* conn.recv(3000)
      yield* client.sendall(new Uint8Array(3000).fill(9))
      const b = yield* conn.recv(3000)
      assert.isTrue(a.length > 0 && b.length > 0)
      assert.isTrue(a.every((x) => x === 7) && b.every((x) => x === 9))
      // Over 64 KiB: a short read is copied out of the buffer it was read into, whose unwritten tail
      // (uninitialised memory) must not be reachable through the result's `.buffer`.
      const long = pattern(4).subarray(0, 60000)
      yield* client.sendall(long)
      assert.isTrue(Buffer.from(yield* readOwned(100_000, 60000)).equals(Buffer.from(long)))
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

  it.live("MSG_TRUNC never hands out bytes the kernel did not write", () =>
    Effect.gen(function*() {
      // Another socket's data goes through the shared scratch buffer first.
      const [otherClient, otherConn] = yield* tcpPair()
      yield* otherClient.sendall(new Uint8Array(200).fill(0xab))
      let seen = 0
      while (seen < 200) seen += (yield* otherConn.recv(200)).length

      // TCP discards the bytes: the count comes back as zeros, never the 0xab left behind.
      const [client, conn] = yield* tcpPair()
      yield* client.sendall(new Uint8Array(50).fill(0x11))
      yield* conn.settimeout(5)
      const discarded = yield* conn.recv(100, S.MSG_TRUNC)
      assert.strictEqual(discarded.length, 50)
      assert.isTrue(discarded.every((b) => b === 0))
      yield* client.sendall(new Uint8Array(30).fill(0x22))
      const big = yield* conn.recv(100_000, S.MSG_TRUNC)
      assert.isTrue(big.length > 0 && big.length <= 30 && big.every((b) => b === 0))

      // A Unix stream socket ignores MSG_TRUNC: its bytes come back as they are.
      const [u1, u2] = yield* S.socketpair(S.AF_UNIX, S.SOCK_STREAM)
      yield* u1.sendall(new Uint8Array(40).fill(0x33))
      assert.deepStrictEqual(Array.from(yield* u2.recv(100, S.MSG_TRUNC)), new Array(40).fill(0x33))

      // A datagram longer than bufsize: its first bufsize bytes, not its real length.
      const [a, b] = yield* S.socketpair(S.AF_UNIX, S.SOCK_DGRAM)
      yield* a.send(new Uint8Array(100).fill(7))
      assert.deepStrictEqual(Array.from(yield* b.recv(10, S.MSG_TRUNC)), new Array(10).fill(7))
      yield* a.send(new Uint8Array(100_000).fill(5))
      const cut = yield* b.recv(10, S.MSG_TRUNC)
      assert.deepStrictEqual(Array.from(cut), new Array(10).fill(5))
      yield* a.send(new Uint8Array(100).fill(9))
      const [fromData] = yield* b.recvfrom(10, S.MSG_TRUNC)
      assert.deepStrictEqual(Array.from(fromData), new Array(10).fill(9))
      // recvInto reports the real length, as CPython's recv_into does, and writes only its buffer.
      yield* a.send(new Uint8Array(100).fill(3))
      const into = new Uint8Array(10)
      assert.strictEqual(yield* b.recvInto(into, 0, S.MSG_TRUNC), 100)
      assert.deepStrictEqual(Array.from(into), new Array(10).fill(3))
    }))

  it.live("a huge MSG_TRUNC read does not write its whole buffer (it once zero-filled 2 GiB per call)", () =>
    Effect.gen(function*() {
      // Found by the bad-input fuzz: recvfrom(2147483632, flags with MSG_TRUNC) on a socket with a
      // 10 ms timeout took 6 s, filling the buffer with zeros before each attempt. Zeroed pages that
      // are never written stay out of the resident set; filled ones do not.
      const [client, conn] = yield* tcpPair()
      yield* conn.settimeout(0.01)
      const HUGE = 2 ** 31 - 16
      const before = process.memoryUsage().rss
      const timedOut = yield* Effect.flip(conn.recvfrom(HUGE, S.MSG_TRUNC))
      assert.strictEqual(timedOut._tag, "SocketTimeout")
      yield* client.sendall(new Uint8Array(20).fill(0x44))
      yield* conn.settimeout(5)
      const [got] = yield* conn.recvfrom(HUGE, S.MSG_TRUNC)
      assert.isTrue(got.length > 0 && got.length <= 20 && got.every((b) => b === 0))
      yield* client.sendall(new Uint8Array(20).fill(0x55))
      const viaRecv = yield* conn.recv(HUGE, S.MSG_TRUNC)
      assert.isTrue(viaRecv.length > 0 && viaRecv.length <= 20 && viaRecv.every((b) => b === 0))
      assert.isBelow(process.memoryUsage().rss - before, 256 * 2 ** 20)
    }))
})
