/**
 * The node:tls engine of `SSLSocket`: Node's TLS layer (`tls.TLSSocket`, OpenSSL inside Node) runs
 * over a memory pipe (`pipe.ts`), and every call that needs ciphertext reads it from the socket
 * itself, with the socket's deadline. It is the fallback where the addon cannot reach Node's
 * OpenSSL (see `native-engine.ts`), and what `GF_SSL_ENGINE=node` picks.
 *
 * @internal
 */
import { errnoValue, SocketError, SocketTimeout } from "@greenfiber/core"
import { Native, Watcher } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import type { X509Certificate } from "node:crypto"
import { isIP } from "node:net"
import * as tls from "node:tls"
import { invalid } from "../address.ts"
import { badFd, deadlineOf, type IoError, overBudget, type Socket, waitIo } from "../Socket.ts"
import { CERT_NONE, CERT_REQUIRED } from "./constants.ts"
import type { SSLContext, WrapOptions } from "./context.ts"
import { certVerificationError, eofError, fromNodeError, fromVerifyError, type SSLCertVerificationError, SSLError } from "./errors.ts"
import { CipherPipe, type PipeOwner } from "./pipe.ts"
import { type SSLIoError, SSLSocket } from "./SSLSocket.ts"

const native = Native.native
const EAGAIN = errnoValue("EAGAIN")

/**
 * Ciphertext is read into this one buffer, shared by every TLS socket: the TLS layer copies what it
 * is given before `push` returns (see `CipherPipe.deliversAtOnce`), so the buffer is free again at
 * once. The rare chunk the pipe must keep for later is copied out first.
 */
const READ_SIZE = 65536
const readBuffer = Buffer.allocUnsafeSlow(READ_SIZE)

/** The record header: type, version, length (RFC 8446 5.1). */
const RECORD_HEADER = 5

type Waiter = () => void

interface Pending {
  readonly data: Buffer
  offset: number
  readonly done: () => void
}

const secretBits = (name: string): number =>
  /CHACHA20|AES_?256|CAMELLIA_?256|ARIA_?256/i.test(name) ? 256 : /AES_?128|CAMELLIA_?128|ARIA_?128/i.test(name) ? 128 : /3DES|DES_?CBC3/i.test(name) ? 112 : 0

/** @internal a TLS socket on the node:tls engine. */
export class NodeSSLSocket extends SSLSocket implements PipeOwner {
  /** @internal */
  readonly _pipe: CipherPipe
  /** @internal */
  readonly _tls: tls.TLSSocket
  /** @internal recv(2) returned 0. */
  _rawEof = false
  /** @internal plaintext the TLS layer produced that no call has taken yet. */
  _plain: Array<Buffer> = []
  /** @internal */
  _plainLength = 0
  /** @internal ciphertext the kernel did not take yet, oldest first. */
  _out: Array<Pending> = []
  /** @internal a fiber is waiting to send `_out` (the others wait for it). */
  _flushing = false
  /** @internal TLS writes whose callback has not run yet. */
  _writes = 0
  /** @internal bumped by every event a waiting call may be waiting for. */
  _version = 0
  /** @internal */
  _waiters = new Set<Waiter>()
  /** @internal */
  _wakeScheduled = false
  /** @internal the TLS socket has started reading (see the constructor). */
  _ready = false
  /** @internal the peer's certificate is kept at the handshake: Node lets go of it afterwards. */
  constructor(context: SSLContext, raw: Socket, serverSide: boolean, serverHostname: string | null, options: WrapOptions) {
    super(context, raw, serverSide, serverHostname, options)
    this._pipe = new CipherPipe(this)
    const common = {
      secureContext: context._secureContext(),
      // Verification is ours (`_verify`), so that it fails with CPython's error and codes.
      rejectUnauthorized: false,
      ...(context._alpn !== undefined ? { ALPNProtocols: context._alpn } : {})
    }
    // RFC 6066 forbids an IP address as SNI: it is only checked against the certificate.
    const sni = serverHostname !== null && isIP(serverHostname) === 0 ? serverHostname : undefined
    const t = serverSide
      ? new tls.TLSSocket(this._pipe, { ...common, isServer: true, requestCert: context.verifyMode !== CERT_NONE })
      : tls.connect({ ...common, socket: this._pipe, ...(sni !== undefined ? { servername: sni } : {}), checkServerIdentity: () => undefined })
    this._tls = t
    // A `data` listener puts the TLS socket in flowing mode: plaintext arrives here as the TLS layer
    // decrypts it, within the `feed` that brought its ciphertext.
    t.on("data", (chunk: Buffer) => {
      this._plain.push(chunk)
      this._plainLength += chunk.length
      this._notify()
    })
    t.on("end", () => {
      this._eof = true
      this._notify()
    })
    t.on("error", (error: unknown) => this._onError(error))
    t.on("close", () => this._notify())
    t.on("secure", () => this._onSecure())
    // A TLS socket starts reading its transport on the next tick (so that listeners can be set up);
    // ciphertext fed before then is not processed at once, and its events would come while the
    // feeding call already waits for the next bytes. Queued after that start, this marks it done.
    process.nextTick(() => {
      this._ready = true
      this._notify()
    })
  }

