/**
 * `makefile`: a buffered file object over a socket, Python's `socket.makefile` / `SocketIO` with a
 * `BufferedReader`/`BufferedWriter` on top, plus `Stream`/`Sink` views for Effect code.
 *
 * @since 0.1.0
 */
import { ConcurrentObjectUseError, errnoValue, SocketError } from "@greenfiber/core"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import { TextDecoder, TextEncoder } from "node:util"
import { invalid } from "./address.ts"
import type { IoError, Socket } from "./Socket.ts"
import { badFd, recvImpl, sendImpl } from "./Socket.ts"

const CHUNK = 65536
const WRITE_BUFFER = 8192
const NEWLINE = 10

/** Characters as Python counts them: code points, not UTF-16 units. */
const codePoints = (text: string): number => {
  let n = 0
  // The string iterator steps over code points (a lone surrogate counts as one).
  for (const _ of text) n++
  return n
}

const closedFile = () =>
  new SocketError({ errno: errnoValue("EBADF"), code: "EBADF", message: "I/O operation on closed file" })

const notMode = (what: string) =>
  new SocketError({ errno: errnoValue("EBADF"), code: "EBADF", message: `File not open for ${what}` })

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/**
 * A buffered file over a socket, from `sock.makefile(mode)`. `A` is `Uint8Array` in binary modes
 * (`"rb"`, `"wb"`, `"rwb"`) and `string` (UTF-8) in text modes (`"r"`, `"w"`, `"rw"`).
 * In text mode `read(n)` reads up to `n` bytes and returns the complete characters among them (a
 * character cut by the limit is kept for the next read).
 *
 * Python's reference rule holds: the socket's fd is closed only when the socket and every file made
 * from it are closed.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { Socket } from "@greenfiber/socket"
 *
 * const echoLine = (sock: Socket) => Effect.scoped(Effect.gen(function*() {
 *   const f = yield* sock.makefile("rwb")
 *   const line = yield* f.readline()
 *   yield* f.write(line)
 *   yield* f.flush()
 * }))
 * ```
 * @since 0.1.0
 * @category models
 */
export interface SocketFile<A extends Uint8Array | string, E = IoError> {
  readonly mode: string
  readonly closed: boolean
  /** `n` bytes (fewer only at EOF); without `n` (or negative), everything up to EOF. */
  readonly read: (n?: number) => Effect.Effect<A, E>
  /** One line with its `"\n"` (none at EOF); at most `limit` bytes when given. */
  readonly readline: (limit?: number) => Effect.Effect<A, E>
  /** Buffers `data` (sending when the buffer is full); returns its length. */
  readonly write: (data: A) => Effect.Effect<number, E>
  /** Sends everything buffered. */
  readonly flush: Effect.Effect<void, E>
  /** Flushes and closes the file (twice is fine); the fd closes if the socket was closed too. */
  readonly close: Effect.Effect<void, E>
  /** The file's data until EOF, in chunks of at most `chunkSize` bytes. */
  readonly stream: (chunkSize?: number) => Stream.Stream<A, E>
  /** Writes every element, then flushes. */
  readonly sink: Sink.Sink<void, A, never, E>
}

/**
 * What a file needs of its socket: the plain `Socket`, or the TLS socket (`ssl/SSLSocket.ts`), which
 * keeps the same reference count and close state and reads and writes through `io`.
 *
 * @internal
 */
export interface FileOwner {
  _ioRefs: number
  readonly _closed: boolean
  readonly _fd: number
  _live(): boolean
  _realClose(): void
}

/** @internal how a file reads (one call, up to `n` bytes, empty at EOF) and writes (some bytes, a count). */
export interface FileIo {
  readonly recv: (owner: any, n: number) => Effect.Effect<Uint8Array, any>
  readonly send: (owner: any, data: Uint8Array) => Effect.Effect<number, any>
}

const socketIo: FileIo = {
  recv: (sock: Socket, n) => recvImpl(sock, n, 0),
  send: (sock: Socket, data) => sendImpl(sock, data, 0)
}

/** @internal */
export const makeFile = (
  sock: FileOwner,
  mode: string,
  io: FileIo = socketIo
): Effect.Effect<SocketFile<any, any>, SocketError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.suspend(() => {
      if (typeof mode !== "string" || mode.length === 0 || ![...mode].every((c) => "rwb".includes(c)) ||
        new Set(mode).size !== mode.length) {
        return Effect.fail(invalid(`invalid mode '${String(mode)}' (only r, w, b allowed)`))
      }
      if (!sock._live()) return Effect.fail(badFd("makefile"))
      return Effect.succeed(new FileImpl(sock, mode, io))
    }),
    // A scope release cannot be interrupted, but a flush to a peer that never reads may never end: the
    // flush runs interruptible (an owner being interrupted drops what is buffered), the close always.
    (f) => f.closeAfter(Effect.ignore(Effect.interruptible(f.flushPending())))
  )

