/**
 * The native engine of `SSLSocket`: the OpenSSL inside Node, called from the addon (`tls.c`) on the
 * socket's own non-blocking fd, as CPython's `_ssl` does: `SSL_ERROR_WANT_READ`/`WANT_WRITE` become
 * the plain socket's waits (`waitIo`, with its deadline and interruption), plaintext is decrypted
 * straight into the caller's buffer, records go straight to the kernel. Read-ahead stays off, so
 * OpenSSL reads record by record and `unwrap` leaves on the socket exactly the bytes after the
 * peer's close_notify.
 *
 * The addon finds OpenSSL's functions in the running Node at first use; where it cannot (a Node
 * without exported OpenSSL 3 symbols, Electron's BoringSSL) `available` says why and `SSLContext`
 * uses the node:tls engine instead.
 *
 * @internal
 */
import { errnoValue, SocketError } from "@greenfiber/core"
import { Native, Watcher } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Semaphore from "effect/Semaphore"
import { isIP } from "node:net"
import * as tls from "node:tls"
import { badFd, deadlineOf, type IoError, overBudget, type Socket, waitIo } from "../Socket.ts"
import { CERT_NONE } from "./constants.ts"
import type { SSLContext, WrapOptions } from "./context.ts"
import { certVerificationError, eofError, fromOpenSSL, type SSLError } from "./errors.ts"
import { type SSLIoError, SSLSocket } from "./SSLSocket.ts"

const native = Native.native
const EPIPE = errnoValue("EPIPE")

type NativeTlsConnection = Native.NativeTlsConnection
type NativeTlsContext = Native.NativeTlsContext
type NativeTlsFailure = Native.NativeTlsFailure

/** Statuses of the addon's TLS calls (tls.c). */
const SSL_FAILED = -1
const WANT_READ = -2
const WANT_WRITE = -3
const SYSCALL = -5
const ZERO_RETURN = -6

/** `true` when the addon can drive Node's OpenSSL, else why not (an older addon has no TLS at all). */
export const available: true | string = typeof native.tlsAvailable === "function"
  ? native.tlsAvailable()
  : "the loaded addon has no TLS engine"

/** OpenSSL's protocol version numbers (prov_ssl.h). */
const versions: Record<string, number> = { "TLSv1": 0x301, "TLSv1.1": 0x302, "TLSv1.2": 0x303, "TLSv1.3": 0x304 }

const isFailure = (r: unknown): r is NativeTlsFailure => Array.isArray(r)

/** The error of a setup call that failed: OpenSSL's, or a refused argument (a bug here). */
const setupError = (r: NativeTlsFailure | number): SSLError =>
  isFailure(r) ? fromOpenSSL(r[0], r[1]) : fromOpenSSL("SSL", r === -22 ? "invalid argument" : `error ${r}`)

const check = (r: NativeTlsFailure | number): void => {
  if (typeof r !== "number" || r < 0) throw setupError(r)
}

/**
 * Node's split of a cipher string, as `tls.createSecureContext` does it: `TLS_*` names are TLS 1.3
 * suites, the rest the TLS 1.2 list; an empty part keeps OpenSSL's default for it.
 */
const splitCiphers = (ciphers: string): { list: string | null; suites: string | null } => {
  const names = ciphers.split(":").filter((c) => c.length > 0)
  const list = names.filter((c) => !c.startsWith("TLS_")).join(":")
  const suites = names.filter((c) => c.startsWith("TLS_")).join(":")
  return { list: list === "" ? null : list, suites: suites === "" ? null : suites }
}

/** ALPN's wire format: each name prefixed by its length (RFC 7301 3.1). */
const alpnWire = (protocols: ReadonlyArray<string>): Uint8Array =>
  Buffer.concat(protocols.map((p) => {
    const name = Buffer.from(p)
    return Buffer.concat([Buffer.from([name.length]), name])
  }))

/** An SSL_CTX per context, role and settings; rebuilt only after a setting changes. */
const contexts = new WeakMap<SSLContext, Map<boolean, { key: string; ctx: NativeTlsContext }>>()

