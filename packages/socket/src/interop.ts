/**
 * Interop with Effect's socket modules: `toEffectSocket` (an `effect/socket/Socket` `Socket`, so
 * Effect's RPC runs over greenfiber) and `toSocketServer` (an `effect/socket/SocketServer` service
 * over a greenfiber listener). Node streams: `toDuplex` in duplex.ts.
 *
 * @since 0.1.0
 */
import { type Address, cancelWait } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as NetAddress from "effect/net/NetAddress"
import * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import * as EffectSocket from "effect/socket/Socket"
import * as SocketServer from "effect/socket/SocketServer"
import { SHUT_RDWR, SHUT_WR } from "./constants.ts"
import { serve } from "./serve.ts"
import type { Socket } from "./Socket.ts"

const encoder = new TextEncoder()

const closeError = (code: number, closeReason?: string) =>
  new EffectSocket.SocketError({ reason: new EffectSocket.SocketCloseError({ code, closeReason }) })

const readError = (cause: unknown) => new EffectSocket.SocketError({ reason: new EffectSocket.SocketReadError({ cause }) })

const writeError = (cause: unknown) =>
  new EffectSocket.SocketError({ reason: new EffectSocket.SocketWriteError({ cause }) })

/**
 * An `effect/socket/Socket` `Socket` over a connected greenfiber stream socket.
 *
 * - reader: each `pull` is one `recv(readSize)` (default 64 KiB), so nothing is read until the
 *   consumer pulls (backpressure end to end). EOF fails the pull with `SocketCloseError` code 1000;
 *   an OS error with `SocketReadError` (its `cause` the greenfiber `SocketError`). Closing the
 *   reader's scope fails its own suspended pull with close code 1006 (another fiber's read goes on).
 *   The socket itself stays open: it is owned by its own `Scope`.
 * - writer: `write`/`writeAll` are `sendall`s serialised by a lock (frames never interleave), so they
 *   complete when the kernel took the bytes. A write goes out whole even if its caller is interrupted,
 *   as with a Node socket. A `CloseEvent` shuts both directions down, as Effect's `NodeSocket`
 *   destroys its connection, and readers then end with close code 1000 (1006 after a code over 1000);
 *   the release of the writer's scope half-closes the socket (`shutdown(SHUT_WR)`) once the writes
 *   still going out are sent.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import * as EffectSocket from "effect/socket/Socket"
 * import { createConnection, toEffectSocket } from "@greenfiber/socket"
 *
 * const SocketLive = Layer.effect(EffectSocket.Socket)(
 *   Effect.map(createConnection(["127.0.0.1", 9000]), (sock) => toEffectSocket(sock))
 * )
 * ```
 * @since 0.1.0
 * @category interop
 */
