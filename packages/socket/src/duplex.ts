/**
 * A Node `Duplex` over a greenfiber socket, shaped like a `net.Socket` for the libraries that take
 * one (Node's http agents, database clients, undici's `connect`).
 *
 * @since 0.1.0
 */
import type { Address } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import { Duplex } from "node:stream"
import { AF_INET, AF_INET6, IPPROTO_TCP, SHUT_WR, SO_KEEPALIVE, SOL_SOCKET, TCP_KEEPIDLE, TCP_NODELAY } from "./constants.ts"
import type { Socket } from "./Socket.ts"

/**
 * What `toDuplex` returns: a `Duplex` with the parts of `net.Socket` that Node's http agents and
 * client libraries call. `setTimeout(ms)` emits `"timeout"` after `ms` without reads or writes and
 * closes nothing, as on a `net.Socket`; `unref()` lets the process exit while a read waits here.
 *
 * @since 0.1.0
 * @category interop
 */
export interface SocketDuplex extends Duplex {
  readonly socket: Socket
  readonly connecting: false
  readonly remoteAddress: string | undefined
  readonly remotePort: number | undefined
  readonly remoteFamily: "IPv4" | "IPv6" | undefined
  readonly localAddress: string | undefined
  readonly localPort: number | undefined
  setKeepAlive(enable?: boolean, initialDelay?: number): this
  setNoDelay(noDelay?: boolean): this
  setTimeout(timeout: number, callback?: () => void): this
  ref(): this
  unref(): this
  destroySoon(): void
}

/**
 * A Node `Duplex` over a connected greenfiber stream socket, for libraries that take one. Reads are
 * `recv`s made when the stream asks (so Node's backpressure holds); writes are `sendall`s; `end()`
 * half-closes (`shutdown(SHUT_WR)`); `destroy()` stops a pending read and closes the socket. It
 * also answers what a `net.Socket` does for Node's http agents: `setKeepAlive`, `setNoDelay`,
 * `setTimeout` with `"timeout"` events, `ref`/`unref`, the address properties and `destroySoon`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as http from "node:http"
 * import { createConnection, toDuplex } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const sock = yield* createConnection(["127.0.0.1", 8080])
 *   const agent = new http.Agent({ keepAlive: true })
 *   agent.createConnection = () => toDuplex(sock)
 *   http.get({ host: "127.0.0.1", port: 8080, agent }, (res) => res.resume())
 * }))
 * ```
 * @since 0.1.0
 * @category interop
 */
export const toDuplex = (sock: Socket, options?: { readonly readSize?: number | undefined }): SocketDuplex =>
  new GreenfiberDuplex(sock, options?.readSize ?? 65536)

const isTcp = (sock: Socket) => sock.family === AF_INET || sock.family === AF_INET6

class GreenfiberDuplex extends Duplex implements SocketDuplex {
  readonly connecting = false
  private reading: ReturnType<typeof Effect.runFork> | undefined = undefined
  private idle: ReturnType<typeof setTimeout> | undefined = undefined
  private peer: Address | null | undefined = undefined
  private local: Address | null | undefined = undefined

  readonly socket: Socket
  private readonly readSize: number

  constructor(socket: Socket, readSize: number) {
    super()
    this.socket = socket
    this.readSize = readSize
  }

  override _read(): void {
    if (this.reading !== undefined) return
    const fiber = Effect.runFork(this.socket.recv(this.readSize))
    this.reading = fiber
    fiber.addObserver((exit) => {
      this.reading = undefined
      if (this.destroyed) return
      this.active()
      if (exit._tag === "Success") {
        this.push(exit.value.length === 0 ? null : exit.value)
      } else if (!this.socket._live()) {
        this.push(null)
      } else {
        this.destroy(toError(exit.cause))
      }
    })
  }

  override _write(chunk: Uint8Array, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.active()
    Effect.runFork(this.socket.sendall(chunk)).addObserver((exit) => {
      this.active()
      callback(exit._tag === "Success" ? null : toError(exit.cause))
    })
  }

