/**
 * `SSLContext`, CPython's `ssl.SSLContext`: the settings shared by many TLS connections (certificates,
 * trusted CAs, verification, ALPN, ciphers, versions), and `createDefaultContext`.
 *
 * @since 0.1.0
 */
import { SocketError } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import * as crypto from "node:crypto"
import * as tls from "node:tls"
import type { IoError, Socket } from "../Socket.ts"
import { type ASN1Object, CERT_NONE, CERT_REQUIRED, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER, Purpose, type TLSVersionName } from "./constants.ts"
import { fromNodeError, SSLError, type SSLCertVerificationError, usageError } from "./errors.ts"
import type { SSLSocket } from "./SSLSocket.ts"
import { wrap } from "./wrap.ts"

/**
 * Options of `SSLContext.wrapSocket`, CPython's `wrap_socket` keywords.
 *
 * @example
 * ```ts
 * import type { WrapOptions } from "@greenfiber/socket/ssl"
 *
 * const client: WrapOptions = { serverHostname: "example.com" }
 * const server: WrapOptions = { serverSide: true }
 * ```
 * @since 0.1.0
 * @category models
 */
export interface WrapOptions {
  /** This end is the TLS server (default `false`). */
  readonly serverSide?: boolean | undefined
  /** The name sent as SNI and checked against the certificate (a client's; an IP address is checked, not sent). */
  readonly serverHostname?: string | undefined
  /** Handshake inside `wrapSocket` when the socket is connected (default `true`), else on first use or `doHandshake()`. */
  readonly doHandshakeOnConnect?: boolean | undefined
  /** A transport EOF without close_notify reads as EOF (default `true`), else it fails with `SSLError`. */
  readonly suppressRaggedEofs?: boolean | undefined
}

const ioFailure = (e: NodeJS.ErrnoException, syscall: string): SocketError =>
  SocketError.fromErrno(Math.abs(typeof e.errno === "number" ? e.errno : 5), syscall)

const readPath = (path: string, syscall: string): Effect.Effect<Buffer, SocketError> =>
  Effect.try({ try: () => readFileSync(path), catch: (e) => ioFailure(e as NodeJS.ErrnoException, syscall) })

/** PEM text of one DER certificate (what `cadata` bytes are, as in CPython). */
const derToPem = (der: Uint8Array): string => new crypto.X509Certificate(der).toString()

/**
 * TLS settings for many connections, CPython's `ssl.SSLContext`. A client context
 * (`PROTOCOL_TLS_CLIENT`, the default) starts with `verifyMode = CERT_REQUIRED` and `checkHostname`
 * on, and trusts no CA until `loadVerifyLocations` or `loadDefaultCerts` (use `createDefaultContext`
 * for Node's root store). A server context (`PROTOCOL_TLS_SERVER`) starts with `CERT_NONE`.
 *
 * Setting `checkHostname` on turns `CERT_NONE` into `CERT_REQUIRED`, and `verifyMode = CERT_NONE`
 * while `checkHostname` is on throws a `RangeError`, as CPython's `ValueError`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { createConnection } from "@greenfiber/socket"
 * import { PROTOCOL_TLS_CLIENT, SSLContext } from "@greenfiber/socket/ssl"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const ctx = new SSLContext(PROTOCOL_TLS_CLIENT)
 *   yield* ctx.loadVerifyLocations("ca.pem")
 *   ctx.setAlpnProtocols(["h2", "http/1.1"])
 *   const raw = yield* createConnection(["localhost", 8443], { timeout: 5 })
 *   const tlsSock = yield* ctx.wrapSocket(raw, { serverHostname: "localhost" })
 *   yield* tlsSock.sendall(new TextEncoder().encode("ping"))
 * }))
 * ```
 * @since 0.1.0
 * @category models
 */
export class SSLContext {
  /** `PROTOCOL_TLS_CLIENT` or `PROTOCOL_TLS_SERVER`. */
  readonly protocol: number
  /** The lowest TLS version offered or accepted (Node's default, TLS 1.2). */
  minimumVersion: TLSVersionName | undefined = undefined
  /** The highest TLS version offered or accepted. */
  maximumVersion: TLSVersionName | undefined = undefined
  private _verifyMode: number
  private _checkHostname: boolean
  /** @internal trusted CAs (PEM), as loaded. */
  readonly _ca: Array<string | Buffer> = []
  /** @internal certificate chains with their keys. */
  readonly _certs: Array<{ cert: Buffer; key: Buffer; passphrase?: string | undefined }> = []
  /** @internal */
  _alpn: Array<string> | undefined = undefined
  /** @internal */
  _ciphers: string | undefined = undefined
  private cached: { key: string; context: tls.SecureContext } | undefined = undefined
  private generation = 0