/**
 * The OpenSSL context for `context`'s settings, built as Node builds its secure context (Node's
 * default ciphers and versions where the context sets none) so that both engines negotiate alike.
 * Throws `SSLError`.
 */
const nativeContext = (context: SSLContext, server: boolean): NativeTlsContext => {
  const key = context._settingsKey()
  let roles = contexts.get(context)
  const cached = roles?.get(server)
  if (cached !== undefined && cached.key === key) return cached.ctx
  const made = native.tlsContextNew(server ? 1 : 0)
  if (typeof made === "number" || isFailure(made)) throw setupError(made)
  const ctx = made
  const { list, suites } = splitCiphers(context._ciphers ?? tls.DEFAULT_CIPHERS)
  check(native.tlsContextConfigure(
    ctx,
    versions[context.minimumVersion ?? tls.DEFAULT_MIN_VERSION] ?? 0,
    versions[context.maximumVersion ?? tls.DEFAULT_MAX_VERSION] ?? 0,
    list,
    suites
  ))
  if (context._ca.length > 0) {
    check(native.tlsContextAddCa(ctx, Buffer.from(context._ca.map((c) => c.toString()).join("\n"))))
  }
  for (const c of context._certs) check(native.tlsContextUseCert(ctx, c.cert, c.key, c.passphrase ?? null))
  if (context._alpn !== undefined && context._alpn.length > 0) {
    check(native.tlsContextSetAlpn(ctx, alpnWire(context._alpn), server ? 1 : 0))
  }
  if (roles === undefined) contexts.set(context, roles = new Map())
  roles.set(server, { key, ctx })
  return ctx
}

/**
 * Plaintext for `recv` is read into this buffer and copied out at once (a wake-up's attempt reads
 * and copies in one go), so every socket shares it; a `recv` of more than this reads into its own.
 */
const SCRATCH = 65536
const scratch = Buffer.allocUnsafeSlow(SCRATCH)
const EMPTY = Buffer.alloc(0)

/** @internal a TLS socket on the native engine. */
export class NativeSSLSocket extends SSLSocket {
  /** @internal the SSL, until the connection is released. */
  _conn: NativeTlsConnection | undefined
  /** @internal [version, cipher, cipher protocol, bits, ALPN] read at the handshake. */
  _info: readonly [string, string, string, number, string | null] | undefined = undefined
  /** @internal bytes an interrupted `sendall` left with TLS: they go out first with the next write. */
  _backlog: Uint8Array | undefined = undefined
  /** @internal a write waits (later writes queue behind it, as OpenSSL must retry with the same bytes). */
  _writing = false
  /** @internal */
  readonly _writeLock = Semaphore.makeUnsafe(1)
  /** @internal one handshake at a time (two fibers may start one with `doHandshakeOnConnect: false`). */
  readonly _handshakeLock = Semaphore.makeUnsafe(1)

  /** @internal use `SSLContext.wrapSocket`; throws `SSLError`. */
  constructor(context: SSLContext, raw: Socket, serverSide: boolean, serverHostname: string | null, options: WrapOptions) {
    super(context, raw, serverSide, serverHostname, options)
    const ctx = nativeContext(context, serverSide)
    const host = serverSide ? null : serverHostname
    // RFC 6066 forbids an IP address as SNI: it is only checked against the certificate.
    const ip = host !== null && isIP(host) !== 0
    const check = !serverSide && context.checkHostname && context.verifyMode !== CERT_NONE ? host : null
    const conn = native.tlsNew(ctx, raw._fd, serverSide ? 1 : 0, context.verifyMode, ip ? null : host, check, ip ? 1 : 0)
    if (typeof conn === "number" || isFailure(conn)) throw setupError(conn)
    this._conn = conn
  }

  override version(): string | null {
    return this._info?.[0] ?? null
  }

  override cipher(): readonly [string, string, number] | null {
    const i = this._info
    return i === undefined ? null : [i[1], i[2], i[3]]
  }

  override selectedAlpnProtocol(): string | null {
    return this._info?.[4] ?? null
  }

