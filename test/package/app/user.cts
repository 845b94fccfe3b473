// A user's CommonJS TypeScript, run by Node's type stripping and checked by tsc (nodenext), which
// types require() of the ESM-only packages.
const { Effect } = require("effect") as typeof import("effect")
const socket = require("@greenfiber/socket") as typeof import("@greenfiber/socket")

type Program = import("effect").Effect.Effect<number, import("@greenfiber/socket").IoError>

const program: Program = Effect.scoped(Effect.gen(function*() {
  const [a, b] = yield* socket.socketpair()
  yield* a.sendall(new Uint8Array([1, 2, 3]))
  return (yield* b.recv(16)).length
}))

Effect.runPromise(program).then((n) => console.log("cts:", n))