class FileImpl implements SocketFile<any, any> {
  readonly mode: string
  closed = false
  readonly sock: FileOwner
  readonly io: FileIo
  readonly reading: boolean
  readonly writing: boolean
  readonly text: boolean
  rbuf: Uint8Array = new Uint8Array(0)
  /** The peer's EOF was read. */
  eof = false
  wbuf: Array<Uint8Array> = []
  wsize = 0
  /** A flush is sending the buffer (it may wait for the socket): writes meanwhile only append. */
  flushInFlight = false
  readonly decoder: TextDecoder | undefined
  readonly encoder: TextEncoder | undefined

  constructor(sock: FileOwner, mode: string, io: FileIo) {
    this.sock = sock
    this.io = io
    this.mode = mode
    this.reading = mode.includes("r")
    this.writing = mode.includes("w")
    this.text = !mode.includes("b")
    this.decoder = this.text ? new TextDecoder() : undefined
    this.encoder = this.text ? new TextEncoder() : undefined
    sock._ioRefs++
  }

  /** Bytes as the file hands them out: as they are, or decoded. At EOF with nothing left, the
   * decoder is flushed, so a sequence the peer cut short reads as U+FFFD instead of vanishing. */
  out(bytes: Uint8Array): any {
    if (this.decoder === undefined) return bytes
    return this.decoder.decode(bytes, { stream: !(this.eof && this.rbuf.length === 0) })
  }

  check(reading: boolean): SocketError | undefined {
    if (this.closed) return closedFile()
    if (reading && !this.reading) return notMode("reading")
    if (!reading && !this.writing) return notMode("writing")
    return undefined
  }

  /** One recv into the buffer; false at EOF. */
  fill(): Effect.Effect<boolean, IoError> {
    return Effect.map(this.io.recv(this.sock, CHUNK), (chunk) => {
      if (chunk.length === 0) {
        this.eof = true
        return false
      }
      this.rbuf = concat(this.rbuf, chunk)
      return true
    })
  }

  take(n: number): Uint8Array {
    const taken = this.rbuf.subarray(0, n)
    this.rbuf = this.rbuf.subarray(n)
    return taken
  }

  readonly read = (n?: number) => Effect.map(this.readBytes(n), (bytes) => this.out(bytes))

  readBytes(n?: number): Effect.Effect<Uint8Array, IoError> {
    const self = this
    return Effect.gen(function*() {
      const bad = self.check(true)
      if (bad) return yield* Effect.fail(bad)
      const all = n === undefined || n < 0
      while (all || self.rbuf.length < n!) {
        if (!(yield* self.fill())) break
      }
      return self.take(all ? self.rbuf.length : Math.min(n!, self.rbuf.length))
    })
  }

  readonly readline = (limit?: number) => {
    const self = this
    return Effect.gen(function*() {
      const bad = self.check(true)
      if (bad) return yield* Effect.fail(bad)
      const max = limit === undefined || limit < 0 ? Infinity : limit
      let scanned = 0
      while (true) {
        const nl = self.rbuf.indexOf(NEWLINE, scanned)
        if (nl >= 0 && nl < max) return self.out(self.take(nl + 1))
        if (self.rbuf.length >= max) return self.out(self.take(max))
        scanned = self.rbuf.length
        if (!(yield* self.fill())) return self.out(self.take(self.rbuf.length))
      }
    })
  }

  readonly write = (data: any) =>
    Effect.suspend((): Effect.Effect<number, IoError> => {
      const bad = this.check(false)
      if (bad) return Effect.fail(bad)
      // As Python: a text file takes str only (and counts characters), a binary one bytes only.
      if (this.encoder !== undefined && typeof data !== "string") {
        return Effect.fail(invalid("write() argument must be str"))
      }
      const bytes: Uint8Array = this.encoder !== undefined ? this.encoder.encode(data) : data
      if (!(bytes instanceof Uint8Array)) return Effect.fail(invalid("a bytes-like object is required"))
      const length = typeof data === "string" ? codePoints(data) : bytes.length
      // A flush already under way (another fiber's) sends what is appended meanwhile: just buffer.
      const flushing = !this.flushInFlight && this.wsize + bytes.length >= WRITE_BUFFER
      // Data that stays buffered after write() returns is copied, as Python's BufferedWriter does: the
      // caller may reuse its array at once. A write that flushes completes only once it is sent.
      this.wbuf.push(flushing || typeof data === "string" ? bytes : bytes.slice())
      this.wsize += bytes.length
      return flushing ? Effect.as(this.flushNow(), length) : Effect.succeed(length)
    })