  override pending(): number {
    const conn = this._conn
    return conn === undefined || !this._handshakeDone ? 0 : Math.max(0, native.tlsPending(conn))
  }

  /** @internal */
  _handshake(deadline: number): Effect.Effect<void, SSLIoError> {
    return this._handshakeDone ? Effect.void : handshakeCall(this, deadline)
  }

  /** @internal */
  _recv(bufsize: number): Effect.Effect<Uint8Array, SSLIoError> {
    return recvImpl(this, bufsize)
  }

  /** @internal */
  _recvInto(buffer: Uint8Array, n: number): Effect.Effect<number, SSLIoError> {
    return recvIntoImpl(this, buffer, n)
  }

  /** @internal */
  _sendall(data: Uint8Array, deadline: number): Effect.Effect<void, SSLIoError> {
    return sendallImpl(this, data, deadline)
  }

  /** @internal */
  _unwrap(): Effect.Effect<Socket, SSLIoError> {
    return unwrapImpl(this)
  }

  /** @internal */
  override _realClose(): void {
    if (this._released) return
    this._released = true
    const conn = this._conn
    this._conn = undefined
    // Freed now, before the socket's close lets the kernel give its fd number to another file.
    if (conn !== undefined) native.tlsFree(conn)
    if (!this._detached) this._raw._closeUnsafe()
  }

  /** @internal the error for a failed call's status; a fatal one is kept for every later call. */
  _error(status: number, syscall: string): SSLIoError | "eof" {
    const conn = this._conn
    if (status === ZERO_RETURN) return "eof"
    const detail = conn === undefined ? undefined : native.tlsError(conn)
    if (typeof detail !== "object") return badFd(syscall)
    const [lib, reason, errno, verifyCode, verifyMessage] = detail
    let error: SSLIoError | "eof"
    if (status === SYSCALL) {
      // errno 0: the transport ended where OpenSSL did not name it UNEXPECTED_EOF itself.
      error = errno !== 0 ? SocketError.fromErrno(errno, syscall) : this._raggedEof()
    } else if (status === SSL_FAILED) {
      const failure = fromOpenSSL(lib, reason)
      if (failure.reason === "UNEXPECTED_EOF_WHILE_READING") error = this._raggedEof()
      else if (failure.reason === "CERTIFICATE_VERIFY_FAILED" && verifyCode !== 0) error = this._verifyError(verifyCode, verifyMessage)
      else error = failure
    } else {
      error = fromOpenSSL("SSL", `unexpected status ${status}`)
    }
    if (error !== "eof" && this._failure === undefined) this._failure = error
    return error
  }

  /** @internal a transport EOF without close_notify: EOF after the handshake (CPython's suppress_ragged_eofs), else an error. */
  _raggedEof(): SSLError | "eof" {
    return this._handshakeDone && this._suppressRaggedEofs ? "eof" : eofError()
  }

  /** @internal CPython's texts for the host checks; OpenSSL's for the rest. */
  _verifyError(code: number, message: string) {
    const host = this.serverHostname ?? ""
    if (code === 62) return certVerificationError(62, `Hostname mismatch, certificate is not valid for '${host}'.`)
    if (code === 64) return certVerificationError(64, `IP address mismatch, certificate is not valid for '${host}'.`)
    return certVerificationError(code, message)
  }
}

// ---------------------------------------------------------------- handshake

/** Why a call cannot go on: the connection is gone (EBADF), or failed for good; else undefined. */
const broken = (self: NativeSSLSocket, syscall: string): SSLIoError | undefined =>
  self._released || self._conn === undefined || self._raw._fd < 0 ? badFd(syscall) : self._failure

const finishHandshake = (self: NativeSSLSocket, conn: NativeTlsConnection): void => {
  const info = native.tlsInfo(conn)
  if (typeof info !== "number") self._info = info
  const der = native.tlsPeerCert(conn)
  self._peerDer = der instanceof Uint8Array ? Buffer.from(der.buffer, der.byteOffset, der.length) : undefined
  self._handshakeDone = true
}

