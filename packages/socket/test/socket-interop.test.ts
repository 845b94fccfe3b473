import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer, Scheduler, Schema, Scope } from "effect"
import { Rpc, RpcClient, RpcGroup, RpcSerialization, RpcServer } from "effect/rpc"
import * as EffectSocket from "effect/socket/Socket"
import * as SocketServer from "effect/socket/SocketServer"
import { PassThrough } from "node:stream"
import { pipeline } from "node:stream/promises"
import * as S from "@greenfiber/socket"
import { bytes, listener, tcpPair, text } from "./helpers.ts"

class Greet extends Rpc.make("Greet", {
  payload: { name: Schema.String },
  success: Schema.String
}) {}

class Sum extends Rpc.make("Sum", {
  payload: { values: Schema.Array(Schema.Number) },
  success: Schema.Number,
  error: Schema.String
}) {}

const Api = RpcGroup.make(Greet, Sum)

const ApiHandlers = Api.toLayer({
  Greet: ({ name }) => Effect.succeed(`hello, ${name}`),
  Sum: ({ values }) => values.length === 0 ? Effect.fail("empty") : Effect.succeed(values.reduce((a, b) => a + b, 0))
})

describe("toEffectSocket", () => {
  it.live("an interrupted write still goes out whole; a CloseEvent ends readers; one reader's scope ends only its own pull", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      yield* conn.settimeout(10)
      const es = S.toEffectSocket(client)
      const writer = yield* es.writer
      // 4 MiB against a peer that is not reading: interrupted after 50 ms, far from done.
      const big = new Uint8Array(4 * 1024 * 1024).fill(0x41)
      const cut = yield* Effect.exit(Effect.timeout(writer.write(big), 50))
      expect(cut._tag).toBe("Failure")
      // Like a Node socket's, the next write queues behind it: read while it waits.
      const next = yield* Effect.forkChild(writer.write("NEXT"))
      let got = 0
      let tail = ""
      while (got < big.length + 4) {
        const chunk = yield* conn.recv(65536)
        expect(chunk.length).toBeGreaterThan(0)
        got += chunk.length
        tail = (tail + text(chunk.subarray(Math.max(0, chunk.length - 8)))).slice(-8)
      }
      expect([got, tail]).toEqual([big.length + 4, "AAAANEXT"])
      yield* Fiber.join(next)

      // Released with a write still going out, the writer half-closes after it, not in its middle.
      const [client2, conn2] = yield* tcpPair()
      yield* conn2.settimeout(10)
      yield* Effect.scoped(Effect.gen(function*() {
        const w2 = yield* S.toEffectSocket(client2).writer
        yield* Effect.exit(Effect.timeout(w2.write(big), 50))
      }))
      let got2 = 0
      while (true) {
        const chunk = yield* conn2.recv(65536)
        if (chunk.length === 0) break
        got2 += chunk.length
      }
      expect(got2).toBe(big.length)

      // Two readers: closing the first one's scope leaves the second one's pending pull alone.
      const second = yield* Effect.forkChild(Effect.scoped(Effect.flatMap(es.reader, (r) => r.pull)))
      yield* Effect.scoped(Effect.flatMap(es.reader, () => Effect.void))
      yield* Effect.sleep(20)
      yield* conn.sendall(bytes("still here"))
      expect(text((yield* Fiber.join(second))[0] as Uint8Array)).toBe("still here")

      // A CloseEvent shuts both directions down: a pull then ends at once with close code 1000.
      const reader = yield* es.reader
      const pending = yield* Effect.forkChild(Effect.flip(reader.pull))
      yield* Effect.sleep(20)
      yield* writer.write(new EffectSocket.CloseEvent(1000))
      const ended = yield* Fiber.join(pending)
      expect(ended.reason._tag === "SocketCloseError" && ended.reason.code).toBe(1000)
      expect((yield* conn.recv(10)).length).toBe(0)
    }).pipe(Effect.scoped))

  it.live("reader/writer: EOF is close 1000, writer release half-closes", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const es = S.toEffectSocket(client)
      yield* Effect.scoped(Effect.gen(function*() {
        const writer = yield* es.writer
        yield* writer.writeAll([bytes("a"), "b", bytes("c")])
      }))
      // writer released: the peer sees the data, then EOF
      expect(text(yield* conn.recv(10))).toBe("abc")
      expect((yield* conn.recv(10)).length).toBe(0)
      yield* conn.sendall(bytes("reply"))
      yield* conn.shutdown(S.SHUT_WR)
      const result = yield* Effect.scoped(Effect.gen(function*() {
        const { pull } = yield* es.reader
        const first = yield* pull
        const end = yield* Effect.flip(pull)
        return [text(first[0] as Uint8Array), end.reason._tag, end.reason._tag === "SocketCloseError" && end.reason.code] as const
      }))
      expect(result).toEqual(["reply", "SocketCloseError", 1000])
    }).pipe(Effect.scoped))

  it.live("closing the reader scope fails a suspended pull", () =>
    Effect.gen(function*() {
      const [client] = yield* tcpPair()
      const es = S.toEffectSocket(client)
      const outcome = yield* Effect.gen(function*() {
        const { pull } = yield* es.reader
        const fiber = yield* Effect.forkDetach(Effect.flip(pull))
        return fiber
      }).pipe(Effect.scoped, Effect.flatMap(Fiber.join))
      expect(outcome.reason._tag).toBe("SocketCloseError")
      expect(outcome.reason._tag === "SocketCloseError" && outcome.reason.code).toBe(1006)
      // the greenfiber socket itself is still open and usable
      expect(client.fileno()).toBeGreaterThanOrEqual(0)
    }).pipe(Effect.scoped))

  it.live("a pull interrupted at any point: closing that reader's scope later leaves another fiber's read alone", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const es = S.toEffectSocket(a)
      // A small operation budget makes the runtime yield every few steps; the budget and the k steps
      // before the pull move the point where the interruption lands through every step of the pull.
      for (let budget = 2; budget <= 7; budget++) {
        for (let k = 0; k < 8; k++) {
          const scope = Scope.makeUnsafe()
          const reader = yield* Effect.provideService(es.reader, Scope.Scope, scope)
          const pulling = yield* Effect.forkChild(Effect.gen(function*() {
            for (let i = 0; i < k; i++) yield* Effect.sync(() => i)
            yield* reader.pull
          }).pipe(Effect.provideService(Scheduler.MaxOpsBeforeYield, budget)), { startImmediately: true })
          yield* Fiber.interrupt(pulling)
          // Another fiber reads the socket itself; then the idle reader's scope closes.
          const other = yield* Effect.forkChild(a.recv(10), { startImmediately: true })
          yield* Scope.close(scope, Exit.void)
          yield* b.send(bytes("x"))
          const got = yield* Effect.exit(Fiber.join(other))
          expect({ budget, k, got: Exit.isSuccess(got) ? text(got.value) : String(got.cause) }).toEqual({ budget, k, got: "x" })
        }
      }
    }).pipe(Effect.scoped))

  it.live("a CloseEvent ends the connection at once, even behind a write stuck on a peer that never reads", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      yield* a.setblocking(false)
      while (Exit.isSuccess(yield* Effect.exit(a.send(new Uint8Array(65536))))) {
        // fill the send buffer until EAGAIN
      }
      yield* a.setblocking(true)
      const writer = yield* S.toEffectSocket(a).writer
      // The caller gives up; the write goes on in its own fiber, waiting for room that never comes.
      expect((yield* Effect.timeoutOption(writer.write(new Uint8Array(10)), 50))._tag).toBe("None")
      const closed = yield* Effect.timeoutOption(writer.write(new EffectSocket.CloseEvent(1000)), 2000)
      expect(closed._tag).toBe("Some")
      // Shut down both ways: the peer reads what was in flight, then EOF.
      yield* b.settimeout(2)
      let n = 0
      while (true) {
        const part = yield* b.recv(1 << 20)
        if (part.length === 0) break
        n += part.length
      }
      expect(n).toBeGreaterThan(0)
    }).pipe(Effect.scoped))

  it.live("an Effect RPC round trip over greenfiber sockets", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const ServerLive = RpcServer.layer(Api).pipe(
        Layer.provide(ApiHandlers),
        Layer.provide(RpcServer.layerProtocolSocketServer),
        Layer.provide(Layer.effect(SocketServer.SocketServer)(S.toSocketServer(server))),
        Layer.provide(RpcSerialization.layerNdjson)
      )
      yield* Layer.build(ServerLive)
      const sock = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
      const ClientProtocol = RpcClient.layerProtocolSocket().pipe(
        Layer.provide(Layer.succeed(EffectSocket.Socket)(S.toEffectSocket(sock))),
        Layer.provide(RpcSerialization.layerNdjson)
      )
      const results = yield* Effect.gen(function*() {
        const client = yield* RpcClient.make(Api)
        const greeting = yield* client.Greet({ name: "greenfiber" })
        const sums = yield* Effect.forEach([[1, 2, 3], [10, 20], [5]], (values) => client.Sum({ values }), {
          concurrency: "unbounded"
        })
        const failure = yield* Effect.flip(client.Sum({ values: [] }))
        return { greeting, sums, failure }
      }).pipe(Effect.provide(ClientProtocol))
      expect(results.greeting).toBe("hello, greenfiber")
      expect(results.sums).toEqual([6, 30, 5])
      expect(results.failure).toBe("empty")
    }).pipe(Effect.scoped))
})

