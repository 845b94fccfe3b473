// A user's own TypeScript, run by Node's type stripping and checked by tsc (nodenext, strict).
import { Effect, Exit } from "effect"
import { SocketError, SocketTimeout } from "@greenfiber/core"
import * as socket from "@greenfiber/socket"

const refused = (port: number): Effect.Effect<string, never, never> =>
  Effect.scoped(socket.createConnection(["127.0.0.1", port], { timeout: 2 })).pipe(
    Effect.exit,
    Effect.map((exit) => Exit.isFailure(exit) ? "refused" : "connected")
  )

const program = Effect.gen(function*() {
  // Bind, learn the port, close: nothing listens there now.
  const port = yield* Effect.scoped(Effect.gen(function*() {
    const s: socket.Socket = yield* socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    yield* s.bind(["127.0.0.1", 0])
    const [, p] = (yield* s.getsockname()) as readonly [string, number]
    return p
  }))
  const timeout: SocketTimeout = new SocketTimeout()
  const error: SocketError = new SocketError({ errno: 9, code: "EBADF", message: "x" })
  return `${yield* refused(port)} ${timeout.message} ${error.code}`
})

console.log("ts:", await Effect.runPromise(program))
