// A user's CommonJS program: require() of the ESM-only packages (Node >= 22.12 loads them).
const { Effect } = require("effect")
const socket = require("@greenfiber/socket")
const core = require("@greenfiber/core")

const program = Effect.gen(function*() {
  const [a, b] = yield* socket.socketpair()
  yield* a.sendall(new TextEncoder().encode("hello from cjs"))
  const got = new TextDecoder().decode(yield* b.recv(1024))
  // A wait on an fd nobody writes to times out with the typed error.
  const waited = yield* core.waitRead(b.fileno(), { timeout: 0.05 }).pipe(Effect.flip)
  return `${got} ${waited._tag}`
})

Effect.runPromise(Effect.scoped(program)).then((line) => console.log("cjs:", line))