describe("toDuplex", () => {
  it.live("pipes data both ways", () =>
    Effect.gen(function*() {
      const [client, conn] = yield* tcpPair()
      const duplex = S.toDuplex(client)
      const payload = Buffer.alloc(3 * 1024 * 1024)
      for (let i = 0; i < payload.length; i++) payload[i] = (i * 7) & 255
      // peer: echo everything back until EOF, then half-close
      const echo = yield* Effect.forkChild(Effect.gen(function*() {
        let total = 0
        while (true) {
          const data = yield* conn.recv(65536)
          if (data.length === 0) break
          total += data.length
          yield* conn.sendall(data)
        }
        yield* conn.shutdown(S.SHUT_WR)
        return total
      }))
      const sink = new PassThrough()
      const chunks: Array<Buffer> = []
      sink.on("data", (c: Buffer) => chunks.push(c))
      yield* Effect.promise(async () => {
        const readAll = pipeline(duplex, sink)
        duplex.end(payload)
        await readAll
      })
      expect(yield* Fiber.join(echo)).toBe(payload.length)
      const received = Buffer.concat(chunks)
      expect(received.length).toBe(payload.length)
      expect(received.equals(payload)).toBe(true)
      expect(client.fileno()).toBe(-1) // pipeline destroyed the duplex, which closed the socket
    }).pipe(Effect.scoped))
})
