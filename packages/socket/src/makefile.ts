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
import { badFd, type IoError } from "./internal/io.ts"
import { recvImpl } from "./internal/recv.ts"
import { sendImpl } from "./internal/send.ts"
import { type Owner, release, retain, type SocketState } from "./internal/socket.ts"

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
 *   yield* f.flush
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
export interface FileOwner extends Owner {
  readonly _fd: number
  _live(): boolean
}

/** @internal how a file reads (one call, up to `n` bytes, empty at EOF) and writes (some bytes, a count). */
export interface FileIo {
  readonly recv: (owner: any, n: number) => Effect.Effect<Uint8Array, any>
  readonly send: (owner: any, data: Uint8Array) => Effect.Effect<number, any>
}

const socketIo: FileIo = {
  recv: (sock: SocketState, n) => recvImpl(sock, n, 0),
  send: (sock: SocketState, data) => sendImpl(sock, data, 0)
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

/** Nothing buffered: shared, as a zero-length array cannot be written. */
const EMPTY: Uint8Array = Buffer.alloc(0)

class FileImpl implements SocketFile<any, any> {
  readonly mode: string
  closed = false
  readonly sock: FileOwner
  readonly io: FileIo
  readonly reading: boolean
  readonly writing: boolean
  readonly text: boolean
  /**
   * The read buffer: `rbuf[rpos, rend)` is read from the socket and not yet handed out. Reads hand out
   * views of it, not copies, so bytes before `rpos` may still be held by a caller: they are never
   * written again. A fill appends past `rend` (into room a grown buffer has) or moves what is left
   * into a new buffer; once everything is handed out, the buffer is let go.
   */
  rbuf: Uint8Array = EMPTY
  rpos = 0
  rend = 0
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
    retain(sock)
  }

  /** Bytes as the file hands them out: as they are, or decoded. At EOF with nothing left, the
   * decoder is flushed, so a sequence the peer cut short reads as U+FFFD instead of vanishing. */
  out(bytes: Uint8Array): any {
    if (this.decoder === undefined) return bytes
    return this.decoder.decode(bytes, { stream: !(this.eof && this.rend === this.rpos) })
  }

  check(reading: boolean): SocketError | undefined {
    if (this.closed) return closedFile()
    if (reading && !this.reading) return notMode("reading")
    if (!reading && !this.writing) return notMode("writing")
    return undefined
  }

  /** One recv into the buffer; false at EOF. */
  fill(): Effect.Effect<boolean, IoError> {
    return Effect.map(this.io.recv(this.sock, CHUNK), this.append)
  }

  private readonly append = (chunk: Uint8Array): boolean => {
    if (chunk.length === 0) {
      this.eof = true
      return false
    }
    const buffered = this.rend - this.rpos
    if (buffered === 0) {
      // The usual case: the chunk becomes the buffer, without a copy.
      this.rbuf = chunk
      this.rpos = 0
      this.rend = chunk.length
    } else if (this.rbuf.length - this.rend >= chunk.length) {
      this.rbuf.set(chunk, this.rend)
      this.rend += chunk.length
    } else {
      // At least doubled, so a line or read spanning many recvs copies each byte a bounded number of
      // times. Zeroed: a view's `.buffer` must not show old heap memory past the data.
      const grown = Buffer.alloc(Math.max(buffered + chunk.length, 2 * buffered))
      grown.set(this.rbuf.subarray(this.rpos, this.rend), 0)
      grown.set(chunk, buffered)
      this.rbuf = grown
      this.rpos = 0
      this.rend = buffered + chunk.length
    }
    return true
  }

  /** The next `n` buffered bytes (n at most what is buffered), as a view. */
  take(n: number): Uint8Array {
    const start = this.rpos
    const taken = this.rbuf.subarray(start, start + n)
    this.rpos = start + n
    if (this.rpos === this.rend) {
      // Let the buffer go: an idle connection holds no chunk.
      this.rbuf = EMPTY
      this.rpos = 0
      this.rend = 0
    }
    return taken
  }

  readonly read = (n?: number) => Effect.map(this.readBytes(n), (bytes) => this.out(bytes))

  readBytes(n?: number): Effect.Effect<Uint8Array, IoError> {
    return Effect.suspend(() => {
      const bad = this.check(true)
      if (bad) return Effect.fail(bad)
      return this.readFrom(n === undefined || n < 0 ? Infinity : n)
    })
  }

  /** `n` bytes (Infinity: all) once that many are buffered or EOF is read. */
  readFrom(n: number): Effect.Effect<Uint8Array, IoError> {
    const buffered = this.rend - this.rpos
    if (buffered >= n) return Effect.succeed(this.take(n))
    return Effect.flatMap(this.fill(), (more) => more ? this.readFrom(n) : Effect.succeed(this.take(this.rend - this.rpos)))
  }

  /**
   * As BufferedReader.readline: up to and including the next newline, at most `limit` bytes, or what
   * is left at EOF. A line already buffered (the usual case: one recv brings several) is found and
   * returned in one step, without a generator.
   */
  readonly readline = (limit?: number) =>
    Effect.suspend(() => {
      const bad = this.check(true)
      if (bad) return Effect.fail(bad)
      return this.lineFrom(limit === undefined || limit < 0 ? Infinity : limit, 0)
    })

  /** The line, once buffered; `scanned` bytes after `rpos` are known to hold no newline. */
  lineFrom(max: number, scanned: number): Effect.Effect<any, IoError> {
    const start = this.rpos
    const end = this.rend
    const nl = start + scanned < end ? this.rbuf.indexOf(NEWLINE, start + scanned) : -1
    if (nl >= 0 && nl < end && nl - start < max) return Effect.succeed(this.out(this.take(nl + 1 - start)))
    if (end - start >= max) return Effect.succeed(this.out(this.take(max)))
    return Effect.flatMap(
      this.fill(),
      (more) => more ? this.lineFrom(max, end - start) : Effect.succeed(this.out(this.take(this.rend - this.rpos)))
    )
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
    if (this.wsize === 0) return Effect.void
    const data = this.wbuf.length === 1 ? this.wbuf[0]! : Buffer.concat(this.wbuf)
    this.wbuf = [data]
    return Effect.flatMap(this.io.send(this.sock, data), (sent: number) => {
      // `data` is still first; writes made while the send waited were appended after it.
      if (sent === data.length) this.wbuf.shift()
      else this.wbuf[0] = data.subarray(sent)
      this.wsize -= sent
      return this.flushLoop()
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
    release(this.sock)
  })

  /**
   * Up to `n` bytes with at most one recv, as Python's `read1`: what is buffered, or else what one
   * read brings. Streams use it, so a chunk is emitted as soon as data arrives.
   */
  readSome(n: number): Effect.Effect<Uint8Array, IoError> {
    return Effect.suspend(() => {
      const bad = this.check(true)
      if (bad) return Effect.fail(bad)
      if (this.rend > this.rpos) return Effect.succeed(this.take(Math.min(n, this.rend - this.rpos)))
      return Effect.map(this.fill(), () => this.take(Math.min(n, this.rend - this.rpos)))
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
