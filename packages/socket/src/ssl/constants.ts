/**
 * CPython's `ssl` constants: verification modes, protocols, purposes and TLS versions.
 *
 * @since 0.1.0
 */

/**
 * No certificate is asked for (server) or checked (client). CPython's `ssl.CERT_NONE`.
 *
 * @example
 * ```ts
 * import { CERT_NONE, PROTOCOL_TLS_CLIENT, SSLContext } from "@greenfiber/socket/ssl"
 *
 * const insecure = new SSLContext(PROTOCOL_TLS_CLIENT)
 * insecure.checkHostname = false
 * insecure.verifyMode = CERT_NONE
 * ```
 * @since 0.1.0
 * @category constants
 */
export const CERT_NONE = 0

/**
 * A server asks for a client certificate and verifies one if given; a client treats it as
 * `CERT_REQUIRED`, as CPython does. CPython's `ssl.CERT_OPTIONAL`.
 *
 * @example
 * ```ts
 * import { CERT_OPTIONAL, PROTOCOL_TLS_SERVER, SSLContext } from "@greenfiber/socket/ssl"
 *
 * const server = new SSLContext(PROTOCOL_TLS_SERVER)
 * server.verifyMode = CERT_OPTIONAL
 * ```
 * @since 0.1.0
 * @category constants
 */
export const CERT_OPTIONAL = 1

/**
 * The peer must present a certificate that verifies. CPython's `ssl.CERT_REQUIRED`, the default of a
 * client context.
 *
 * @example
 * ```ts
 * import { CERT_REQUIRED, PROTOCOL_TLS_SERVER, SSLContext } from "@greenfiber/socket/ssl"
 *
 * const mutualTls = new SSLContext(PROTOCOL_TLS_SERVER)
 * mutualTls.verifyMode = CERT_REQUIRED
 * ```
 * @since 0.1.0
 * @category constants
 */
export const CERT_REQUIRED = 2

/**
 * A client context: `CERT_REQUIRED` and `checkHostname` on. CPython's `ssl.PROTOCOL_TLS_CLIENT` (16).
 *
 * @example
 * ```ts
 * import { PROTOCOL_TLS_CLIENT, SSLContext } from "@greenfiber/socket/ssl"
 *
 * const ctx = new SSLContext(PROTOCOL_TLS_CLIENT)
 * ```
 * @since 0.1.0
 * @category constants
 */
export const PROTOCOL_TLS_CLIENT = 16

/**
 * A server context: `CERT_NONE`, no hostname check. CPython's `ssl.PROTOCOL_TLS_SERVER` (17).
 *
 * @example
 * ```ts
 * import { PROTOCOL_TLS_SERVER, SSLContext } from "@greenfiber/socket/ssl"
 *
 * const ctx = new SSLContext(PROTOCOL_TLS_SERVER)
 * ```
 * @since 0.1.0
 * @category constants
 */
export const PROTOCOL_TLS_SERVER = 17

/**
 * An X.509 extended key usage, CPython's `ssl.Purpose` member (an `_ASN1Object`).
 *
 * @example
 * ```ts
 * import { Purpose } from "@greenfiber/socket/ssl"
 *
 * const oid: string = Purpose.SERVER_AUTH.oid // "1.3.6.1.5.5.7.3.1"
 * ```
 * @since 0.1.0
 * @category models
 */
export interface ASN1Object {
  readonly nid: number
  readonly shortname: string
  readonly longname: string
  readonly oid: string
}

/**
 * What a default context is for: `SERVER_AUTH` makes a client context (it authenticates servers),
 * `CLIENT_AUTH` a server context. CPython's `ssl.Purpose`.
 *
 * @example
 * ```ts
 * import { createDefaultContext, Purpose } from "@greenfiber/socket/ssl"
 *
 * const serverContext = createDefaultContext(Purpose.CLIENT_AUTH)
 * ```
 * @since 0.1.0
 * @category constants
 */
export const Purpose: { readonly SERVER_AUTH: ASN1Object; readonly CLIENT_AUTH: ASN1Object } = {
  SERVER_AUTH: { nid: 129, shortname: "serverAuth", longname: "TLS Web Server Authentication", oid: "1.3.6.1.5.5.7.3.1" },
  CLIENT_AUTH: { nid: 130, shortname: "clientAuth", longname: "TLS Web Client Authentication", oid: "1.3.6.1.5.5.7.3.2" }
}

/**
 * TLS protocol versions for `minimumVersion`/`maximumVersion`, CPython's `ssl.TLSVersion` (as the
 * strings Node and `version()` use).
 *
 * @example
 * ```ts
 * import { PROTOCOL_TLS_CLIENT, SSLContext, TLSVersion } from "@greenfiber/socket/ssl"
 *
 * const ctx = new SSLContext(PROTOCOL_TLS_CLIENT)
 * ctx.maximumVersion = TLSVersion.TLSv1_2
 * ```
 * @since 0.1.0
 * @category constants
 */
export const TLSVersion = {
  TLSv1: "TLSv1",
  TLSv1_1: "TLSv1.1",
  TLSv1_2: "TLSv1.2",
  TLSv1_3: "TLSv1.3",
  MINIMUM_SUPPORTED: "TLSv1",
  MAXIMUM_SUPPORTED: "TLSv1.3"
} as const

/**
 * One of the `TLSVersion` values.
 *
 * @example
 * ```ts
 * import type { TLSVersionName } from "@greenfiber/socket/ssl"
 *
 * const floor: TLSVersionName = "TLSv1.2"
 * ```
 * @since 0.1.0
 * @category models
 */
export type TLSVersionName = "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3"
