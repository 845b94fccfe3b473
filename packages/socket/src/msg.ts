/**
 * `sendmsg`, `recvmsg` and `recvmsgInto` with ancillary data, and CPython's `send_fds`/`recv_fds` over
 * them. Like every socket call, each tries the syscall first and waits on the socket's own watcher
 * (within its timeout) only on EAGAIN; the retry runs in the wake-up.
 *
 * @since 0.1.0
 */
import { type Address, errnoValue, type GaiError, SocketError } from "@greenfiber/core"
import { Native, Watcher } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { checkAddress, invalid, resolveAddress } from "./address.ts"
import { MSG_DONTWAIT, SCM_RIGHTS, SOL_SOCKET } from "./constants.ts"
import { badFd, type IoError, overBudget, waitIo } from "./internal/io.ts"
import type { Socket } from "./Socket.ts"

const native = Native.native
const EAGAIN = errnoValue("EAGAIN")
const INT_MAX = 0x7fffffff

/**
 * One ancillary data item, as CPython's: `[cmsg_level, cmsg_type, cmsg_data]`. Data may be any typed
 * array when sending (an `Int32Array` of fds for `SCM_RIGHTS`); it is bytes when received.
 *
 * @since 0.1.0
 * @category models
 */
export type AncillaryItem = readonly [level: number, type: number, data: Uint8Array]

/**
 * What `recvmsg` gives: `[data, ancdata, msgFlags, address]` (`address` null where the OS gives none,
 * as for a connected socket).
 *
 * @since 0.1.0
 * @category models
 */
export type RecvmsgResult = readonly [data: Uint8Array, ancdata: ReadonlyArray<AncillaryItem>, msgFlags: number, address: Address | null]

/**
 * What `recvmsgInto` gives: `[nbytes, ancdata, msgFlags, address]`.
 *
 * @since 0.1.0
 * @category models
 */
export type RecvmsgIntoResult = readonly [nbytes: number, ancdata: ReadonlyArray<AncillaryItem>, msgFlags: number, address: Address | null]

/**
 * What `recvFds` gives: `[data, fds, msgFlags, address]`.
 *
 * @since 0.1.0
 * @category models
 */
export type RecvFdsResult = readonly [data: Uint8Array, fds: ReadonlyArray<number>, msgFlags: number, address: Address | null]

const fail = (errno: number, syscall: string) => Effect.fail(SocketError.fromErrno(errno, syscall))

const isInt32 = (u: unknown): u is number => typeof u === "number" && Number.isInteger(u) && u >= -(2 ** 31) && u < 2 ** 31

/** The bytes of any typed array or DataView (CPython takes any bytes-like object), or undefined. */
const bytesOf = (u: unknown): Uint8Array | undefined =>
  u instanceof Uint8Array ? u : ArrayBuffer.isView(u) ? new Uint8Array(u.buffer, u.byteOffset, u.byteLength) : undefined

const bufferList = (buffers: unknown, name: string): Array<Uint8Array> | SocketError => {
  if (buffers === null || typeof buffers !== "object" || !(Symbol.iterator in buffers)) {
    return invalid(`${name}() argument 1 must be an iterable`)
  }
  const out: Array<Uint8Array> = []
  for (const b of buffers as Iterable<unknown>) {
    const bytes = bytesOf(b)
    if (bytes === undefined) return invalid(`${name}() argument 1 must be an iterable of bytes-like objects`)
    out.push(bytes)
  }
  return out
}

const ancillaryList = (ancdata: unknown): Array<AncillaryItem> | SocketError => {
  if (ancdata === null || typeof ancdata !== "object" || !(Symbol.iterator in ancdata)) {
    return invalid("sendmsg() argument 2 must be an iterable")
  }
  const out: Array<AncillaryItem> = []
  for (const item of ancdata as Iterable<unknown>) {
    if (!Array.isArray(item) || item.length !== 3) {
      return invalid("[sendmsg() ancillary data items]() argument must be sequence of length 3")
    }
    const data = bytesOf(item[2])
    if (!isInt32(item[0]) || !isInt32(item[1]) || data === undefined) {
      return invalid("sendmsg() ancillary data items must be (int, int, bytes-like)")
    }
    out.push([item[0], item[1], data])
  }
  return out
}

