/**
 * Bench echo server on greenfiber: `serve` runs one fiber per connection, and each fiber is the
 * plain gevent-style loop (recv, stop at EOF, sendall), with no batching or tricks beyond what a
 * user would write.
 */
import { Effect } from "effect"
import { createServer, IPPROTO_TCP, serve, type Socket, TCP_NODELAY } from "@greenfiber/socket"
import { announce } from "./control.ts"

const echo = (conn: Socket) =>
  Effect.gen(function*() {
    // The same socket option as the node:net server's `noDelay: true`.
    yield* conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)
    while (true) {
      const data = yield* conn.recv(65536)
      if (data.length === 0) return
      yield* conn.sendall(data)
    }
    // The load client resets connections (SO_LINGER 0): ECONNRESET is expected and needs no log line.
  }).pipe(Effect.ignore)

const program = Effect.gen(function*() {
  const listener = yield* createServer(["127.0.0.1", 0], { backlog: 4096 })
  const address = yield* listener.getsockname()
  if (typeof address === "string") return yield* Effect.die(new Error("expected an IPv4 address"))
  announce(address[1])
  return yield* serve(listener, echo)
})

Effect.runFork(Effect.scoped(program))
