/**
 * Bench echo server on greenfiber: `serve` runs one fiber per connection, and each fiber is the
 * plain gevent-style loop, with no batching or tricks beyond what a user would write. Two variants,
 * chosen by the first argument:
 *
 * - `recv` (default): `data = recv(65536)`, stop at EOF, `sendall(data)`; the loop in `serve`'s docs.
 * - `recvInto`: `n = recvInto(buffer)` into a buffer of its own per connection (2 KiB, 64 KiB once a
 *   read fills it), `sendall` of its first `n` bytes (safe to reuse: `sendall` has finished with it
 *   before the next read).
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import { createServer, IPPROTO_TCP, serve, type Socket, TCP_NODELAY } from "@greenfiber/socket"
import { announce } from "./control.ts"

const mode = process.argv[2] ?? "recv"
if (mode !== "recv" && mode !== "recvInto") throw new Error(`unknown mode ${mode}: recv or recvInto`)

// Handlers are written with Effect.fnUntraced, as the README advises for per-connection code: a
// closure around Effect.gen costs every connection its own generator function (about 1 KiB).
// The load client resets connections (SO_LINGER 0): a failed socket call (ECONNRESET) ends the
// handler quietly; a defect still reaches serve's log. One shared function: no closures per connection.
const endOnSocketError = (cause: Cause.Cause<unknown>) => Cause.hasDies(cause) ? Effect.failCause(cause) : Effect.void
const echoRecv = Effect.fnUntraced(function*(conn: Socket) {
  // The same socket option as the node:net server's `noDelay: true`.
  yield* conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)
  while (true) {
    const data = yield* conn.recv(65536)
    if (data.length === 0) return
    yield* conn.sendall(data)
  }
}, (effect) => Effect.catchCause(effect, endOnSocketError))

const echoRecvInto = Effect.fnUntraced(function*(conn: Socket) {
  yield* conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)
  // An adaptive buffer, as Netty's receive allocator (whose default also starts at 2 KiB): small to
  // start, 64 KiB once a read fills it (a streaming peer). Node's Buffer.allocUnsafe hands out buffers
  // under 4 KiB from a shared 8 KiB pool, so a short connection allocates no ArrayBuffer of its own;
  // with 64 KiB from the start, V8's full collections of those buffers made the connect storm 3x
  // slower. allocUnsafe: not zero-filled, as node's own read buffers.
  let buffer = Buffer.allocUnsafe(2048)
  while (true) {
    const n = yield* conn.recvInto(buffer)
    if (n === 0) return
    yield* conn.sendall(buffer.subarray(0, n))
    if (n === buffer.length && n < 65536) buffer = Buffer.allocUnsafe(65536)
  }
}, (effect) => Effect.catchCause(effect, endOnSocketError))

const echo = mode === "recv" ? echoRecv : echoRecvInto

const program = Effect.gen(function*() {
  const listener = yield* createServer(["127.0.0.1", 0], { backlog: 4096 })
  const address = yield* listener.getsockname()
  if (typeof address === "string") return yield* Effect.die(new Error("expected an IPv4 address"))
  announce(address[1])
  return yield* serve(listener, echo)
})

Effect.runFork(Effect.scoped(program))
