/**
 * `SSLContext.wrapSocket`: CPython's checks, then a TLS socket on one of the two engines.
 *
 * The native engine (OpenSSL inside Node driven from the addon on the socket's fd,
 * `native-engine.ts`) is the default wherever the addon can reach that OpenSSL; the node:tls engine
 * (a `tls.TLSSocket` over a memory pipe, `node-engine.ts`) is the fallback. `GF_SSL_ENGINE=node` or
 * `GF_SSL_ENGINE=native` forces one (read at each `wrapSocket`); forcing `native` where it cannot
 * run fails with `SSLError` `NATIVE_ENGINE_UNAVAILABLE`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { badFd, deadlineOf, type Socket } from "../Socket.ts"
import { PROTOCOL_TLS_SERVER } from "./constants.ts"
import type { SSLContext, WrapOptions } from "./context.ts"
import { fromNodeError, SSLError, usageError } from "./errors.ts"
import { available, NativeSSLSocket } from "./native-engine.ts"
import { NodeSSLSocket } from "./node-engine.ts"
import type { SSLSocket } from "./SSLSocket.ts"

/** The engine `wrapSocket` uses now: `"native"` or `"node"`, or the error of a forced one that cannot run. */
export const engine = (): "native" | "node" | SSLError => {
  const forced = process.env.GF_SSL_ENGINE
  if (forced === "node") return "node"
  if (forced === "native" && available !== true) {
    return new SSLError({ reason: "NATIVE_ENGINE_UNAVAILABLE", message: `GF_SSL_ENGINE=native, but ${available}` })
  }
  return available === true ? "native" : "node"
}

const make = (context: SSLContext, sock: Socket, serverSide: boolean, hostname: string | null, options: WrapOptions) =>
  Effect.suspend((): Effect.Effect<SSLSocket, SSLError> => {
    const which = engine()
    if (which instanceof SSLError) return Effect.fail(which)
    return which === "native"
      ? Effect.try({
        try: () => new NativeSSLSocket(context, sock, serverSide, hostname, options),
        catch: (e) => e instanceof SSLError ? e : fromNodeError(e)
      })
      : Effect.try({ try: () => new NodeSSLSocket(context, sock, serverSide, hostname, options), catch: fromNodeError })
  })

/** @internal `SSLContext.wrapSocket`. */
export const wrap = Effect.fn("SSLContext.wrapSocket")(function*(context: SSLContext, sock: Socket, options: WrapOptions) {
  const serverSide = options.serverSide === true
  const hostname = options.serverHostname ?? null
  if (serverSide && hostname !== null) {
    return yield* Effect.fail(usageError("SERVER_HOSTNAME_IN_SERVER_MODE", "server_hostname can only be specified in client mode"))
  }
  if (!serverSide && context.protocol === PROTOCOL_TLS_SERVER) {
    return yield* Effect.fail(usageError("WRONG_CONTEXT_PROTOCOL", "Cannot create a client socket with a PROTOCOL_TLS_SERVER context"))
  }
  if (!serverSide && context.checkHostname && hostname === null) {
    return yield* Effect.fail(usageError("CHECK_HOSTNAME_REQUIRES_SERVER_HOSTNAME", "check_hostname requires server_hostname"))
  }
  if (!sock._live()) return yield* Effect.fail(badFd("wrap_socket"))
  const ssl = yield* Effect.acquireRelease(make(context, sock, serverSide, hostname, options), (s) => s.close())
  const connected = (yield* Effect.exit(sock.getpeername()))._tag === "Success"
  if (ssl._handshakeOnConnect && connected) {
    // As CPython, a failed handshake closes the socket.
    yield* Effect.onError(ssl._handshake(deadlineOf(sock)), () => ssl.close())
  }
  return ssl
})