  // ---------------------------------------------------------------- TLS information

  /** The negotiated protocol, `"TLSv1.3"` or `"TLSv1.2"`; `null` before the handshake. */
  override version(): string | null {
    return this._handshakeDone ? this._tls.getProtocol() : null
  }

  /** `[name, protocol, secretBits]` of the cipher in use, as CPython's `cipher()`; `null` before the handshake. */
  override cipher(): readonly [string, string, number] | null {
    if (!this._handshakeDone) return null
    const c = this._tls.getCipher()
    return [c.standardName ?? c.name, c.version, secretBits(c.standardName ?? c.name)]
  }

  /** The protocol ALPN selected, or `null`. */
  override selectedAlpnProtocol(): string | null {
    const p = this._tls.alpnProtocol
    return typeof p === "string" ? p : null
  }

  /** Decrypted bytes ready to be read without waiting. */
  override pending(): number {
    return this._plainLength
  }

  // ---------------------------------------------------------------- engine

  /** @internal */
  _handshake(deadline: number): Effect.Effect<void, SSLIoError> {
    return handshakeCall(this, deadline)
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
    return sendallCall(this, data, deadline)
  }

  /** @internal */
  _unwrap(): Effect.Effect<Socket, SSLIoError> {
    return unwrapImpl(this)
  }

  // ---------------------------------------------------------------- internals

  /** @internal */
  override _realClose(): void {
    if (this._released) return
    this._released = true
    this._tls.destroy()
    if (!this._detached) this._raw._closeUnsafe()
    this._notify()
  }

  /**
   * @internal Wakes the calls waiting for an event. Events fire inside the TLS layer's own callbacks,
   * often inside another fiber's `feed`: the waiters are resumed from a microtask, never re-entering it.
   */
  override _notify(): void {
    this._version++
    if (this._waiters.size === 0 || this._wakeScheduled) return
    this._wakeScheduled = true
    queueMicrotask(() => {
      this._wakeScheduled = false
      const waiters = [...this._waiters]
      this._waiters.clear()
      for (const w of waiters) w()
    })
  }

  /** @internal */
  _fail(error: SSLIoError): void {
    if (this._failure === undefined) this._failure = error
    this._notify()
  }

  /** @internal */
  _onError(error: unknown): void {
    if (this._failure !== undefined || this._released) return this._notify()
    // CPython's suppress_ragged_eofs: a TCP EOF without close_notify after the handshake reads as EOF.
    if (this._handshakeDone && this._rawEof && this._suppressRaggedEofs) {
      this._eof = true
      return this._notify()
    }
    const code = (error as { code?: unknown }).code
    if (!this._handshakeDone && (code === "ECONNRESET" || this._rawEof) && typeof (error as { library?: unknown }).library !== "string") {
      return this._fail(eofError())
    }
    this._fail(fromNodeError(error))
  }

  /** @internal the handshake finished at the TLS level: verify the peer, CPython's way. */
  _onSecure(): void {
    // Node hands the peer's certificate out once (a second call finds none): it is kept here.
    const peer = this._tls.getPeerX509Certificate()
    this._peerDer = peer?.raw
    const failure = this._verify(peer)
    if (failure !== undefined) {
      this._fail(failure)
      this._tls.destroy()
      return
    }
    this._handshakeDone = true
    this._notify()
  }

