/**
 * `@greenfiber/socket/ssl`: CPython's `ssl` module (as gevent's `gevent.ssl`) for greenfiber sockets.
 * `SSLContext.wrapSocket` turns a connected socket into an `SSLSocket` whose calls are Effects that
 * suspend only their fiber, with timeouts and interruption exactly as on plain sockets. The TLS
 * engine is Node's own (`node:tls`, OpenSSL inside Node), driven over a memory pipe.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { createConnection } from "@greenfiber/socket"
 * import { createDefaultContext } from "@greenfiber/socket/ssl"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const ctx = yield* createDefaultContext()
 *   const raw = yield* createConnection(["example.com", 443], { timeout: 10 })
 *   const sock = yield* ctx.wrapSocket(raw, { serverHostname: "example.com" })
 *   console.log(sock.version(), sock.cipher(), sock.getpeercert()?.subject)
 * }))
 * ```
 * @since 0.1.0
 */
export { SSLSocket } from "./SSLSocket.ts"
export type { SSLIoError } from "./SSLSocket.ts"
export { createDefaultContext, SSLContext } from "./context.ts"
export type { WrapOptions } from "./context.ts"
export { SSLCertVerificationError, SSLError } from "./errors.ts"
export type { DistinguishedName, PeerCertificate } from "./cert.ts"
export {
  CERT_NONE,
  CERT_OPTIONAL,
  CERT_REQUIRED,
  PROTOCOL_TLS_CLIENT,
  PROTOCOL_TLS_SERVER,
  Purpose,
  TLSVersion
} from "./constants.ts"
export type { ASN1Object, TLSVersionName } from "./constants.ts"