/** The arguments of one sendmsg call, kept on the watcher while it waits. */
interface SendArgs {
  readonly buffers: Array<Uint8Array>
  readonly ancdata: Array<AncillaryItem>
  readonly flags: number
  readonly address: Address | null
}

const sendmsgOnce = (self: Socket, args: SendArgs): number =>
  native.sendmsg(self._fd, args.buffers, args.ancdata, args.flags, self.family, args.address)

const sendmsgAttempt = (w: Watcher.WatcherImpl): Effect.Effect<number, SocketError> | undefined => {
  const self = w.target as Socket
  if (self._fd < 0) return Effect.fail(badFd("sendmsg"))
  const r = sendmsgOnce(self, w.a)
  if (r >= 0) return Effect.succeed(r)
  return r === -EAGAIN ? undefined : fail(-r, "sendmsg")
}

const sendmsgCall = (self: Socket, args: SendArgs): Effect.Effect<number, IoError> =>
  Effect.suspend(() => {
    if (self._fd < 0) return Effect.fail(badFd("sendmsg"))
    if (overBudget(self)) return Effect.andThen(Effect.yieldNow, sendmsgCall(self, args))
    const r = sendmsgOnce(self, args)
    if (r >= 0) return Effect.succeed(r)
    if (r !== -EAGAIN || (args.flags & MSG_DONTWAIT) !== 0) return fail(-r, "sendmsg")
    return waitIo(self, Watcher.WRITE, undefined, "sendmsg", sendmsgAttempt, args)
  })

/** @internal `Socket.sendmsg`. */
export const sendmsgImpl = (
  self: Socket,
  buffers: Iterable<ArrayBufferView>,
  ancdata: Iterable<readonly [number, number, ArrayBufferView]>,
  flags: number,
  address: Address | null | undefined
): Effect.Effect<number, IoError | GaiError> =>
  Effect.suspend(() => {
    if (self._closed) return Effect.fail(badFd("sendmsg"))
    const list = bufferList(buffers, "sendmsg")
    if (list instanceof SocketError) return Effect.fail(list)
    const anc = ancillaryList(ancdata)
    if (anc instanceof SocketError) return Effect.fail(anc)
    if (!isInt32(flags)) return Effect.fail(invalid("sendmsg() flags must be an integer"))
    if (address === undefined || address === null) return sendmsgCall(self, { buffers: list, ancdata: anc, flags, address: null })
    const checked = checkAddress(self.family, address)
    if (checked instanceof SocketError) return Effect.fail(checked)
    if (checked !== undefined) return sendmsgCall(self, { buffers: list, ancdata: anc, flags, address: checked })
    return Effect.flatMap(
      resolveAddress(self.family, address),
      (resolved) => sendmsgCall(self, { buffers: list, ancdata: anc, flags, address: resolved })
    )
  })

/**
 * The arguments of one recvmsg call, kept on the watcher while it waits. `shape` turns the raw
 * result into what the caller returns; it runs in the same synchronous step as the syscall, so the
 * fds a message brings are in the caller's hands before anything could interrupt it.
 */
interface RecvArgs<A> {
  readonly buffers: Array<Uint8Array>
  readonly ancbufsize: number
  readonly flags: number
  readonly syscall: string
  readonly shape: (raw: RawRecv, args: RecvArgs<A>) => A
}

type RawRecv = readonly [number, Array<[number, number, Uint8Array]>, number, Address | null]

const recvmsgOnce = <A>(self: Socket, args: RecvArgs<A>): A | number => {
  const r = native.recvmsg(self._fd, args.buffers, args.ancbufsize, args.flags)
  return typeof r === "number" ? r : args.shape(r as unknown as RawRecv, args)
}

const recvmsgAttempt = (w: Watcher.WatcherImpl): Effect.Effect<unknown, SocketError> | undefined => {
  const self = w.target as Socket
  const args = w.a as RecvArgs<unknown>
  if (self._fd < 0) return Effect.fail(badFd(args.syscall))
  const r = recvmsgOnce(self, args)
  if (typeof r !== "number") return Effect.succeed(r)
  return r === -EAGAIN ? undefined : fail(-r, args.syscall)
}