  /** @internal */
  _verify(peer: X509Certificate | undefined): SSLError | SSLCertVerificationError | undefined {
    const ctx = this.context
    if (ctx.verifyMode === CERT_NONE) return undefined
    if (peer === undefined) {
      return this.serverSide && ctx.verifyMode !== CERT_REQUIRED ? undefined : new SSLError({
        reason: "PEER_DID_NOT_RETURN_A_CERTIFICATE",
        library: "SSL",
        message: "[SSL: PEER_DID_NOT_RETURN_A_CERTIFICATE] peer did not return a certificate"
      })
    }
    // Node's verify callback accepts every chain during the handshake and keeps OpenSSL's verdict for
    // later (what `tls.connect` itself consults as `ssl.verifyError()`).
    const handle = (this._tls as unknown as { _handle?: { verifyError?: () => Error | null } })._handle
    const verifyError = handle?.verifyError?.()
    if (verifyError) return fromVerifyError(verifyError)
    if (!this.serverSide && ctx.checkHostname && this.serverHostname !== null) {
      const host = this.serverHostname
      // OpenSSL's X509_check_host / X509_check_ip, as CPython's check (no partial wildcards).
      const matched = isIP(host) !== 0 ? peer.checkIP(host) : peer.checkHost(host, { partialWildcards: false })
      if (matched === undefined) {
        return isIP(host) !== 0
          ? certVerificationError(64, `IP address mismatch, certificate is not valid for '${host}'.`)
          : certVerificationError(62, `Hostname mismatch, certificate is not valid for '${host}'.`)
      }
    }
    return undefined
  }

  /** @internal ciphertext from the TLS layer: to the kernel now, or queued for a call to flush. */
  _output(data: Buffer, done: () => void): void {
    const fd = this._raw._fd
    if (fd < 0 || this._released) return done()
    if (this._out.length === 0) {
      const r = native.send(fd, data, 0, data.length, 0)
      if (r === data.length) return done()
      if (r < 0 && r !== -EAGAIN) {
        this._fail(SocketError.fromErrno(-r, "send"))
        return done()
      }
      this._out.push({ data, offset: r < 0 ? 0 : r, done })
    } else {
      this._out.push({ data, offset: 0, done })
    }
    this._notify()
  }

  /** @internal the TLS layer shut its writing side (after close_notify): the socket itself stays open. */
  _shutdownWrite(): void {
    this._notify()
  }

  /** @internal `n` bytes of ciphertext just read into `readBuffer`, or into `own`. */
  _feed(n: number, own?: Buffer): void {
    const pipe = this._pipe
    if (own !== undefined) pipe.push(own)
    else if (pipe.deliversAtOnce() && pipe.listenerCount("data") > 0) pipe.push(readBuffer.subarray(0, n))
    else pipe.push(Buffer.from(readBuffer.subarray(0, n)))
  }

  /** @internal up to `n` bytes of plaintext (there is some). */
  _take(n: number): Buffer {
    const first = this._plain[0]!
    if (first.length > n) {
      this._plain[0] = first.subarray(n)
      this._plainLength -= n
      return first.subarray(0, n)
    }
    this._plain.shift()
    this._plainLength -= first.length
    if (first.length === n || this._plain.length === 0) return first
    const parts = [first]
    let size = first.length
    while (size < n && this._plain.length > 0) {
      const next = this._plain[0]!
      if (size + next.length > n) {
        parts.push(next.subarray(0, n - size))
        this._plain[0] = next.subarray(n - size)
        this._plainLength -= n - size
        size = n
      } else {
        parts.push(next)
        this._plain.shift()
        this._plainLength -= next.length
        size += next.length
      }
    }
    return Buffer.concat(parts, size)
  }

  /** @internal copies up to `n` bytes of plaintext into `into`. */
  _takeInto(into: Uint8Array, n: number): number {
    let copied = 0
    while (copied < n && this._plain.length > 0) {
      const chunk = this._plain[0]!
      const k = Math.min(chunk.length, n - copied)
      into.set(k === chunk.length ? chunk : chunk.subarray(0, k), copied)
      copied += k
      if (k === chunk.length) this._plain.shift()
      else this._plain[0] = chunk.subarray(k)
    }
    this._plainLength -= copied
    return copied
  }
}

// ---------------------------------------------------------------- waiting

/** Fails with the state's error, if the connection cannot go on. */
const brokenState = (self: NodeSSLSocket, syscall: string): SSLIoError | undefined => {
  if (self._released) return badFd(syscall)
  // A destroyed stream emits its error on the next tick; its `errored` is set at once.
  if (self._failure === undefined && self._tls.errored !== null) self._onError(self._tls.errored)
  return self._failure
}