const handshakeLoop = Effect.fnUntraced(function*(self: NativeSSLSocket, deadline: number) {
  while (!self._handshakeDone) {
    const bad = broken(self, "do_handshake")
    if (bad !== undefined) return yield* Effect.fail(bad)
    const conn = self._conn!
    const r = native.tlsHandshake(conn)
    if (r === 1) finishHandshake(self, conn)
    else if (r === WANT_READ) yield* waitIo(self._raw, Watcher.READ, deadline, "do_handshake")
    else if (r === WANT_WRITE) yield* waitIo(self._raw, Watcher.WRITE, deadline, "do_handshake")
    else {
      const error = self._error(r, "do_handshake")
      return yield* Effect.fail(error === "eof" ? eofError() : error)
    }
  }
})

const handshakeCall = Effect.fn("SSLSocket.doHandshake")(function*(self: NativeSSLSocket, deadline: number) {
  return yield* self._handshakeLock.withPermits(1)(handshakeLoop(self, deadline))
})

// ---------------------------------------------------------------- reading

/**
 * One read of up to `n` bytes into `buffer`: the count (0 at EOF), `undefined` when OpenSSL wants the
 * socket readable, or an effect for the rest (a failure, or a want of writability).
 */
const readOnce = (self: NativeSSLSocket, buffer: Uint8Array, n: number, syscall: string): number | undefined | Effect.Effect<number, SSLIoError> => {
  if (self._eof) return 0
  const bad = broken(self, syscall)
  if (bad !== undefined) return Effect.fail(bad)
  const conn = self._conn!
  const r = native.tlsRead(conn, buffer, 0, n)
  if (r > 0) return r
  if (r === WANT_READ) return undefined
  if (r === WANT_WRITE) return readSlow(self, buffer, n, syscall, deadlineOf(self._raw))
  const error = self._error(r, syscall)
  if (error !== "eof") return Effect.fail(error)
  self._eof = true
  return 0
}

/**
 * `waitIo` types its attempts' errors as the plain socket's; a TLS attempt's fail with TLS errors
 * too, which `waitIo` passes through as they are.
 */
const asAttempt = <A>(f: (w: Watcher.WatcherImpl) => Effect.Effect<A, SSLIoError> | undefined) =>
  f as unknown as (w: Watcher.WatcherImpl) => Effect.Effect<A, IoError> | undefined

const readAttempt = asAttempt((w: Watcher.WatcherImpl): Effect.Effect<number, SSLIoError> | undefined => {
  const r = readOnce(w.a as NativeSSLSocket, w.b as Uint8Array, w.c as number, "recv_into")
  return typeof r === "number" ? Effect.succeed(r) : r
})

/** The uncommon path: a read that needs the handshake first, or the socket writable (a TLS 1.2 renegotiation, a key update). */
const readSlow = Effect.fnUntraced(function*(self: NativeSSLSocket, buffer: Uint8Array, n: number, syscall: string, deadline: number) {
  if (!self._handshakeDone) yield* handshakeCall(self, deadline)
  while (true) {
    if (self._eof) return 0
    const bad = broken(self, syscall)
    if (bad !== undefined) return yield* Effect.fail(bad)
    const conn = self._conn!
    const r = native.tlsRead(conn, buffer, 0, n)
    if (r > 0) return r
    if (r === WANT_READ) yield* waitIo(self._raw, Watcher.READ, deadline, syscall)
    else if (r === WANT_WRITE) yield* waitIo(self._raw, Watcher.WRITE, deadline, syscall)
    else {
      const error = self._error(r, syscall)
      if (error !== "eof") return yield* Effect.fail(error)
      self._eof = true
      return 0
    }
  }
})

/**
 * Reads into `buffer`. The fast path is one addon call; a read that must wait retries in the
 * socket's wake-up (`waitIo`'s attempt), as the plain socket's `recv_into` does.
 */
