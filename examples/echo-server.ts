/**
 * Echo server, after gevent's examples/echoserver.py: `serve` runs one fiber per connection; each
 * greets the client, then echoes it line by line until it says "quit" or hangs up.
 *
 * To stay self-contained it also plays the clients: a few client fibers connect at once, send some
 * lines, check every echo, then say "quit". Then the server is stopped and a summary printed.
 *
 *   npm run example -- echo-server
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Fiber } from "effect"
import { type Address, createConnection, createServer, serve, type Socket } from "@greenfiber/socket"

const CLIENTS = 5
const LINES = 4
const encode = (s: string) => new TextEncoder().encode(s)
const decode = (b: Uint8Array) => new TextDecoder().decode(b)
const show = (address: Address) => (typeof address === "string" ? address : `${address[0]}:${address[1]}`)

let echoed = 0

/** The server side of one connection: the handler `serve` runs in its own fiber. */
const echo = (conn: Socket, address: Address) =>
  Effect.gen(function*() {
    yield* Console.log(`server: new connection from ${show(address)}`)
    yield* conn.sendall(encode("Welcome to the echo server! Type quit to exit.\r\n"))
    // A buffered reader, as gevent's `socket.makefile(mode='rb')`; readline suspends only this fiber.
    const rfile = yield* conn.makefile("rb")
    while (true) {
      const line = yield* rfile.readline()
      if (line.length === 0) return yield* Console.log(`server: ${show(address)} disconnected`)
      if (decode(line).trim().toLowerCase() === "quit") return yield* Console.log(`server: ${show(address)} quit`)
      yield* conn.sendall(line)
      echoed++
    }
  })

/** One scripted client: what a person typing into telnet would do. */
const client = (id: number, port: number) =>
  Effect.gen(function*() {
    // The timeout is in seconds, as in Python; a stuck server fails the client, not the whole run.
    const sock = yield* createConnection(["127.0.0.1", port], { timeout: 5 })
    const rfile = yield* sock.makefile("rb")
    const welcome = decode(yield* rfile.readline()).trim()
    if (!welcome.startsWith("Welcome")) return yield* Effect.fail(new Error(`client ${id}: unexpected greeting ${welcome}`))
    for (let i = 1; i <= LINES; i++) {
      const line = `client ${id} says hello #${i}\r\n`
      yield* sock.sendall(encode(line))
      const back = decode(yield* rfile.readline())
      if (back !== line) return yield* Effect.fail(new Error(`client ${id}: sent ${JSON.stringify(line)}, got ${JSON.stringify(back)}`))
    }
    yield* sock.sendall(encode("quit\r\n"))
    // After "quit" the server closes the connection: the next read is EOF (empty).
    const rest = yield* rfile.read()
    if (rest.length !== 0) return yield* Effect.fail(new Error(`client ${id}: data after quit`))
    yield* Console.log(`client ${id}: ${LINES} lines echoed, server closed after quit`)
  }).pipe(Effect.scoped)

const main = Effect.gen(function*() {
  // Port 0: the OS picks a free port, so the example never clashes with anything else on the machine.
  const listener = yield* createServer(["127.0.0.1", 0])
  const [host, port] = (yield* listener.getsockname()) as readonly [string, number]
  yield* Console.log(`server: listening on ${host}:${port}`)
  const server = yield* Effect.forkChild(serve(listener, echo))

  yield* Effect.forEach(Array.from({ length: CLIENTS }, (_, i) => i + 1), (id) => client(id, port), { concurrency: "unbounded" })

  // Stopping the server is interrupting its fiber: it stops accepting and closes every connection.
  yield* Fiber.interrupt(server)
  yield* Console.log(`done: ${CLIENTS} clients, ${echoed} lines echoed`)
}).pipe(Effect.scoped)

NodeRuntime.runMain(main)
