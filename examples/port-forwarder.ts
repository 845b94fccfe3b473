/**
 * Port forwarder, after gevent's examples/portforwarder.py: every connection to the forwarder gets a
 * connection of its own to the target, and two fibers copy bytes, one each way.
 *
 * Unlike gevent's version, which closes both sockets as soon as either side stops sending, the end of
 * one direction is passed on as a half-close (`shutdown(SHUT_WR)`), so a client may finish sending and
 * still read the whole reply, the way TCP allows.
 *
 * Self-contained: a backend on 127.0.0.1 reads each request to its end and answers with its length and
 * SHA-256; clients talk to it only through the forwarder and check the answer.
 *
 *   npm run example -- port-forwarder
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Fiber } from "effect"
import { createHash } from "node:crypto"
import { type Address, createConnection, createServer, serve, SHUT_WR, type Socket } from "@greenfiber/socket"

const CLIENTS = 4
const REQUEST_BYTES = 256 * 1024
const encode = (s: string) => new TextEncoder().encode(s)
const decode = (b: Uint8Array) => new TextDecoder().decode(b)
const sha256 = (chunks: ReadonlyArray<Uint8Array>) => {
  const h = createHash("sha256")
  for (const c of chunks) h.update(c)
  return h.digest("hex")
}

/** Reads until the peer has finished sending (EOF). */
const readAll = (sock: Socket) =>
  Effect.gen(function*() {
    const chunks: Array<Uint8Array> = []
    while (true) {
      const data = yield* sock.recv(65536)
      if (data.length === 0) return chunks
      chunks.push(data)
    }
  })

/** Copies `from` into `to` until `from` ends, then half-closes `to`. Returns the bytes copied. */
const forward = (from: Socket, to: Socket) =>
  Effect.gen(function*() {
    let bytes = 0
    while (true) {
      const data = yield* from.recv(65536)
      if (data.length === 0) break
      yield* to.sendall(data)
      bytes += data.length
    }
    // Tell the other side "no more data" while still letting the opposite direction run.
    yield* to.shutdown(SHUT_WR).pipe(Effect.ignore)
    return bytes
  })

/** The forwarder's handler: dial the target, then pump both ways at once until both have ended. */
const forwarder = (target: readonly [string, number]) => (source: Socket, address: Address) =>
  Effect.gen(function*() {
    const dest = yield* createConnection(target, { timeout: 5 })
    const [up, down] = yield* Effect.all([forward(source, dest), forward(dest, source)], { concurrency: 2 })
    const peer = typeof address === "string" ? address : `${address[0]}:${address[1]}`
    yield* Console.log(`forwarder: ${peer} <-> ${target[0]}:${target[1]} done, ${up} bytes up, ${down} bytes down`)
  }).pipe(
    // A failed dial or a reset ends this connection only (its sockets close with its scope).
    Effect.catch((e) => Console.log(`forwarder: connection failed: ${e.message}`))
  )

/** The backend: reads a whole request, answers with its size and digest. */
const backend = (conn: Socket) =>
  Effect.gen(function*() {
    const chunks = yield* readAll(conn)
    const size = chunks.reduce((n, c) => n + c.length, 0)
    yield* conn.sendall(encode(`${size} ${sha256(chunks)}\n`))
  })

const client = (id: number, port: number) =>
  Effect.gen(function*() {
    const sock = yield* createConnection(["127.0.0.1", port], { timeout: 5 })
    const payload = new Uint8Array(REQUEST_BYTES).map((_, i) => (i * 31 + id) & 0xff)
    yield* sock.sendall(payload)
    yield* sock.shutdown(SHUT_WR)
    const reply = decode(Buffer.concat(yield* readAll(sock))).trim()
    const expected = `${REQUEST_BYTES} ${sha256([payload])}`
    if (reply !== expected) return yield* Effect.fail(new Error(`client ${id}: expected "${expected}", got "${reply}"`))
    yield* Console.log(`client ${id}: sent ${REQUEST_BYTES} bytes through the forwarder, reply verified`)
  }).pipe(Effect.scoped)

const listen = Effect.gen(function*() {
  const listener = yield* createServer(["127.0.0.1", 0])
  const [, port] = (yield* listener.getsockname()) as readonly [string, number]
  return [listener, port] as const
})

const main = Effect.gen(function*() {
  const [backendListener, backendPort] = yield* listen
  const [forwardListener, forwardPort] = yield* listen
  yield* Console.log(`backend on 127.0.0.1:${backendPort}, forwarder on 127.0.0.1:${forwardPort} -> ${backendPort}`)
  const servers = [
    yield* Effect.forkChild(serve(backendListener, backend)),
    yield* Effect.forkChild(serve(forwardListener, forwarder(["127.0.0.1", backendPort])))
  ]
  yield* Effect.forEach(Array.from({ length: CLIENTS }, (_, i) => i + 1), (id) => client(id, forwardPort), { concurrency: "unbounded" })
  yield* Fiber.interruptAll(servers)
  yield* Console.log(`done: ${CLIENTS} clients forwarded`)
}).pipe(Effect.scoped)

NodeRuntime.runMain(main)
