/**
 * The TLS errors, CPython's `ssl.SSLError` and `ssl.SSLCertVerificationError`, as tagged errors with
 * OpenSSL's own reason names, and the translation of what Node's TLS layer reports into them.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A TLS protocol failure, CPython's `ssl.SSLError`: `reason` is OpenSSL's reason name
 * (`"WRONG_VERSION_NUMBER"`, `"TLSV1_ALERT_UNKNOWN_CA"`, `"UNEXPECTED_EOF_WHILE_READING"`),
 * `library` OpenSSL's library (`"SSL"`), `code` Node's error code when Node reported it
 * (`"ERR_SSL_WRONG_VERSION_NUMBER"`), and `message` CPython's text: `"[SSL: REASON] detail"`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { SSLSocket } from "@greenfiber/socket/ssl"
 *
 * const handshake = (sock: SSLSocket) =>
 *   sock.doHandshake().pipe(
 *     Effect.catchTag("SSLError", (e) => Effect.logWarning(`TLS failed: ${e.reason}`))
 *   )
 * ```
 * @since 0.1.0
 * @category errors
 */
export class SSLError extends Schema.TaggedError<SSLError>()("SSLError", {
  reason: Schema.String,
  library: Schema.optional(Schema.String),
  message: Schema.String,
  code: Schema.optional(Schema.String)
}) {}

/**
 * The peer's certificate failed verification, CPython's `ssl.SSLCertVerificationError`: `reason` is
 * `"CERTIFICATE_VERIFY_FAILED"`, `verifyCode` OpenSSL's `X509_V_ERR_*` number (18 self-signed, 10
 * expired, 20 unknown issuer, 62 hostname mismatch, 64 IP address mismatch) and `verifyMessage`
 * OpenSSL's text for it (`"self-signed certificate"`, `"certificate has expired"`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { SSLSocket } from "@greenfiber/socket/ssl"
 *
 * const handshake = (sock: SSLSocket) =>
 *   sock.doHandshake().pipe(
 *     Effect.catchTag("SSLCertVerificationError", (e) => Effect.fail(`untrusted peer: ${e.verifyMessage}`))
 *   )
 * ```
 * @since 0.1.0
 * @category errors
 */
export class SSLCertVerificationError extends Schema.TaggedError<SSLCertVerificationError>()("SSLCertVerificationError", {
  verifyCode: Schema.Number,
  verifyMessage: Schema.String,
  reason: Schema.String,
  message: Schema.String
}) {}

/**
 * OpenSSL's `X509_V_ERR_*` numbers by the names Node reports them under (the macro without its
 * prefix), from OpenSSL 3's `x509_vfy.h`: Node gives the name, CPython the number.
 */
const X509_V_ERR: Record<string, number> = {
  UNSPECIFIED: 1, UNABLE_TO_GET_ISSUER_CERT: 2, UNABLE_TO_GET_CRL: 3, UNABLE_TO_DECRYPT_CERT_SIGNATURE: 4,
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: 5, UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 6, CERT_SIGNATURE_FAILURE: 7,
  CRL_SIGNATURE_FAILURE: 8, CERT_NOT_YET_VALID: 9, CERT_HAS_EXPIRED: 10, CRL_NOT_YET_VALID: 11,
  CRL_HAS_EXPIRED: 12, ERROR_IN_CERT_NOT_BEFORE_FIELD: 13, ERROR_IN_CERT_NOT_AFTER_FIELD: 14,
  ERROR_IN_CRL_LAST_UPDATE_FIELD: 15, ERROR_IN_CRL_NEXT_UPDATE_FIELD: 16, OUT_OF_MEM: 17,
  DEPTH_ZERO_SELF_SIGNED_CERT: 18, SELF_SIGNED_CERT_IN_CHAIN: 19, UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 20,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 21, CERT_CHAIN_TOO_LONG: 22, CERT_REVOKED: 23, NO_ISSUER_PUBLIC_KEY: 24,
  PATH_LENGTH_EXCEEDED: 25, INVALID_PURPOSE: 26, CERT_UNTRUSTED: 27, CERT_REJECTED: 28,
  SUBJECT_ISSUER_MISMATCH: 29, AKID_SKID_MISMATCH: 30, AKID_ISSUER_SERIAL_MISMATCH: 31,
  KEYUSAGE_NO_CERTSIGN: 32, UNABLE_TO_GET_CRL_ISSUER: 33, UNHANDLED_CRITICAL_EXTENSION: 34,
  KEYUSAGE_NO_CRL_SIGN: 35, UNHANDLED_CRITICAL_CRL_EXTENSION: 36, INVALID_NON_CA: 37,
  PROXY_PATH_LENGTH_EXCEEDED: 38, KEYUSAGE_NO_DIGITAL_SIGNATURE: 39, PROXY_CERTIFICATES_NOT_ALLOWED: 40,
  INVALID_EXTENSION: 41, INVALID_POLICY_EXTENSION: 42, NO_EXPLICIT_POLICY: 43, DIFFERENT_CRL_SCOPE: 44,
  UNSUPPORTED_EXTENSION_FEATURE: 45, UNNESTED_RESOURCE: 46, PERMITTED_VIOLATION: 47, EXCLUDED_VIOLATION: 48,
  SUBTREE_MINMAX: 49, APPLICATION_VERIFICATION: 50, UNSUPPORTED_CONSTRAINT_TYPE: 51,
  UNSUPPORTED_CONSTRAINT_SYNTAX: 52, UNSUPPORTED_NAME_SYNTAX: 53, CRL_PATH_VALIDATION_ERROR: 54, PATH_LOOP: 55,
  HOSTNAME_MISMATCH: 62, EMAIL_MISMATCH: 63, IP_ADDRESS_MISMATCH: 64, EE_KEY_TOO_SMALL: 66, CA_KEY_TOO_SMALL: 67,
  CA_MD_TOO_WEAK: 68, INVALID_CALL: 69, STORE_LOOKUP: 70, UNSUPPORTED_SIGNATURE_ALGORITHM: 76, INVALID_CA: 79
}