  constructor(protocol: number = PROTOCOL_TLS_CLIENT) {
    if (protocol !== PROTOCOL_TLS_CLIENT && protocol !== PROTOCOL_TLS_SERVER) {
      throw new RangeError("protocol must be PROTOCOL_TLS_CLIENT or PROTOCOL_TLS_SERVER")
    }
    this.protocol = protocol
    this._verifyMode = protocol === PROTOCOL_TLS_CLIENT ? CERT_REQUIRED : CERT_NONE
    this._checkHostname = protocol === PROTOCOL_TLS_CLIENT
  }

  /** `CERT_NONE`, `CERT_OPTIONAL` or `CERT_REQUIRED`. */
  get verifyMode(): number {
    return this._verifyMode
  }

  set verifyMode(mode: number) {
    if (mode !== 0 && mode !== 1 && mode !== 2) throw new RangeError("invalid value for verify_mode")
    if (mode === CERT_NONE && this._checkHostname) {
      throw new RangeError("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.")
    }
    this._verifyMode = mode
  }

  /** Whether a client checks the certificate against `serverHostname` (needs verification on). */
  get checkHostname(): boolean {
    return this._checkHostname
  }

  set checkHostname(flag: boolean) {
    if (flag && this._verifyMode === CERT_NONE) this._verifyMode = CERT_REQUIRED
    this._checkHostname = flag
  }

  /**
   * Loads this end's certificate chain (PEM) and private key (from `keyfile`, or from `certfile` when
   * omitted), decrypted with `password` if given. A key that does not match the certificate fails
   * with `SSLError` `KEY_VALUES_MISMATCH`; a missing file with `SocketError` `ENOENT`.
   */
  loadCertChain(certfile: string, keyfile?: string, password?: string): Effect.Effect<void, SSLError | SocketError> {
    return Effect.gen({ self: this }, function*() {
      const cert = yield* readPath(certfile, "open")
      const key = keyfile === undefined ? cert : yield* readPath(keyfile, "open")
      const entry = { cert, key, ...(password !== undefined ? { passphrase: password } : {}) }
      // Node checks the pair only when it builds a context: build one now, so a bad pair fails here.
      yield* Effect.try({ try: () => tls.createSecureContext(entry), catch: fromNodeError })
      this._certs.push(entry)
      this.changed()
    })
  }

  /**
   * Trusts the CA certificates in `cafile` (PEM), in the files of the directory `capath`, and in
   * `cadata` (PEM text, or DER bytes). CPython's `load_verify_locations`.
   */
  loadVerifyLocations(cafile?: string, capath?: string, cadata?: string | Uint8Array): Effect.Effect<void, SSLError | SocketError> {
    return Effect.gen({ self: this }, function*() {
      if (cafile === undefined && capath === undefined && cadata === undefined) {
        return yield* Effect.fail(usageError("NO_LOCATIONS", "cafile, capath and cadata cannot be all omitted"))
      }
      const found: Array<string | Buffer> = []
      if (cafile !== undefined) found.push(yield* readPath(cafile, "open"))
      if (capath !== undefined) {
        const names = yield* Effect.try({ try: () => readdirSync(capath), catch: (e) => ioFailure(e as NodeJS.ErrnoException, "opendir") })
        for (const name of names) {
          const path = join(capath, name)
          if (statSync(path, { throwIfNoEntry: false })?.isFile()) found.push(yield* readPath(path, "open"))
        }
      }
      if (cadata !== undefined) {
        found.push(
          typeof cadata === "string" ? cadata : yield* Effect.try({ try: () => derToPem(cadata), catch: fromNodeError })
        )
      }
      yield* Effect.try({ try: () => tls.createSecureContext({ ca: found }), catch: fromNodeError })
      this._ca.push(...found)
      this.changed()
    })
  }

  /**
   * Trusts Node's bundled root certificates (`tls.rootCertificates`, Mozilla's store), as CPython's
   * `load_default_certs` trusts the system's.
   */
  loadDefaultCerts(_purpose: ASN1Object = Purpose.SERVER_AUTH): Effect.Effect<void> {
    return Effect.sync(() => {
      this._ca.push(...tls.rootCertificates)
      this.changed()
    })
  }

  /** The protocols offered (client) or accepted (server) with ALPN, in order of preference. */
  setAlpnProtocols(protocols: ReadonlyArray<string>): void {
    for (const p of protocols) {
      if (p.length === 0 || Buffer.byteLength(p) > 255) throw new RangeError(`ALPN protocols must be 1 to 255 bytes: '${p}'`)
    }
    this._alpn = [...protocols]
  }

