/**
 * Bench echo server on node:net: the baseline every other server is compared against. Each
 * connection is piped into itself, which is node's own backpressured echo (pause on a full write
 * buffer, resume on 'drain', end on end).
 *
 * With the argument `loaded`, the same server also imports @greenfiber/socket and never uses it: a
 * control for what the bigger heap of Effect, Schema and greenfiber costs by itself. V8 frees the
 * off-heap memory of read buffers only with full collections, and those take longer on a bigger heap.
 */
import * as net from "node:net"
import { announce } from "./control.ts"

const mode = process.argv[2]
if (mode !== undefined && mode !== "loaded") throw new Error(`unknown mode ${mode}: none or loaded`)
if (mode === "loaded") await import("@greenfiber/socket")

const server = net.createServer({ noDelay: true }, (sock) => {
  // The load client resets connections (SO_LINGER 0): ECONNRESET is expected, not a crash.
  sock.on("error", () => sock.destroy())
  sock.pipe(sock)
})
server.listen({ host: "127.0.0.1", port: 0, backlog: 4096 }, () => {
  announce((server.address() as net.AddressInfo).port, () => server.close())
})
