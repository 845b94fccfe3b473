// A user's TLS round trip through the "@greenfiber/socket/ssl" subpath: a server with a certificate
// for "localhost" and a client that verifies it against the CA that signed it.
import { Effect } from "effect"
import * as socket from "@greenfiber/socket"
import * as ssl from "@greenfiber/socket/ssl"

const program = Effect.gen(function*() {
  const listener = yield* socket.createServer(["127.0.0.1", 0])
  const [, port] = yield* listener.getsockname()
  const serverCtx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
  yield* serverCtx.loadCertChain("server.pem", "server.key")
  const clientCtx = yield* ssl.createDefaultContext(ssl.Purpose.SERVER_AUTH, { cafile: "ca.pem" })
  const raw = yield* socket.createConnection(["127.0.0.1", port], { timeout: 10 })
  const [conn] = yield* listener.accept()
  const [client, server] = yield* Effect.all([
    clientCtx.wrapSocket(raw, { serverHostname: "localhost" }),
    serverCtx.wrapSocket(conn, { serverSide: true })
  ], { concurrency: 2 })
  yield* client.sendall(new TextEncoder().encode("hello over tls"))
  const got = new TextDecoder().decode(yield* server.recv(1024))
  return `${got} ${client.getpeercert()?.subjectAltName?.[0]?.join("=")}`
})

console.log("tls:", await Effect.runPromise(Effect.scoped(program)))