const recvmsgCall = <A>(self: Socket, args: RecvArgs<A>): Effect.Effect<A, IoError> =>
  Effect.suspend(() => {
    if (self._fd < 0) return Effect.fail(badFd(args.syscall))
    if (overBudget(self)) return Effect.andThen(Effect.yieldNow, recvmsgCall(self, args))
    const r = recvmsgOnce(self, args)
    if (typeof r !== "number") return Effect.succeed(r)
    if (r !== -EAGAIN || (args.flags & MSG_DONTWAIT) !== 0) return fail(-r, args.syscall)
    return waitIo(self, Watcher.READ, undefined, args.syscall, recvmsgAttempt as (w: Watcher.WatcherImpl) => Effect.Effect<A, SocketError> | undefined, args)
  })

const checkAncbufsize = (ancbufsize: unknown): SocketError | undefined =>
  typeof ancbufsize !== "number" || !Number.isInteger(ancbufsize) || ancbufsize < 0 || ancbufsize > INT_MAX
    ? invalid("invalid ancillary data buffer length")
    : undefined

/** The bytes a recvmsg read into its one buffer: a short read is copied out, so no stale tail stays reachable. */
const dataOf = (buffer: Uint8Array, n: number): Uint8Array =>
  n >= buffer.length ? buffer : Buffer.from(buffer.subarray(0, n))

const shapeRecvmsg = (raw: RawRecv, args: RecvArgs<RecvmsgResult>): RecvmsgResult =>
  [dataOf(args.buffers[0]!, raw[0]), raw[1], raw[2], raw[3]]

const shapeRecvmsgInto = (raw: RawRecv): RecvmsgIntoResult => raw

/** CPython's recv_fds: the fds of every SCM_RIGHTS item, whole ints only. */
const shapeRecvFds = (raw: RawRecv, args: RecvArgs<RecvFdsResult>): RecvFdsResult => {
  const fds: Array<number> = []
  for (const [level, type, data] of raw[1]) {
    if (level !== SOL_SOCKET || type !== SCM_RIGHTS) continue
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    for (let i = 0; i + 4 <= data.length; i += 4) fds.push(view.getInt32(i, isLittleEndian))
  }
  return [dataOf(args.buffers[0]!, raw[0]), fds, raw[2], raw[3]]
}

const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** @internal `Socket.recvmsg`. */
export const recvmsgImpl = (self: Socket, bufsize: number, ancbufsize: number, flags: number): Effect.Effect<RecvmsgResult, IoError> =>
  Effect.suspend(() => {
    if (self._closed) return Effect.fail(badFd("recvmsg"))
    if (typeof bufsize !== "number" || !Number.isInteger(bufsize) || bufsize < 0) {
      return Effect.fail(invalid("negative buffer size in recvmsg()"))
    }
    if (bufsize > INT_MAX) return Effect.fail(invalid("buffer size too large in recvmsg()"))
    const bad = checkAncbufsize(ancbufsize)
    if (bad !== undefined) return Effect.fail(bad)
    if (!isInt32(flags)) return Effect.fail(invalid("recvmsg() flags must be an integer"))
    return recvmsgCall(self, {
      buffers: [Buffer.allocUnsafe(bufsize)],
      ancbufsize,
      flags,
      syscall: "recvmsg",
      shape: shapeRecvmsg
    })
  })

/** @internal `Socket.recvmsgInto`. */
export const recvmsgIntoImpl = (
  self: Socket,
  buffers: Iterable<ArrayBufferView>,
  ancbufsize: number,
  flags: number
): Effect.Effect<RecvmsgIntoResult, IoError> =>
  Effect.suspend(() => {
    if (self._closed) return Effect.fail(badFd("recvmsg_into"))
    const list = bufferList(buffers, "recvmsg_into")
    if (list instanceof SocketError) return Effect.fail(list)
    const bad = checkAncbufsize(ancbufsize)
    if (bad !== undefined) return Effect.fail(bad)
    if (!isInt32(flags)) return Effect.fail(invalid("recvmsg_into() flags must be an integer"))
    return recvmsgCall(self, { buffers: list, ancbufsize, flags, syscall: "recvmsg_into", shape: shapeRecvmsgInto })
  })

/**
 * Sends `fds` over a Unix socket with the data in `buffers` (CPython's `socket.send_fds`): one
 * `SCM_RIGHTS` item. Unlike CPython 3.11's, `flags` and `address` are passed on to `sendmsg` (CPython
 * drops them, against its own documentation). Returns the count of bytes sent.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { sendFds, socketpair } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const [a, b] = yield* socketpair()
 *   yield* sendFds(a, [new TextEncoder().encode("fd")], [0]) // b receives a copy of stdin
 * }))
 * ```
 * @since 0.1.0
 * @category messages
 */