/** Node appends its own advice to OpenSSL's verify text; CPython's `verify_message` is OpenSSL's alone. */
const nodeAdvice = /; if the root CA is installed locally.*$/s

/** CPython's text for a verification failure: `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ...`. @internal */
export const certVerificationError = (verifyCode: number, verifyMessage: string): SSLCertVerificationError =>
  new SSLCertVerificationError({
    verifyCode,
    verifyMessage,
    reason: "CERTIFICATE_VERIFY_FAILED",
    message: `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${verifyMessage}`
  })

/** The error for Node's `verifyError()` (an `Error` whose `code` names the `X509_V_ERR_*`). @internal */
export const fromVerifyError = (error: Error & { code?: string }): SSLCertVerificationError => {
  const name = error.code ?? "UNSPECIFIED"
  return certVerificationError(X509_V_ERR[name] ?? 1, error.message.replace(nodeAdvice, ""))
}

/** OpenSSL's library names as CPython shortens them (`ERR_lib_error_string` -> `_ssl` module names). */
const libraries: Record<string, string> = {
  "SSL routines": "SSL",
  "X509 certificate routines": "X509",
  "PEM routines": "PEM",
  "asn1 encoding routines": "ASN1",
  "digital envelope routines": "EVP",
  "x509 certificate routines": "X509",
  "DECODER routines": "DECODER"
}

/**
 * An error from Node's TLS layer as CPython's `SSLError`. OpenSSL errors carry `library` and
 * `reason` (`"SSL routines"`, `"wrong version number"`) and a code `ERR_SSL_WRONG_VERSION_NUMBER`;
 * CPython's reason is the upper-case name, which is that code without its prefix.
 *
 * @internal
 */
export const fromNodeError = (error: unknown): SSLError => {
  const e = error as { code?: unknown; library?: unknown; reason?: unknown; message?: unknown }
  const code = typeof e.code === "string" ? e.code : undefined
  const lib = typeof e.library === "string" ? e.library : undefined
  const library = lib === undefined ? undefined : libraries[lib] ?? lib.toUpperCase()
  const detail = typeof e.reason === "string" ? e.reason : typeof e.message === "string" ? e.message : String(error)
  const reason = code !== undefined && code.startsWith("ERR_SSL_")
    ? code.slice("ERR_SSL_".length)
    : typeof e.reason === "string"
    ? e.reason.toUpperCase().replace(/[^A-Z0-9]+/g, "_")
    : code ?? "UNKNOWN"
  return new SSLError({
    reason,
    message: `[${library ?? "SSL"}: ${reason}] ${detail}`,
    ...(library !== undefined ? { library } : {}),
    ...(code !== undefined ? { code } : {})
  })
}

/** CPython's `SSLEOFError`: the transport ended inside the handshake or a record, without close_notify. @internal */
export const eofError = (): SSLError =>
  new SSLError({
    reason: "UNEXPECTED_EOF_WHILE_READING",
    library: "SSL",
    message: "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol"
  })

/** A misuse CPython reports as `ValueError` (a TLS call on a socket without the state it needs). @internal */
export const usageError = (reason: string, message: string): SSLError => new SSLError({ reason, message })

/**
 * An error from OpenSSL's queue (its library and reason texts, as the native engine reads them) as
 * CPython's `SSLError`, with the `code` Node would give it (`ERR_SSL_*` for the SSL library,
 * `ERR_OSSL_<LIB>_*` for the others), so both engines fail alike.
 *
 * @internal
 */
export const fromOpenSSL = (lib: string, reasonText: string): SSLError => {
  const library = lib === "" ? "SSL" : libraries[lib] ?? lib.toUpperCase().replace(/[^A-Z0-9]+/g, "_")
  const reason = reasonText.toUpperCase().replace(/[^A-Z0-9]+/g, "_")
  const code = library === "SSL" ? `ERR_SSL_${reason}` : `ERR_OSSL_${library}_${reason}`
  return new SSLError({ reason, library, code, message: `[${library}: ${reason}] ${reasonText}` })
}
