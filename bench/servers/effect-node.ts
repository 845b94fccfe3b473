/**
 * Bench echo server on Effect's NodeSocketServer (@effect/platform-node): one handler fiber per
 * connection, echoing each batch the socket's reader pulls through the socket's writer, the way an
 * Effect application would write it.
 */
import { Effect } from "effect"
import type * as Socket from "effect/socket/Socket"
import * as NodeSocketServer from "@effect/platform-node/NodeSocketServer"
import { announce } from "./control.ts"

const echo = (socket: Socket.Socket) =>
  Effect.scoped(Effect.gen(function*() {
    const { pull } = yield* socket.reader
    const { writeAll } = yield* socket.writer
    // `pull` never completes: the peer closing (or resetting) fails it with a SocketError, ending the loop.
    while (true) {
      yield* writeAll(yield* pull)
    }
  })).pipe(Effect.ignore)

const program = Effect.gen(function*() {
  const server = yield* NodeSocketServer.make({ host: "127.0.0.1", port: 0, backlog: 4096, noDelay: true })
  if (server.address._tag !== "InetAddressV4") return yield* Effect.die(new Error("expected an IPv4 address"))
  announce(server.address.port)
  return yield* server.run(echo)
})

Effect.runFork(Effect.scoped(program))
