// Bundled by esbuild with @greenfiber/core (the package with the binary) kept external.
import { Effect } from "effect"
import * as socket from "@greenfiber/socket"
import { Codec } from "@greenfiber/resolver"

const program = Effect.scoped(Effect.gen(function*() {
  const [a, b] = yield* socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
  yield* a.send(new TextEncoder().encode("hello from a bundle"))
  return new TextDecoder().decode(yield* b.recv(64))
}))

console.log("bundle:", await Effect.runPromise(program), typeof Codec)