  override _final(callback: (error?: Error | null) => void): void {
    Effect.runFork(Effect.ignore(this.socket.shutdown(SHUT_WR))).addObserver(() => callback(null))
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.idle !== undefined) clearTimeout(this.idle)
    this.idle = undefined
    const pending = this.reading
    this.reading = undefined
    if (pending !== undefined) pending.interruptUnsafe()
    Effect.runSync(this.socket.close())
    callback(error)
  }

  /** Read or write activity: the idle timer starts over, as net.Socket's does. */
  private active(): void {
    this.idle?.refresh()
  }

  private option(level: number, name: number, value: number): void {
    // As net.Socket: options a socket cannot take (a Unix one has no TCP_NODELAY) are ignored.
    if (level === IPPROTO_TCP && !isTcp(this.socket)) return
    Effect.runSync(Effect.ignore(this.socket.setsockopt(level, name, value)))
  }

  setKeepAlive(enable = false, initialDelay = 0): this {
    this.option(SOL_SOCKET, SO_KEEPALIVE, enable ? 1 : 0)
    if (enable && initialDelay > 0 && TCP_KEEPIDLE !== undefined) {
      this.option(IPPROTO_TCP, TCP_KEEPIDLE, Math.max(1, Math.floor(initialDelay / 1000)))
    }
    return this
  }

  setNoDelay(noDelay = true): this {
    this.option(IPPROTO_TCP, TCP_NODELAY, noDelay ? 1 : 0)
    return this
  }

  setTimeout(timeout: number, callback?: () => void): this {
    if (this.idle !== undefined) clearTimeout(this.idle)
    this.idle = undefined
    if (timeout > 0 && Number.isFinite(timeout)) {
      const timer = setTimeout(() => this.emit("timeout"), timeout)
      // As net.Socket's: the idle timer alone does not keep the process alive.
      timer.unref()
      this.idle = timer
    }
    if (callback !== undefined) {
      if (timeout === 0) this.removeListener("timeout", callback)
      else this.once("timeout", callback)
    }
    return this
  }

  ref(): this {
    this.socket._setRef(true)
    return this
  }

  unref(): this {
    this.socket._setRef(false)
    return this
  }

  /** Ends the writable side, then destroys the stream once the writes are out. */
  destroySoon(): void {
    if (this.writableFinished) {
      this.destroy()
      return
    }
    this.once("finish", () => this.destroy())
    this.end()
  }

  private address(which: "peer" | "local"): Address | null {
    const cached = which === "peer" ? this.peer : this.local
    if (cached !== undefined) return cached
    const exit = Effect.runSyncExit(which === "peer" ? this.socket.getpeername() : this.socket.getsockname())
    const found = exit._tag === "Success" ? exit.value : null
    // Known once the socket is connected; an error now (not yet, or closed) is asked again later.
    if (found !== null) {
      if (which === "peer") this.peer = found
      else this.local = found
    }
    return found
  }

  /** One part of an address, `[host, port, ...]`: undefined while it is unknown or not a host and port. */
  private part(which: "peer" | "local", index: 0 | 1): string | number | undefined {
    const a = this.address(which)
    return Array.isArray(a) ? a[index] as string | number : undefined
  }

  get remoteAddress(): string | undefined {
    return this.part("peer", 0) as string | undefined
  }

  get remotePort(): number | undefined {
    return this.part("peer", 1) as number | undefined
  }

  get remoteFamily(): "IPv4" | "IPv6" | undefined {
    if (this.part("peer", 0) === undefined) return undefined
    return this.socket.family === AF_INET6 ? "IPv6" : "IPv4"
  }

  get localAddress(): string | undefined {
    return this.part("local", 0) as string | undefined
  }

  get localPort(): number | undefined {
    return this.part("local", 1) as number | undefined
  }
}

const toError = (cause: unknown): Error => {
  const reasons = (cause as { reasons?: ReadonlyArray<{ _tag: string; error?: unknown; defect?: unknown }> }).reasons ?? []
  const first = reasons[0]
  const value = first === undefined ? cause : first._tag === "Fail" ? first.error : first.defect ?? first
  if (value instanceof Error) return value
  return new Error(String(value))
}