/**
 * The TLS layer read the peer's close_notify (or a tolerated EOF). Its `end` event comes a tick later;
 * the stream's state says so at once, and in flowing mode with nothing buffered every byte before
 * the end has already reached the `data` listener.
 */
const ended = (self: NodeSSLSocket): boolean =>
  self._eof ||
  ((self._tls as unknown as { _readableState?: { ended?: boolean } })._readableState?.ended === true && self._tls.readableLength === 0)

/**
 * Waits for an event of the TLS layer after version `seen` (plaintext, handshake, EOF, error, a
 * write done, queued ciphertext, a close), within `deadline`.
 */
const waitEvent = (self: NodeSSLSocket, seen: number, deadline: number, syscall: string): Effect.Effect<void, SocketError | SocketTimeout> =>
  Effect.callback<void, SocketError | SocketTimeout>((resume) => {
    if (self._version !== seen) return resume(Effect.void)
    if (self._released) return resume(Effect.fail(badFd(syscall)))
    if (self._raw._timeoutMs === 0) return resume(Effect.fail(SocketError.fromErrno(EAGAIN, syscall)))
    let timer: ReturnType<typeof setTimeout> | undefined
    const waiter: Waiter = () => {
      if (timer !== undefined) clearTimeout(timer)
      resume(Effect.void)
    }
    if (deadline >= 0) {
      const ms = deadline - performance.now()
      if (ms <= 0) return resume(Effect.fail(new SocketTimeout()))
      timer = setTimeout(() => {
        self._waiters.delete(waiter)
        resume(Effect.fail(new SocketTimeout()))
      }, ms)
    }
    self._waiters.add(waiter)
    return Effect.sync(() => {
      self._waiters.delete(waiter)
      if (timer !== undefined) clearTimeout(timer)
    })
  })

/** One recv(2) of ciphertext into the TLS layer: undefined on EAGAIN. */
const readOnce = (self: NodeSSLSocket): Effect.Effect<void, SocketError> | undefined => {
  const fd = self._raw._fd
  if (fd < 0 || self._released) return Effect.fail(badFd("recv"))
  const r = native.recv(fd, readBuffer, 0, READ_SIZE, 0)
  if (r > 0) {
    self._feed(r)
    return Effect.void
  }
  if (r === 0) {
    self._rawEof = true
    self._pipe.push(null)
    self._notify()
    return Effect.void
  }
  if (r === -EAGAIN) return undefined
  const error = SocketError.fromErrno(-r, "recv")
  self._fail(error)
  return Effect.fail(error)
}

const readAttempt = (w: Watcher.WatcherImpl) => readOnce(w.a as NodeSSLSocket)

/** Reads ciphertext once, waiting for readability (with the deadline) if there is none yet. */
const readCiphertext = (self: NodeSSLSocket, deadline: number): Effect.Effect<void, IoError> =>
  Effect.suspend(() => readOnce(self) ?? waitIo(self._raw, Watcher.READ, deadline, "recv", readAttempt, self))

const claimFlush = (self: NodeSSLSocket) =>
  Effect.sync(() => {
    self._flushing = true
  })
const releaseFlush = (self: NodeSSLSocket) =>
  Effect.sync(() => {
    self._flushing = false
    self._notify()
  })

const flushLoop = Effect.fnUntraced(function*(self: NodeSSLSocket, deadline: number) {
  while (self._out.length > 0) {
    const head = self._out[0]!
    const fd = self._raw._fd
    if (fd < 0 || self._released) return yield* Effect.fail(badFd("send"))
    const r = native.send(fd, head.data, head.offset, head.data.length - head.offset, 0)
    if (r >= 0) {
      head.offset += r
      if (head.offset === head.data.length) {
        self._out.shift()
        head.done()
        self._notify()
      }
      continue
    }
    if (r !== -EAGAIN) {
      const error = SocketError.fromErrno(-r, "send")
      self._fail(error)
      return yield* Effect.fail(error)
    }
    yield* waitIo(self._raw, Watcher.WRITE, deadline, "send")
  }
})

/**
 * Sends the queued ciphertext, waiting for writability with the deadline. One fiber at a time sends
 * it (it alone waits on the socket's write watcher); another that needs it sent waits for its events.
 */