  /**
   * Sends the buffer with `send`s, keeping whatever is not sent yet, as Python's BufferedWriter does:
   * a flush that fails or is interrupted loses nothing `write` accepted, and the next flush goes on
   * from there.
   */
  flushNow(): Effect.Effect<void, IoError> {
    // The flag is set in the same uninterruptible step that guarantees its reset: an interruption in
    // between (the runtime's budget yield can land anywhere) would leave every later flush refused.
    return Effect.acquireUseRelease(this.claimFlush, () => this.flushLoop(), () => this.releaseFlush)
  }

  // Another fiber's flush is waiting for the socket: as for two fibers waiting to send on one socket,
  // the second is refused (its data, already buffered, goes out with that flush).
  private readonly claimFlush = Effect.suspend(() => {
    if (this.flushInFlight) {
      return Effect.fail(new ConcurrentObjectUseError({ message: "This file is already being flushed by another fiber" }))
    }
    this.flushInFlight = true
    return Effect.void
  })

  private readonly releaseFlush = Effect.sync(() => {
    this.flushInFlight = false
  })

  flushLoop(): Effect.Effect<void, IoError> {
    const self = this
    return Effect.gen(function*() {
      while (self.wsize > 0) {
        const data = self.wbuf.length === 1 ? self.wbuf[0]! : Buffer.concat(self.wbuf)
        self.wbuf = [data]
        const sent: number = yield* self.io.send(self.sock, data)
        // `data` is still first; writes made while the send waited were appended after it.
        const later = self.wbuf.slice(1)
        self.wbuf = sent === data.length ? later : [data.subarray(sent), ...later]
        self.wsize -= sent
      }
    })
  }

  get flush(): Effect.Effect<void, IoError> {
    return Effect.suspend(() => {
      if (this.closed) return Effect.fail(closedFile())
      return this.flushNow()
    })
  }

  get close(): Effect.Effect<void, IoError> {
    return this.closeAfter(this.flushPending())
  }

  /** What `close` sends first: the buffer of a writing file whose socket is still open. */
  flushPending(): Effect.Effect<void, IoError> {
    return Effect.suspend(() => this.closed || !this.writing || this.sock._fd < 0 ? Effect.void : this.flushNow())
  }

  /** Runs `flush`, then closes the file however it ended (twice is fine). */
  closeAfter<E>(flush: Effect.Effect<void, E>): Effect.Effect<void, E> {
    return Effect.suspend(() => this.closed ? Effect.void : Effect.ensuring(flush, this.markClosed))
  }

  private readonly markClosed = Effect.sync(() => {
    if (this.closed) return
    this.closed = true
    this.sock._ioRefs--
    if (this.sock._closed && this.sock._ioRefs <= 0) this.sock._realClose()
  })

  /**
   * Up to `n` bytes with at most one recv, as Python's `read1`: what is buffered, or else what one
   * read brings. Streams use it, so a chunk is emitted as soon as data arrives.
   */
  readSome(n: number): Effect.Effect<Uint8Array, IoError> {
    const self = this
    return Effect.gen(function*() {
      const bad = self.check(true)
      if (bad) return yield* Effect.fail(bad)
      if (self.rbuf.length === 0) yield* self.fill()
      return self.take(Math.min(n, self.rbuf.length))
    })
  }

  readonly stream = (chunkSize = CHUNK): Stream.Stream<any, IoError> => {
    const size = Number.isInteger(chunkSize) && chunkSize > 0 ? chunkSize : CHUNK
    const self = this
    return Stream.fromPull(Effect.succeed(Effect.gen(function*() {
      while (true) {
        const bytes = yield* self.readSome(size)
        // Text that ends inside a character decodes to "" until the rest arrives: read on. At EOF
        // the decoder is flushed, and a character the peer cut short comes out as U+FFFD.
        const chunk = self.out(bytes)
        if (chunk.length > 0) return [chunk] as const
        if (bytes.length === 0) return yield* Cause.done()
      }
    })))
  }

  get sink(): Sink.Sink<void, any, never, IoError> {
    return Sink.forEach((chunk: any) => this.write(chunk)).pipe(
      Sink.mapEffect(() => this.flush)
    ) as any
  }
}
