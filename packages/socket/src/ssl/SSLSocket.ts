/**
 * The TLS socket, CPython's `ssl.SSLSocket` on a cooperative socket: what both TLS engines share
 * (the plain socket's properties, `getpeercert`, `close`, `makefile`, argument checks). Every call
 * that needs ciphertext reads it from the socket itself, with the socket's deadline, the way
 * CPython's `SSLSocket` turns `SSL_ERROR_WANT_READ` into a wait for readability. Nothing reads in
 * the background: an interrupted or timed-out call leaves every byte where the next call finds it.
 *
 * @since 0.1.0
 */
import type { Address, GaiError } from "@greenfiber/core"
import type { SocketError, TimeoutInput } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { invalid } from "../address.ts"
import { type FileIo, makeFile, type SocketFile } from "../makefile.ts"
import { badFd, deadlineOf, type IoError, type Socket } from "../Socket.ts"
import { decodeCertificate, type PeerCertificate } from "./cert.ts"
import { CERT_NONE } from "./constants.ts"
import type { SSLContext, WrapOptions } from "./context.ts"
import type { SSLCertVerificationError, SSLError } from "./errors.ts"

/**
 * Errors a TLS socket call can fail with: the plain socket's, and TLS's own.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { SSLIoError, SSLSocket } from "@greenfiber/socket/ssl"
 *
 * const readOrEmpty = (sock: SSLSocket): Effect.Effect<Uint8Array, never> =>
 *   Effect.catch(sock.recv(4096), (_: SSLIoError) => Effect.succeed(new Uint8Array(0)))
 * ```
 * @since 0.1.0
 * @category models
 */
export type SSLIoError = IoError | SSLError | SSLCertVerificationError

/**
 * A TLS connection over a greenfiber socket, CPython's `ssl.SSLSocket`. Make one with
 * `SSLContext.wrapSocket`; it belongs to that call's `Scope` and owns the socket it wraps.
 *
 * Every call behaves as on a plain socket: the socket's timeout (`settimeout`) bounds each call as a
 * whole, `Effect.timeout` or an interruption leaves the connection usable (no byte is lost), a
 * `close()` from another fiber ends a waiting call with EBADF. One fiber may read while another
 * writes. `send` writes all of its data, as `sendall`.
 *
 * Two engines run it (see the module's README): OpenSSL inside Node driven from the addon on the
 * socket's own fd (`native-engine.ts`, the default where the addon can reach that OpenSSL), or
 * `node:tls` over a memory pipe (`node-engine.ts`). `GF_SSL_ENGINE=node` or `=native` forces one.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { createServer, serve } from "@greenfiber/socket"
 * import { PROTOCOL_TLS_SERVER, SSLContext } from "@greenfiber/socket/ssl"
 *
 * const echoServer = Effect.gen(function*() {
 *   const ctx = new SSLContext(PROTOCOL_TLS_SERVER)
 *   yield* ctx.loadCertChain("server.pem", "server.key")
 *   const listener = yield* createServer(["127.0.0.1", 8443])
 *   return yield* serve(listener, (conn) => Effect.gen(function*() {
 *     const tlsConn = yield* ctx.wrapSocket(conn, { serverSide: true })
 *     while (true) {
 *       const data = yield* tlsConn.recv(65536)
 *       if (data.length === 0) return
 *       yield* tlsConn.sendall(data)
 *     }
 *   }))
 * })
 * ```
 * @since 0.1.0
 * @category models
 */
export abstract class SSLSocket {
  /** The context it was made with. */
  readonly context: SSLContext
  /** Whether this end is the TLS server. */
  readonly serverSide: boolean
  /** The name the certificate is checked against (a client's), or `null`. */
  readonly serverHostname: string | null
  /** @internal the wrapped socket. */
  readonly _raw: Socket
  /** @internal `close()` was called (files may keep the connection open). */
  _closed = false
  /** @internal the connection is gone: closed for good, or unwrapped. */
  _released = false
  /** @internal unwrapped: the socket lives on, plain. */
  _detached = false
  /** @internal open files made by `makefile`. */
  _ioRefs = 0
  /** @internal */
  _handshakeDone = false
  /** @internal the peer's certificate (DER), kept at the handshake. */
  _peerDer: Buffer | undefined = undefined
  /** @internal the error every later call fails with. */
  _failure: SSLIoError | undefined = undefined
  /** @internal the reading side has ended (close_notify, or a tolerated transport EOF). */
  _eof = false
  /** @internal */
  readonly _suppressRaggedEofs: boolean
  /** @internal */
  readonly _handshakeOnConnect: boolean

  /** @internal use `SSLContext.wrapSocket`. */
  constructor(context: SSLContext, raw: Socket, serverSide: boolean, serverHostname: string | null, options: WrapOptions) {
    this.context = context
    this._raw = raw
    this.serverSide = serverSide
    this.serverHostname = serverHostname
    this._suppressRaggedEofs = options.suppressRaggedEofs !== false
    this._handshakeOnConnect = options.doHandshakeOnConnect !== false
  }