export const sendFds = Effect.fn("sendFds")(function*(
  sock: Socket,
  buffers: Iterable<ArrayBufferView>,
  fds: Iterable<number>,
  flags = 0,
  address: Address | null = null
) {
  const list = Array.from(fds)
  if (!list.every(isInt32)) return yield* Effect.fail(invalid("send_fds() fds must be integers"))
  return yield* sendmsgImpl(sock, buffers, [[SOL_SOCKET, SCM_RIGHTS, Int32Array.from(list)]], flags, address)
})

/**
 * Receives up to `bufsize` bytes and up to `maxfds` fds (CPython's `socket.recv_fds`):
 * `[data, fds, msgFlags, address]`. The fds are new, close-on-exec and the caller's to close
 * (`close(fd)`, or adopt one with `socket(..., fd)`); fds beyond `maxfds` are closed by the kernel,
 * which then sets `MSG_CTRUNC`. The fds are taken from the message in the same step as the syscall,
 * so an interruption cannot lose them.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { close, recvFds, Socket } from "@greenfiber/socket"
 *
 * const takeOne = (sock: Socket) => Effect.gen(function*() {
 *   const [data, fds] = yield* recvFds(sock, 1024, 1)
 *   for (const fd of fds) yield* close(fd)
 * })
 * ```
 * @since 0.1.0
 * @category messages
 */
export const recvFds = (sock: Socket, bufsize: number, maxfds: number, flags = 0): Effect.Effect<RecvFdsResult, IoError> =>
  // Not a generator: the effect that runs the syscall is the last step, so nothing runs between the
  // fds arriving and the caller getting them.
  Effect.suspend(() => {
    if (!Number.isInteger(maxfds) || maxfds < 0) return Effect.fail(invalid("recv_fds() maxfds must be a non-negative integer"))
    const ancbufsize = native.cmsgLen(maxfds * 4)
    if (ancbufsize < 0) return Effect.fail(invalid("CMSG_LEN() argument out of range"))
    if (sock._closed) return Effect.fail(badFd("recvmsg"))
    if (typeof bufsize !== "number" || !Number.isInteger(bufsize) || bufsize < 0) {
      return Effect.fail(invalid("negative buffer size in recvmsg()"))
    }
    if (bufsize > INT_MAX) return Effect.fail(invalid("buffer size too large in recvmsg()"))
    if (!isInt32(flags)) return Effect.fail(invalid("recvmsg() flags must be an integer"))
    return recvmsgCall(sock, { buffers: [Buffer.allocUnsafe(bufsize)], ancbufsize, flags, syscall: "recvmsg", shape: shapeRecvFds })
  })

/**
 * CPython's `CMSG_LEN(length)`: the `cmsg_len` of an ancillary item with `length` bytes of data
 * (without trailing padding). Out of range (negative, or the result over `INT_MAX`): `SocketError`
 * EINVAL "CMSG_LEN() argument out of range" (CPython's OverflowError).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CMSG_LEN } from "@greenfiber/socket"
 * Effect.runSync(CMSG_LEN(4)) // 20 on Linux x86-64
 * ```
 * @since 0.1.0
 * @category messages
 */
export const CMSG_LEN = (length: number): Effect.Effect<number, SocketError> =>
  Effect.suspend(() => {
    const r = typeof length === "number" ? native.cmsgLen(length) : -1
    return r < 0 ? Effect.fail(invalid("CMSG_LEN() argument out of range")) : Effect.succeed(r)
  })

/**
 * CPython's `CMSG_SPACE(length)`: the buffer space an ancillary item with `length` bytes of data
 * takes, padding included (sum these for `recvmsg`'s `ancbufsize`). Out of range: `SocketError`
 * EINVAL "CMSG_SPACE() argument out of range".
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CMSG_SPACE } from "@greenfiber/socket"
 * Effect.runSync(CMSG_SPACE(4)) // 24 on Linux x86-64
 * ```
 * @since 0.1.0
 * @category messages
 */
export const CMSG_SPACE = (length: number): Effect.Effect<number, SocketError> =>
  Effect.suspend(() => {
    const r = typeof length === "number" ? native.cmsgSpace(length) : -1
    return r < 0 ? Effect.fail(invalid("CMSG_SPACE() argument out of range")) : Effect.succeed(r)
  })