const flushOut = (self: NodeSSLSocket, deadline: number): Effect.Effect<void, IoError> =>
  Effect.suspend(() => {
    if (self._out.length === 0) return Effect.void
    if (self._flushing) return waitEvent(self, self._version, deadline, "send")
    return Effect.acquireUseRelease(claimFlush(self), () => flushLoop(self, deadline), () => releaseFlush(self))
  })

/**
 * One step forward for a call that needs the TLS layer to read: send what it has queued (a handshake
 * flight, a key update), or let it take the ciphertext it already has, or read more.
 */
const advance = (self: NodeSSLSocket, deadline: number, syscall: string): Effect.Effect<void, IoError> => {
  if (self._out.length > 0) return flushOut(self, deadline)
  if (!self._ready || self._pipe.backlog() || self._rawEof) return waitEvent(self, self._version, deadline, syscall)
  return readCiphertext(self, deadline)
}

const handshakeLoop = Effect.fnUntraced(function*(self: NodeSSLSocket, deadline: number) {
  while (true) {
    const broken = brokenState(self, "do_handshake")
    if (broken !== undefined) return yield* Effect.fail(broken)
    if (self._handshakeDone) {
      if (self._out.length > 0) yield* flushOut(self, deadline)
      return
    }
    if (ended(self) || self._tls.destroyed) return yield* Effect.fail(eofError())
    yield* advance(self, deadline, "do_handshake")
  }
})

const handshakeCall = Effect.fn("SSLSocket.doHandshake")(function*(self: NodeSSLSocket, deadline: number) {
  return yield* handshakeLoop(self, deadline)
})

/** Whether a read can be answered now: plaintext waiting, or the end. */
const readable = (self: NodeSSLSocket): boolean => self._handshakeDone && (self._plainLength > 0 || ended(self))

const readLoop = Effect.fnUntraced(function*(self: NodeSSLSocket, deadline: number, syscall: string) {
  if (!self._handshakeDone) yield* handshakeLoop(self, deadline)
  while (true) {
    if (self._plainLength > 0 || ended(self)) return
    const broken = brokenState(self, syscall)
    if (broken !== undefined) return yield* Effect.fail(broken)
    // The TLS socket was destroyed without an error: its end, as far as reading goes.
    if (self._tls.destroyed) return
    yield* advance(self, deadline, syscall)
  }
})

const EMPTY = Buffer.alloc(0)

const takeSome = (self: NodeSSLSocket, bufsize: number): Buffer => self._plainLength > 0 ? self._take(bufsize) : EMPTY

const recvImpl = (self: NodeSSLSocket, bufsize: number): Effect.Effect<Uint8Array, SSLIoError> =>
  Effect.suspend(() => {
    if (!Number.isInteger(bufsize) || bufsize < 0) return Effect.fail(invalid("negative buffersize in recv"))
    if (self._released) return Effect.fail(badFd("recv"))
    if (bufsize === 0) return Effect.succeed(EMPTY)
    if (readable(self)) {
      // As the plain socket's budget: a peer that always has data ready cannot starve other fibers.
      if (overBudget(self._raw)) return Effect.andThen(Effect.yieldNow, recvImpl(self, bufsize))
      return Effect.succeed(takeSome(self, bufsize))
    }
    return Effect.map(readLoop(self, deadlineOf(self._raw), "recv"), () => takeSome(self, bufsize))
  })

const recvIntoImpl = (self: NodeSSLSocket, buffer: Uint8Array, nbytes: number): Effect.Effect<number, SSLIoError> =>
  Effect.suspend(() => {
    if (!(buffer instanceof Uint8Array)) return Effect.fail(invalid("recv_into() argument must be a Uint8Array"))
    if (!Number.isInteger(nbytes) || nbytes < 0) return Effect.fail(invalid("negative buffersize in recv_into"))
    if (nbytes > buffer.length) return Effect.fail(invalid("nbytes is greater than the length of the buffer"))
    if (self._released) return Effect.fail(badFd("recv_into"))
    const n = nbytes === 0 ? buffer.length : nbytes
    if (n === 0) return Effect.succeed(0)
    if (readable(self)) {
      if (overBudget(self._raw)) return Effect.andThen(Effect.yieldNow, recvIntoImpl(self, buffer, nbytes))
      return Effect.succeed(self._takeInto(buffer, n))
    }
    return Effect.map(readLoop(self, deadlineOf(self._raw), "recv_into"), () => self._takeInto(buffer, n))
  })