  // ---------------------------------------------------------------- plain socket properties

  /** The fd of the wrapped socket, or -1 once closed. */
  fileno(): number {
    return this._closed ? -1 : this._raw.fileno()
  }

  /** The wrapped socket's timeout (seconds, `null` blocking, `0` non-blocking); it bounds each TLS call. */
  gettimeout(): number | null {
    return this._raw.gettimeout()
  }

  /** Sets the timeout of every later call, as on the plain socket. */
  settimeout(timeout: TimeoutInput): Effect.Effect<void, SocketError> {
    return this._raw.settimeout(timeout)
  }

  /** `setblocking(false)` is `settimeout(0)`: a call that would wait fails with `EAGAIN`. */
  setblocking(flag: boolean): Effect.Effect<void> {
    return this._raw.setblocking(flag)
  }

  /** `true` unless non-blocking. */
  getblocking(): boolean {
    return this._raw.getblocking()
  }

  /** The local address. */
  getsockname(): Effect.Effect<Address, SocketError> {
    return this._closed ? Effect.fail(badFd("getsockname")) : this._raw.getsockname()
  }

  /** The peer's address. */
  getpeername(): Effect.Effect<Address, SocketError> {
    return this._closed ? Effect.fail(badFd("getpeername")) : this._raw.getpeername()
  }

  /** @internal for files: the fd, -1 once the connection is gone. */
  get _fd(): number {
    return this._released ? -1 : this._raw._fd
  }

  /** @internal */
  _live(): boolean {
    return !this._closed && !this._released && this._raw._live()
  }

  // ---------------------------------------------------------------- TLS information

  /** The negotiated protocol, `"TLSv1.3"` or `"TLSv1.2"`; `null` before the handshake. */
  abstract version(): string | null

  /** `[name, protocol, secretBits]` of the cipher in use, as CPython's `cipher()`; `null` before the handshake. */
  abstract cipher(): readonly [string, string, number] | null

  /** The protocol ALPN selected, or `null`. */
  abstract selectedAlpnProtocol(): string | null

  /** Decrypted bytes ready to be read without waiting. */
  abstract pending(): number

  /**
   * The peer's certificate: CPython's dict (`subject`, `issuer`, `notBefore`, `notAfter`,
   * `serialNumber`, `version`, `subjectAltName`), or with `binaryForm` its DER bytes. `null` before
   * the handshake or when the peer sent none; `{}` when it was not verified (`CERT_NONE`).
   */
  getpeercert(binaryForm: true): Uint8Array | null
  getpeercert(binaryForm?: false): PeerCertificate | Record<string, never> | null
  getpeercert(binaryForm = false): PeerCertificate | Record<string, never> | Uint8Array | null {
    if (!this._handshakeDone) return null
    const der = this._peerDer
    if (der === undefined) return null
    if (binaryForm) return new Uint8Array(der)
    return this.context.verifyMode === CERT_NONE ? {} : decodeCertificate(der)
  }

  // ---------------------------------------------------------------- calls

  /**
   * Runs the handshake (done already by `wrapSocket` unless `doHandshakeOnConnect: false`); the socket
   * timeout bounds it as a whole. A peer whose certificate does not verify fails it with
   * `SSLCertVerificationError`, a protocol failure with `SSLError`, a transport EOF with `SSLError`
   * `UNEXPECTED_EOF_WHILE_READING`, a reset with `SocketError` `ECONNRESET`.
   */
  doHandshake(): Effect.Effect<void, SSLIoError> {
    return Effect.suspend(() => this._closed ? Effect.fail(badFd("do_handshake")) : this._handshake(deadlineOf(this._raw)))
  }

  /** Connects the wrapped socket, then handshakes (unless `doHandshakeOnConnect: false`). */
  connect(address: Address): Effect.Effect<void, SSLIoError | GaiError> {
    return Effect.andThen(this._raw.connect(address), this._handshakeOnConnect ? this.doHandshake() : Effect.void)
  }

  /** Up to `bufsize` decrypted bytes; empty at EOF (the peer's close_notify, or its TCP EOF). */
  recv(bufsize: number): Effect.Effect<Uint8Array, SSLIoError> {
    if (this._closed) return Effect.fail(badFd("recv"))
    if (!Number.isInteger(bufsize) || bufsize < 0) return Effect.fail(invalid("negative buffersize in recv"))
    return this._recv(bufsize)
  }