export const toEffectSocket = (sock: Socket, options?: { readonly readSize?: number | undefined }): EffectSocket.Socket => {
  const readSize = options?.readSize ?? 65536
  const lock = Semaphore.makeUnsafe(1)
  /** The close code readers end with once a `CloseEvent` was written (as NodeSocket: 1006 after an error code). */
  let closedWith: number | undefined

  const reader: EffectSocket.Socket["reader"] = Effect.gen(function*() {
    const scope = yield* Effect.scope
    if (!sock._live()) {
      return yield* Effect.fail(
        new EffectSocket.SocketError({
          reason: new EffectSocket.SocketOpenError({ kind: "Unknown", cause: new Error("socket is closed") })
        })
      )
    }
    let released = false
    // Whether this reader's own pull is waiting: closing its scope cancels that wait only, never a
    // read another fiber (or another reader) has in flight on the same socket.
    let pulling = false
    yield* Scope.addFinalizer(
      scope,
      Effect.suspend(() => {
        released = true
        return pulling && sock._rw !== undefined ? cancelWait(sock._rw) : Effect.void
      })
    )
    // The flag is set in the uninterruptible step that guarantees its reset, however the recv ends: an
    // interruption in between (a budget yield can land anywhere) would leave it set, and closing this
    // reader's scope later would cancel another fiber's read.
    const pullOnce = Effect.acquireUseRelease(
      Effect.sync(() => {
        pulling = true
      }),
      () => sock.recv(readSize),
      () =>
        Effect.sync(() => {
          pulling = false
        })
    )
    const pull: Effect.Effect<readonly [Uint8Array], EffectSocket.SocketError> = Effect.suspend(() => {
      if (released) return Effect.fail(closeError(1006))
      if (closedWith !== undefined) return Effect.fail(closeError(closedWith))
      return Effect.matchEffect(pullOnce, {
        onFailure: (e) => Effect.fail(released ? closeError(1006) : closedWith !== undefined ? closeError(closedWith) : readError(e)),
        onSuccess: (chunk) => chunk.length === 0 ? Effect.fail(closeError(closedWith ?? 1000)) : Effect.succeed([chunk] as const)
      })
    })
    return { pull, upgrade: EffectSocket.SocketUpgradeError.unsupported }
  })

  const halfClose = Effect.ignore(sock.shutdown(SHUT_WR))

  /**
   * A write, once made, goes out whole even if its caller is interrupted or times out, as a Node
   * socket's `write` does: the bytes are sent by a fiber of their own, which the caller only awaits.
   * Cut short, a frame would leave the stream misaligned for every later message (an RPC request
   * interrupted mid-write would corrupt the next one). It ends when sent or when the socket fails or
   * closes.
   */
  const send = (data: Uint8Array) =>
    Effect.flatMap(Effect.forkDetach(lock.withPermits(1)(Effect.mapError(sock.sendall(data), writeError))), Fiber.join)

  const write = (chunk: Uint8Array | string | EffectSocket.CloseEvent): Effect.Effect<void, EffectSocket.SocketError> => {
    if (EffectSocket.isCloseEvent(chunk)) {
      // As NodeSocket, which destroys the connection: both directions end at once, and readers end with
      // the code. Not behind the write lock: a write stuck on a peer that never reads would hold it up,
      // and the shutdown is what ends that write.
      return Effect.suspend(() => {
        closedWith = chunk.code > 1000 ? 1006 : 1000
        return Effect.ignore(sock.shutdown(SHUT_RDWR))
      })
    }
    return send(typeof chunk === "string" ? encoder.encode(chunk) : chunk)
  }

  const writeAll = (
    chunks: readonly [Uint8Array | string, ...Array<Uint8Array | string>]
  ): Effect.Effect<void, EffectSocket.SocketError> => {
    if (chunks.length === 1) return write(chunks[0])
    const parts = chunks.map((c) => typeof c === "string" ? encoder.encode(c) : c)
    return send(Buffer.concat(parts))
  }

  // Released, the writer half-closes after the writes still going out (an interrupted caller's), as
  // a Node socket's end() queues its FIN after buffered data, without holding up the release.
  const writer: EffectSocket.Socket["writer"] = Effect.acquireRelease(
    Effect.succeed<EffectSocket.Writer>({ write, writeAll }),
    () => Effect.asVoid(Effect.forkDetach(lock.withPermits(1)(halfClose)))
  )

  return EffectSocket.make({ reader, writer })
}

const toNetAddress = (address: Address): NetAddress.SocketAddress =>
  typeof address === "string"
    ? NetAddress.unixPathAddress(address)
    : NetAddress.inetAddressFromIpStringUnsafe(address[0], address[1])

/**
 * An `effect/socket/SocketServer` `SocketServer` over a listening greenfiber socket: `run(handler)`
 * is `serve` with each connection handed over as a `toEffectSocket` socket. With it Effect's
 * `RpcServer.layerProtocolSocketServer` serves RPC on greenfiber sockets.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import * as SocketServer from "effect/socket/SocketServer"
 * import { createServer, toSocketServer } from "@greenfiber/socket"
 *
 * const ServerLive = Layer.effect(SocketServer.SocketServer)(
 *   Effect.flatMap(createServer(["127.0.0.1", 9000]), toSocketServer)
 * )
 * ```
 * @since 0.1.0
 * @category interop
 */
export const toSocketServer = (
  listener: Socket,
  options?: { readonly concurrency?: number | undefined }
): Effect.Effect<SocketServer.SocketServer["Service"], SocketServer.SocketServerError> =>
  Effect.map(
    Effect.mapError(
      listener.getsockname(),
      (cause) => new SocketServer.SocketServerError({ reason: new SocketServer.SocketServerOpenError({ cause }) })
    ),
    (address) =>
      SocketServer.SocketServer.of({
        address: toNetAddress(address),
        run: (handler) =>
          Effect.mapError(
            serve(listener, (conn) => handler(toEffectSocket(conn)), options),
            (cause) => new SocketServer.SocketServerError({ reason: new SocketServer.SocketServerUnknownError({ cause }) })
          )
      })
  )
