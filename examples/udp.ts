/**
 * UDP server and client, after gevent's examples/udp_server.py and udp_client.py: the server answers
 * every datagram with "Received N bytes"; clients send a few messages each and read the answers.
 * A last client talks to a socket that never answers, to show a socket timeout at work.
 *
 *   npm run example -- udp
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Fiber } from "effect"
import { AF_INET, SOCK_DGRAM, socket, type Socket } from "@greenfiber/socket"

const CLIENTS = 3
const MESSAGES = 3
const encode = (s: string) => new TextEncoder().encode(s)
const decode = (b: Uint8Array) => new TextDecoder().decode(b)

/** A bound UDP socket on loopback with an OS-chosen port. */
const udpSocket = Effect.gen(function*() {
  const sock = yield* socket(AF_INET, SOCK_DGRAM)
  yield* sock.bind(["127.0.0.1", 0])
  const [, port] = (yield* sock.getsockname()) as readonly [string, number]
  return [sock, port] as const
})

/** gevent's DatagramServer handler, as one loop: a datagram in, an answer to its sender out. */
const server = (sock: Socket) =>
  Effect.gen(function*() {
    while (true) {
      const [data, address] = yield* sock.recvfrom(8192)
      if (address === null || typeof address === "string") continue
      yield* Console.log(`server: ${address[0]}:${address[1]} sent ${JSON.stringify(decode(data))}`)
      yield* sock.sendto(encode(`Received ${data.length} bytes`), address)
    }
  })

const client = (id: number, port: number) =>
  Effect.gen(function*() {
    const sock = yield* socket(AF_INET, SOCK_DGRAM)
    // A connected UDP socket: plain send/recv, and only the server's datagrams are delivered to it.
    yield* sock.connect(["127.0.0.1", port])
    // UDP may drop datagrams: never wait for an answer without a timeout (seconds, as in Python).
    yield* sock.settimeout(2)
    for (let i = 1; i <= MESSAGES; i++) {
      const message = `hello ${i} from client ${id}`
      yield* sock.send(encode(message))
      const reply = decode(yield* sock.recv(8192))
      if (reply !== `Received ${message.length} bytes`) return yield* Effect.fail(new Error(`client ${id}: unexpected reply ${reply}`))
    }
    yield* Console.log(`client ${id}: ${MESSAGES} answers received`)
  }).pipe(Effect.scoped)

/** Sends to a socket nobody reads: the wait for an answer ends with SocketTimeout after 0.2 s. */
const timeoutDemo = Effect.gen(function*() {
  const [, silentPort] = yield* udpSocket
  const sock = yield* socket(AF_INET, SOCK_DGRAM)
  yield* sock.connect(["127.0.0.1", silentPort])
  yield* sock.settimeout(0.2)
  yield* sock.send(encode("anyone there?"))
  const started = performance.now()
  const outcome = yield* Effect.result(sock.recv(8192))
  const ms = Math.round(performance.now() - started)
  if (outcome._tag === "Success" || outcome.failure._tag !== "SocketTimeout") {
    return yield* Effect.fail(new Error("expected a SocketTimeout from the silent peer"))
  }
  yield* Console.log(`timeout client: no answer, recv failed with SocketTimeout ("${outcome.failure.message}") after ${ms} ms`)
}).pipe(Effect.scoped)

const main = Effect.gen(function*() {
  const [serverSocket, port] = yield* udpSocket
  yield* Console.log(`server: listening on udp 127.0.0.1:${port}`)
  const serverFiber = yield* Effect.forkChild(server(serverSocket))
  yield* Effect.forEach(Array.from({ length: CLIENTS }, (_, i) => i + 1), (id) => client(id, port), { concurrency: "unbounded" })
  yield* timeoutDemo
  yield* Fiber.interrupt(serverFiber)
  yield* Console.log(`done: ${CLIENTS * MESSAGES} datagrams answered`)
}).pipe(Effect.scoped)

NodeRuntime.runMain(main)