  /** Reads into `buffer` (at most `nbytes`, default its length); returns the count, 0 at EOF. */
  recvInto(buffer: Uint8Array, nbytes = 0): Effect.Effect<number, SSLIoError> {
    if (this._closed) return Effect.fail(badFd("recv_into"))
    if (!(buffer instanceof Uint8Array)) return Effect.fail(invalid("recv_into() argument must be a Uint8Array"))
    if (!Number.isInteger(nbytes) || nbytes < 0) return Effect.fail(invalid("negative buffersize in recv_into"))
    if (nbytes > buffer.length) return Effect.fail(invalid("nbytes is greater than the length of the buffer"))
    return this._recvInto(buffer, nbytes === 0 ? buffer.length : nbytes)
  }

  /** Sends all of `data` and returns its length (TLS writes whole records, so never a part). */
  send(data: Uint8Array): Effect.Effect<number, SSLIoError> {
    return Effect.as(this.sendall(data), data.length)
  }

  /**
   * Sends all of `data`: it returns once the records are with the kernel; the socket timeout bounds
   * the whole call. Interrupted (or timed out), the data is already with the TLS layer and its
   * records go out with the next call on this socket.
   */
  sendall(data: Uint8Array): Effect.Effect<void, SSLIoError> {
    if (this._closed) return Effect.fail(badFd("sendall"))
    if (!(data instanceof Uint8Array)) return Effect.fail(invalid("a bytes-like object is required"))
    if (data.length === 0) return Effect.void
    return Effect.suspend(() => this._sendall(data, deadlineOf(this._raw)))
  }

  /**
   * A buffered file over the TLS connection (modes as the plain socket's `makefile`); the connection
   * closes when the socket and all its files are closed.
   */
  makefile(mode: "rb" | "wb" | "rwb" | "wrb" | "br" | "bw"): Effect.Effect<SocketFile<Uint8Array, SSLIoError>, SocketError, Scope.Scope>
  makefile(mode?: "r" | "w" | "rw" | "wr"): Effect.Effect<SocketFile<string, SSLIoError>, SocketError, Scope.Scope>
  makefile(mode = "r"): Effect.Effect<SocketFile<any, SSLIoError>, SocketError, Scope.Scope> {
    return makeFile(this, mode, sslFileIo)
  }

  /**
   * Ends TLS and returns the plain socket, CPython's `unwrap()`: sends close_notify, waits (within the
   * socket timeout) for the peer's, reading exactly up to the end of its record, so whatever the peer
   * sends in the clear afterwards is left on the socket. This TLS socket is closed; the plain one is not.
   */
  unwrap(): Effect.Effect<Socket, SSLIoError> {
    return Effect.suspend(() => this._closed || this._released ? Effect.fail(badFd("unwrap")) : this._unwrap())
  }

  /** Shuts down the wrapped socket (`SHUT_RD`, `SHUT_WR`, `SHUT_RDWR`), waking waiting calls with EBADF. */
  shutdown(how: number): Effect.Effect<void, SocketError> {
    return Effect.tap(this._raw.shutdown(how), () => Effect.sync(() => this._notify()))
  }

  /**
   * Closes the connection and the wrapped socket (without close_notify, as CPython's `close()`;
   * `unwrap()` sends one). Waiting calls end with EBADF. Twice is fine.
   */
  close(): Effect.Effect<void> {
    return Effect.sync(() => this._closeUnsafe())
  }

  // ---------------------------------------------------------------- engine

  /** @internal the handshake, within `deadline` (performance.now() ms, -1 none). */
  abstract _handshake(deadline: number): Effect.Effect<void, SSLIoError>
  /** @internal recv with its argument checked, past `close()` (files use it). */
  abstract _recv(bufsize: number): Effect.Effect<Uint8Array, SSLIoError>
  /** @internal recvInto of `n` (> 0 or 0 for an empty buffer) bytes, its arguments checked. */
  abstract _recvInto(buffer: Uint8Array, n: number): Effect.Effect<number, SSLIoError>
  /** @internal sendall of non-empty `data` within `deadline`, past `close()` (files use it). */
  abstract _sendall(data: Uint8Array, deadline: number): Effect.Effect<void, SSLIoError>
  /** @internal unwrap of a live connection. */
  abstract _unwrap(): Effect.Effect<Socket, SSLIoError>
  /** @internal frees the engine's state and closes the socket unless unwrapped. */
  abstract _realClose(): void

  /** @internal wakes what waits for the engine's events (the node engine's; the native one waits on the socket). */
  _notify(): void {}

  /** @internal */
  _closeUnsafe(): void {
    if (this._closed) return
    this._closed = true
    if (this._ioRefs <= 0) this._realClose()
    this._notify()
  }
}

/** Files over a TLS socket read and write through it (past `close()`, as long as they are open). */
const sslFileIo: FileIo = {
  recv: (self: SSLSocket, n) => self._released ? Effect.fail(badFd("recv")) : self._recv(n),
  send: (self: SSLSocket, data) =>
    Effect.suspend(() => self._released ? Effect.fail(badFd("send")) : Effect.as(self._sendall(data, deadlineOf(self._raw)), data.length))
}