/** Waits until every earlier TLS write has completed (flushing what they queued). */
const writesSettled = Effect.fnUntraced(function*(self: NodeSSLSocket, deadline: number, syscall: string) {
  while (self._writes > 0) {
    const seen = self._version
    const broken = brokenState(self, syscall)
    if (broken !== undefined) return yield* Effect.fail(broken)
    if (self._out.length > 0) yield* flushOut(self, deadline)
    else yield* waitEvent(self, seen, deadline, syscall)
  }
})

const sendallCall = Effect.fnUntraced(function*(self: NodeSSLSocket, data: Uint8Array, deadline: number) {
  if (!self._handshakeDone) yield* handshakeLoop(self, deadline)
  // With no write in flight the TLS layer encrypts `data` inside `write()` (OpenSSL copies it into its
  // records), so an interrupted call leaves nothing that refers to the caller's array. A write made
  // while another is in flight would wait in the stream's queue, by reference.
  if (self._writes > 0) yield* writesSettled(self, deadline, "sendall")
  const broken = brokenState(self, "sendall")
  if (broken !== undefined) return yield* Effect.fail(broken)
  let done = false
  self._writes++
  self._tls.write(data, () => {
    self._writes--
    done = true
    self._notify()
  })
  while (true) {
    const seen = self._version
    const failed = brokenState(self, "sendall")
    if (failed !== undefined) return yield* Effect.fail(failed)
    if (self._out.length > 0) {
      yield* flushOut(self, deadline)
      continue
    }
    // Non-blocking: the records are with the TLS layer and go out with later calls.
    if (done || self._raw._timeoutMs === 0) return
    yield* waitEvent(self, seen, deadline, "sendall")
  }
})

/** Reads exactly `n` bytes of ciphertext (fewer only at EOF), without taking a byte more from the socket. */
const readExact = Effect.fnUntraced(function*(self: NodeSSLSocket, n: number, deadline: number) {
  const buf = Buffer.allocUnsafe(n)
  let got = 0
  while (got < n) {
    const fd = self._raw._fd
    if (fd < 0) return yield* Effect.fail(badFd("recv"))
    const r = native.recv(fd, buf, got, n - got, 0)
    if (r === 0) break
    if (r > 0) {
      got += r
      continue
    }
    if (r !== -EAGAIN) return yield* Effect.fail(SocketError.fromErrno(-r, "recv"))
    yield* waitIo(self._raw, Watcher.READ, deadline, "recv")
  }
  return buf.subarray(0, got)
})

/** Lets the TLS layer's deferred work (stream ticks, `setImmediate` write completions) run. */
const settle = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

const unwrapImpl = Effect.fn("SSLSocket.unwrap")(function*(self: NodeSSLSocket) {
  const deadline = deadlineOf(self._raw)
  if (!self._handshakeDone) yield* handshakeLoop(self, deadline)
  yield* writesSettled(self, deadline, "unwrap")
  self._detached = true
  let finished = false
  // Ending the TLS socket sends close_notify (SSL_shutdown); the pipe's own end leaves the socket open.
  self._tls.end(() => {
    finished = true
    self._notify()
  })
  while (!finished || self._out.length > 0) {
    const seen = self._version
    const broken = brokenState(self, "unwrap")
    if (broken !== undefined) return yield* Effect.fail(broken)
    if (self._out.length > 0) yield* flushOut(self, deadline)
    else yield* waitEvent(self, seen, deadline, "unwrap")
  }
  // The peer's close_notify, one whole record at a time: bytes after it belong to the plain socket.
  while (!ended(self) && !self._rawEof && self._failure === undefined && !self._tls.destroyed) {
    const header = yield* readExact(self, RECORD_HEADER, deadline)
    const body = header.length < RECORD_HEADER ? EMPTY : yield* readExact(self, header.readUInt16BE(3), deadline)
    if (header.length < RECORD_HEADER || body.length < header.readUInt16BE(3)) {
      self._rawEof = true
      break
    }
    self._feed(0, Buffer.concat([header, body]))
    yield* settle
  }
  const failure = self._failure
  self._realClose()
  self._closed = true
  if (failure !== undefined && !ended(self)) return yield* Effect.fail(failure)
  return self._raw
})