  /** Sets the TLS 1.2 cipher list (OpenSSL syntax); one that selects nothing fails with `SSLError`. */
  setCiphers(ciphers: string): Effect.Effect<void, SSLError> {
    return Effect.flatMap(
      Effect.try({
        try: () => tls.createSecureContext({ ciphers }),
        catch: (e) =>
          new SSLError({ reason: "NO_CIPHER_MATCH", library: "SSL", message: `[SSL: NO_CIPHER_MATCH] No cipher can be selected. (${String((e as Error).message)})` })
      }),
      () =>
        Effect.sync(() => {
          this._ciphers = ciphers
          this.changed()
        })
    )
  }

  /**
   * Wraps a connected (or soon connected) stream socket in TLS, CPython's `wrap_socket`. The TLS
   * socket belongs to the caller's `Scope` and owns `sock` from now on: closing it closes `sock`.
   * With `doHandshakeOnConnect` (the default) and a connected socket, the handshake happens here, and
   * a failed one closes the socket. A client context with `checkHostname` needs `serverHostname`.
   */
  wrapSocket(
    sock: Socket,
    options?: WrapOptions
  ): Effect.Effect<SSLSocket, SSLError | SSLCertVerificationError | IoError, Scope.Scope> {
    return wrap(this, sock, options ?? {})
  }

  private changed(): void {
    this.generation++
  }

  /**
   * @internal a key that changes whenever a setting does (the native engine keeps its OpenSSL
   * contexts under it). ALPN is part of it: that engine puts the list in the context.
   */
  _settingsKey(): string {
    return `${this.generation}|${this._ciphers}|${this.minimumVersion}|${this.maximumVersion}|${JSON.stringify(this._alpn ?? null)}`
  }

  /** @internal Node's secure context for the current settings, rebuilt only after they change. */
  _secureContext(): tls.SecureContext {
    const key = `${this.generation}|${this._ciphers}|${this.minimumVersion}|${this.maximumVersion}`
    if (this.cached?.key === key) return this.cached.context
    const options: tls.SecureContextOptions = {
      // An empty list, not undefined: Node would trust its whole root store, CPython trusts nothing
      // until told to.
      ca: this._ca,
      ...(this._ciphers !== undefined ? { ciphers: this._ciphers } : {}),
      ...(this.minimumVersion !== undefined ? { minVersion: this.minimumVersion } : {}),
      ...(this.maximumVersion !== undefined ? { maxVersion: this.maximumVersion } : {})
    }
    if (this._certs.length > 0) {
      options.cert = this._certs.map((c) => c.cert)
      options.key = this._certs.map((c) => (c.passphrase !== undefined ? { pem: c.key, passphrase: c.passphrase } : c.key))
    }
    const context = tls.createSecureContext(options)
    this.cached = { key, context }
    return context
  }
}

/**
 * A context with CPython's secure defaults: for `Purpose.SERVER_AUTH` (the default) a client context
 * (`CERT_REQUIRED`, `checkHostname`), for `Purpose.CLIENT_AUTH` a server context. It trusts the CAs
 * given, or else Node's root store. CPython's `ssl.create_default_context`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { createConnection } from "@greenfiber/socket"
 * import { createDefaultContext } from "@greenfiber/socket/ssl"
 *
 * const head = Effect.scoped(Effect.gen(function*() {
 *   const ctx = yield* createDefaultContext()
 *   const raw = yield* createConnection(["example.com", 443], { timeout: 10 })
 *   const sock = yield* ctx.wrapSocket(raw, { serverHostname: "example.com" })
 *   yield* sock.sendall(new TextEncoder().encode("HEAD / HTTP/1.0\r\nHost: example.com\r\n\r\n"))
 *   return yield* sock.recv(4096)
 * }))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const createDefaultContext = Effect.fn("ssl.createDefaultContext")(function*(
  purpose: ASN1Object = Purpose.SERVER_AUTH,
  options?: { readonly cafile?: string; readonly capath?: string; readonly cadata?: string | Uint8Array }
) {
  const ctx = new SSLContext(purpose.oid === Purpose.CLIENT_AUTH.oid ? PROTOCOL_TLS_SERVER : PROTOCOL_TLS_CLIENT)
  if (options?.cafile !== undefined || options?.capath !== undefined || options?.cadata !== undefined) {
    yield* ctx.loadVerifyLocations(options.cafile, options.capath, options.cadata)
  } else if (ctx.verifyMode !== CERT_NONE) {
    yield* ctx.loadDefaultCerts(purpose)
  }
  return ctx
})
