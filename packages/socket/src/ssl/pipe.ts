/**
 * The ciphertext side of a TLS socket: a `Duplex` that Node's TLS layer (`tls.TLSSocket`) takes as
 * its transport. It is a memory BIO in stream clothes: nothing in it reads or writes on its own.
 * Ciphertext comes in only when a greenfiber call that needs it `recv`s it from the socket and
 * `feed`s it; what the TLS layer writes goes straight to `send(2)` and, when the kernel is full,
 * waits in a queue for a greenfiber call to flush it (with that call's deadline).
 *
 * @since 0.1.0
 */
import { Duplex } from "node:stream"

/** @internal what the pipe hands written ciphertext to (the TLS socket). */
export interface PipeOwner {
  readonly _output: (data: Buffer, done: () => void) => void
  readonly _shutdownWrite: () => void
}

const ignore = (): void => {}

/** @internal */
export class CipherPipe extends Duplex {
  readonly owner: PipeOwner

  constructor(owner: PipeOwner) {
    // Half-open: the TLS layer seeing the peer's EOF must not end (and so shut down) our side.
    super({ allowHalfOpen: true })
    this.owner = owner
  }

  /**
   * Whether ciphertext pushed now reaches the TLS layer before `push` returns. Node's stream wrapper
   * reads with a `data` listener, and a flowing stream with an empty buffer emits a chunk pushed from
   * outside `_read` at once; the wrapper copies it into OpenSSL's input there and then.
   */
  deliversAtOnce(): boolean {
    return this.readableFlowing === true && this.readableLength === 0
  }

  /** Ciphertext still buffered here, which the TLS layer will take on a later tick. */
  backlog(): boolean {
    return this.readableLength > 0
  }

  override _read(): void {
    // Ciphertext is fed by the fiber that needs it (see the module comment), never pulled.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.owner._output(chunk, callback)
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    // A flight of records, in order; the stream hears back once the last one is sent.
    const last = chunks.length - 1
    for (let i = 0; i < last; i++) this.owner._output(chunks[i]!.chunk, ignore)
    this.owner._output(chunks[last]!.chunk, callback)
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.owner._shutdownWrite()
    callback()
  }
}