const recvIntoImpl = (self: NativeSSLSocket, buffer: Uint8Array, n: number): Effect.Effect<number, SSLIoError> =>
  Effect.suspend(() => {
    if (n === 0) return self._released ? Effect.fail(badFd("recv_into")) : Effect.succeed(0)
    if (!self._handshakeDone) return readSlow(self, buffer, n, "recv_into", deadlineOf(self._raw))
    // As the plain socket's budget, counted before the read (a yield after it could lose the bytes).
    if (overBudget(self._raw)) return Effect.andThen(Effect.yieldNow, recvIntoImpl(self, buffer, n))
    const r = readOnce(self, buffer, n, "recv_into")
    if (typeof r === "number") return Effect.succeed(r)
    if (r !== undefined) return r
    return waitIo(self._raw, Watcher.READ, undefined, "recv_into", readAttempt, self, buffer, n)
  })

/** Copies what a read left in the scratch buffer (a short read into a caller-sized buffer is cut to size). */
const takeRead = (own: Buffer | undefined, r: number): Buffer =>
  own === undefined ? Buffer.from(scratch.subarray(0, r)) : r === own.length ? own : Buffer.from(own.subarray(0, r))

const recvAttempt = asAttempt((w: Watcher.WatcherImpl): Effect.Effect<Uint8Array, SSLIoError> | undefined => {
  const own = w.c as Buffer | undefined
  const r = readOnce(w.a as NativeSSLSocket, own ?? scratch, w.b as number, "recv")
  if (r === undefined) return undefined
  if (typeof r === "number") return Effect.succeed(r === 0 ? EMPTY : takeRead(own, r))
  return Effect.map(r, (k) => k === 0 ? EMPTY : takeRead(own, k))
})

const recvImpl = (self: NativeSSLSocket, bufsize: number): Effect.Effect<Uint8Array, SSLIoError> =>
  Effect.suspend(() => {
    if (self._released) return Effect.fail(badFd("recv"))
    if (bufsize === 0) return Effect.succeed(EMPTY)
    const own = bufsize > SCRATCH ? Buffer.allocUnsafe(bufsize) : undefined
    if (!self._handshakeDone) {
      // The scratch buffer is shared: a read that may wait gets its own.
      const buf = own ?? Buffer.allocUnsafe(bufsize)
      return Effect.map(readSlow(self, buf, bufsize, "recv", deadlineOf(self._raw)), (k) => k === 0 ? EMPTY : takeRead(buf, k))
    }
    if (overBudget(self._raw)) return Effect.andThen(Effect.yieldNow, recvImpl(self, bufsize))
    const r = readOnce(self, own ?? scratch, bufsize, "recv")
    if (typeof r === "number") return Effect.succeed(r === 0 ? EMPTY : takeRead(own, r))
    if (r !== undefined) {
      // A want of writability: this read waits, so it cannot use the shared buffer.
      const buf = own ?? Buffer.allocUnsafe(bufsize)
      return Effect.map(readSlow(self, buf, bufsize, "recv", deadlineOf(self._raw)), (k) => k === 0 ? EMPTY : takeRead(buf, k))
    }
    return waitIo(self._raw, Watcher.READ, undefined, "recv", recvAttempt, self, bufsize, own)
  })

// ---------------------------------------------------------------- writing

/**
 * Writes all of `data` from `state.offset`. OpenSSL takes whole records: a record it could not send
 * at once stays queued in it, and must be retried with the same bytes, which `state` keeps track of.
 */
const writeLoop = Effect.fnUntraced(function*(self: NativeSSLSocket, data: Uint8Array, state: { offset: number; queued: boolean }, deadline: number) {
  while (state.offset < data.length) {
    const bad = broken(self, "sendall")
    if (bad !== undefined) return yield* Effect.fail(bad)
    const conn = self._conn!
    const r = native.tlsWrite(conn, data, state.offset, data.length - state.offset)
    if (r >= 0) {
      state.offset += r
      state.queued = false
    } else if (r === WANT_WRITE || r === WANT_READ) {
      state.queued = true
      yield* waitIo(self._raw, r === WANT_WRITE ? Watcher.WRITE : Watcher.READ, deadline, "sendall")
    } else {
      const error = self._error(r, "sendall")
      return yield* Effect.fail(error === "eof" ? SocketError.fromErrno(EPIPE, "sendall") : error)
    }
  }
})

