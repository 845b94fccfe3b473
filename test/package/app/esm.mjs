// A user's ESM program: an echo server and a client fiber over the installed packages, the name
// "localhost" resolved by the resolver package's thread layer (the hosts file; no DNS query).
import { Effect } from "effect"
import { Resolver } from "@greenfiber/core"
import { layerThread } from "@greenfiber/resolver"
import * as socket from "@greenfiber/socket"

const echo = (conn) => Effect.gen(function*() {
  for (;;) {
    const data = yield* conn.recv(1024)
    if (data.length === 0) return
    yield* conn.sendall(data)
  }
})

const program = Effect.gen(function*() {
  const listener = yield* socket.createServer(["127.0.0.1", 0])
  yield* Effect.forkScoped(socket.serve(listener, echo))
  const [, port] = yield* listener.getsockname()
  const sock = yield* socket.createConnection(["localhost", port], { timeout: 5 })
  yield* sock.sendall(new TextEncoder().encode("hello from esm"))
  const reply = new TextDecoder().decode(yield* sock.recv(1024))
  const resolver = yield* Resolver
  return `${reply} (${typeof resolver.getaddrinfo})`
})

console.log("esm:", await Effect.runPromise(Effect.scoped(program).pipe(Effect.provide(layerThread))))