/**
 * Writes `data` with the write lock held. Left early (interrupted, timed out) while OpenSSL holds a
 * record of it, the rest of `data` is copied to the backlog: those bytes are with TLS already, and
 * the next write must send them first, as the node:tls engine would.
 */
const writeHeld = (self: NativeSSLSocket, data: Uint8Array, deadline: number): Effect.Effect<void, SSLIoError> => {
  const state = { offset: 0, queued: false }
  return Effect.onExit(writeLoop(self, data, state, deadline), (exit) =>
    Effect.sync(() => {
      if (Exit.isFailure(exit) && state.queued && self._failure === undefined && !self._released) {
        self._backlog = Buffer.from(data.subarray(state.offset))
      }
    }))
}

const writeLocked = Effect.fnUntraced(function*(self: NativeSSLSocket, data: Uint8Array | undefined, deadline: number) {
  self._writing = true
  try {
    const backlog = self._backlog
    if (backlog !== undefined) {
      self._backlog = undefined
      yield* writeHeld(self, backlog, deadline)
    }
    if (data !== undefined) yield* writeHeld(self, data, deadline)
  } finally {
    self._writing = false
  }
})

const writeSlow = Effect.fnUntraced(function*(self: NativeSSLSocket, data: Uint8Array | undefined, deadline: number) {
  if (!self._handshakeDone) yield* handshakeCall(self, deadline)
  yield* self._writeLock.withPermits(1)(writeLocked(self, data, deadline))
})

/** sendall: one addon call when the kernel takes it all (the usual case), else the waiting path. */
const sendallImpl = (self: NativeSSLSocket, data: Uint8Array, deadline: number): Effect.Effect<void, SSLIoError> => {
  if (self._handshakeDone && !self._writing && self._backlog === undefined) {
    const bad = broken(self, "sendall")
    if (bad !== undefined) return Effect.fail(bad)
    const conn = self._conn!
    const r = native.tlsWrite(conn, data, 0, data.length)
    if (r === data.length) return Effect.void
    if (r >= 0) return writeSlow(self, data.subarray(r), deadline)
    if (r !== WANT_WRITE && r !== WANT_READ) {
      const error = self._error(r, "sendall")
      return Effect.fail(error === "eof" ? SocketError.fromErrno(EPIPE, "sendall") : error)
    }
    // OpenSSL holds the first record now: the retry must start with the same bytes.
  }
  return writeSlow(self, data, deadline)
}

// ---------------------------------------------------------------- unwrap

const unwrapImpl = Effect.fn("SSLSocket.unwrap")(function*(self: NativeSSLSocket) {
  const deadline = deadlineOf(self._raw)
  if (!self._handshakeDone) yield* handshakeCall(self, deadline)
  // What earlier writes left with TLS goes out before close_notify.
  if (self._backlog !== undefined) yield* writeSlow(self, undefined, deadline)
  while (true) {
    const bad = broken(self, "unwrap")
    if (bad !== undefined) return yield* Effect.fail(bad)
    const conn = self._conn!
    const r = native.tlsShutdown(conn)
    // 0: ours is sent; the next call reads the peer's (record by record: no byte past it).
    if (r === 1) break
    if (r === 0) continue
    if (r === WANT_READ) yield* waitIo(self._raw, Watcher.READ, deadline, "unwrap")
    else if (r === WANT_WRITE) yield* waitIo(self._raw, Watcher.WRITE, deadline, "unwrap")
    else {
      const error = self._error(r, "unwrap")
      // The peer closed the connection instead of answering: nothing more will come; the socket is ours.
      if (error === "eof" || (error._tag === "SSLError" && error.reason === "UNEXPECTED_EOF_WHILE_READING")) break
      return yield* Effect.fail(error)
    }
  }
  self._detached = true
  self._realClose()
  self._closed = true
  return self._raw
})
