/**
 * The reading calls: recv, recv_into, recvfrom, recvfrom_into. Each is one attempt run by the driver
 * (io.ts) on the fast path and on every wake-up alike.
 *
 * @internal
 */
import type { Address, SocketError } from "@greenfiber/core"
import { Native, Watcher } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { invalid } from "../address.ts"
import { MSG_TRUNC } from "../constants.ts"
import { badFd, checkSize, drive, EAGAIN, fail, type IoError, isBytes, type Op, waitIo } from "./io.ts"
import type { SocketState } from "./socket.ts"

const native = Native.native

/**
 * Reads of up to 64 KiB land in one shared scratch buffer (the read is synchronous, so sockets can
 * share it), and what was read is copied out into a buffer of exactly its size: a `recv(65536)` that
 * gets 64 bytes (or EAGAIN) costs no 64 KiB allocation, and a result holds on to no memory beyond its
 * own bytes (a small one is a slice of Node's buffer pool, as any `Buffer.allocUnsafe`). The copy is
 * cheaper than it looks: the kernel always writes into the same cache-hot pages. Handing big results
 * out as views of larger slabs instead made a streaming server about a fifth slower (the kernel
 * writing into fresh pages on every read), and left the unused tail of each slab for the garbage
 * collector to account for as well.
 */
const SCRATCH = 65536
const scratch = Buffer.allocUnsafeSlow(SCRATCH)

/**
 * Reads into the scratch buffer go through `recvSlab`, into the buffer registered with the addon,
 * which saves the typed-array lookup of every read. The addon's exports are one object, shared by
 * every copy of this module that loads them (two bundled copies, test isolation), so which buffer is
 * registered is recorded there and checked before each read: a copy never reads into another's.
 */
const shared = Native.shared
const recvIntoScratch = (fd: number, bufsize: number, flags: number): number => {
  if (shared.registeredSlab !== scratch) {
    native.setReadSlab(scratch)
    shared.registeredSlab = scratch
  }
  return native.recvSlab(fd, bufsize, flags)
}

/** The `n` bytes just read into the scratch buffer, copied out. */
const takeFromScratch = (n: number): Buffer => {
  const out = Buffer.allocUnsafe(n)
  scratch.copy(out, 0, 0, n)
  return out
}

/**
 * With MSG_TRUNC the kernel may report more than it wrote: a datagram's real length (it writes at
 * most `bufsize` bytes of it), or on a TCP socket the count of bytes it discarded without writing
 * any. A result must hold only what the kernel wrote, never what the buffer held before (in the
 * scratch buffer, another socket's data): the read target is zeroed first and the result cut to
 * `bufsize`. A long datagram comes back cut, bytes TCP discarded as zeros. (`recvInto` returns the
 * real length, as CPython does: it only ever writes the caller's buffer.) Returns whether it did.
 * A big buffer needs no clearing: `bigBuffer` allocates it zeroed for MSG_TRUNC, and an attempt that
 * ends in EAGAIN writes nothing into it.
 */
const clearForTruncation = (big: Buffer | undefined, bufsize: number, flags: number): boolean => {
  if ((flags & MSG_TRUNC) === 0) return false
  if (big === undefined) scratch.fill(0, 0, bufsize)
  return true
}

/**
 * The buffer of a read of over 64 KiB, or none (the scratch buffer serves). Zeroed for MSG_TRUNC: the
 * allocator's zeroed pages cost nothing until written, where filling a 2 GiB buffer took 4.4 s.
 */
const bigBuffer = (bufsize: number, flags: number): Buffer | undefined =>
  bufsize <= SCRATCH ? undefined : (flags & MSG_TRUNC) === 0 ? Buffer.allocUnsafe(bufsize) : Buffer.alloc(bufsize)

/**
 * The `n` bytes a read just left in `big` (allocated uninitialised for a read of over 64 KiB) or,
 * without one, in the scratch buffer. A short read into `big` is copied out, as CPython shrinks its
 * bytes object: a view would leave the unwritten tail, old heap memory, reachable through `.buffer`.
 */
const takeRead = (big: Buffer | undefined, n: number): Buffer => {
  if (big === undefined) return takeFromScratch(n)
  return n === big.length ? big : Buffer.from(big.subarray(0, n))
}

/**
 * Whether a read should wait for readiness before its first recv(2): the last read emptied the queue,
 * so, as libuv reads only when epoll says so, the syscall that would say EAGAIN is skipped (in a
 * request-reply exchange it always would). Never for a non-blocking call or a zero-byte read.
 */
const waitFirst = (self: SocketState, bufsize: number, flags: number): boolean =>
  self._drained && flags === 0 && bufsize > 0 && self._timeoutMs !== 0

/** How many bytes a `*_into` call may read into `buffer` (`nbytes` 0: all of it), or why it may not. */
const intoLength = (buffer: unknown, nbytes: number, name: string): number | SocketError => {
  if (!isBytes(buffer)) return invalid(`${name}() argument must be a Uint8Array`)
  const bad = checkSize(nbytes, `buffersize in ${name}`)
  if (bad !== undefined) return bad
  if (nbytes > buffer.length) return invalid("nbytes is greater than the length of the buffer")
  return nbytes === 0 ? buffer.length : nbytes
}

/**
 * recv without the `close()` check (files use it). A busy socket's recv is one syscall and one small
 * allocation; only EAGAIN waits.
 */
export const recvImpl = (self: SocketState, bufsize: number, flags: number): Effect.Effect<Uint8Array, IoError> =>
  Effect.suspend(() => {
    const bad = checkSize(bufsize, "buffersize in recv")
    if (bad !== undefined) return Effect.fail(bad)
    if (self._fd < 0) return Effect.fail(badFd("recv"))
    // As CPython: recv(0) is empty at once, without a syscall (Linux would say EAGAIN on an empty queue).
    if (bufsize === 0) return Effect.succeed(Buffer.alloc(0))
    const big = bigBuffer(bufsize, flags)
    if (waitFirst(self, bufsize, flags)) return waitIo(self, Watcher.READ, undefined, "recv", recvAttempt, bufsize, flags, big)
    return drive(self, Watcher.READ, "recv", flags, recvAttempt, bufsize, flags, big)
  })

/** One recv(2): a = bufsize, b = flags, c = the big buffer (none: the scratch buffer, copied out at once). */
const recvAttempt = (op: Op): Effect.Effect<Uint8Array, SocketError> | undefined => {
  const self = op.target as SocketState
  const fd = self._fd
  if (fd < 0) return Effect.fail(badFd("recv"))
  const bufsize: number = op.a
  const big: Buffer | undefined = op.c
  const truncating = clearForTruncation(big, bufsize, op.b)
  const r = big === undefined ? recvIntoScratch(fd, bufsize, op.b) : native.recv(fd, big, 0, bufsize, op.b)
  if (r < 0) return r === -EAGAIN ? undefined : fail(-r, "recv")
  const data = takeRead(big, truncating ? Math.min(r, bufsize) : r)
  self._drained = data.length < bufsize
  return Effect.succeed(data)
}

/** recv_into without the `close()` check. */
export const recvIntoImpl = (self: SocketState, buffer: Uint8Array, nbytes: number, flags: number): Effect.Effect<number, IoError> =>
  Effect.suspend(() => {
    const n = intoLength(buffer, nbytes, "recv_into")
    if (typeof n !== "number") return Effect.fail(n)
    if (self._fd < 0) return Effect.fail(badFd("recv_into"))
    if (n === 0) return Effect.succeed(0)
    if (waitFirst(self, n, flags)) return waitIo(self, Watcher.READ, undefined, "recv_into", recvIntoAttempt, buffer, n, flags)
    return drive(self, Watcher.READ, "recv_into", flags, recvIntoAttempt, buffer, n, flags)
  })

/** One recv(2) into the caller's buffer: a = the buffer, b = how many bytes, c = flags. */
const recvIntoAttempt = (op: Op): Effect.Effect<number, SocketError> | undefined => {
  const self = op.target as SocketState
  const fd = self._fd
  if (fd < 0) return Effect.fail(badFd("recv_into"))
  const r = native.recv(fd, op.a, 0, op.b, op.c)
  if (r < 0) return r === -EAGAIN ? undefined : fail(-r, "recv_into")
  self._drained = r < op.b
  return Effect.succeed(r)
}

/** recvfrom without the `close()` check. */
export const recvfromImpl = (
  self: SocketState,
  bufsize: number,
  flags: number
): Effect.Effect<readonly [Uint8Array, Address | null], IoError> =>
  Effect.suspend(() => {
    const bad = checkSize(bufsize, "buffersize in recvfrom")
    if (bad !== undefined) return Effect.fail(bad)
    return drive(self, Watcher.READ, "recvfrom", flags, recvfromAttempt, bufsize, flags, bigBuffer(bufsize, flags))
  })

/** One recvfrom(2): a = bufsize, b = flags, c = the big buffer (none: the scratch buffer). */
const recvfromAttempt = (op: Op): Effect.Effect<readonly [Uint8Array, Address | null], SocketError> | undefined => {
  const fd = (op.target as SocketState)._fd
  if (fd < 0) return Effect.fail(badFd("recvfrom"))
  const bufsize: number = op.a
  const big: Buffer | undefined = op.c
  const truncating = clearForTruncation(big, bufsize, op.b)
  const r = native.recvfrom(fd, big ?? scratch, 0, bufsize, op.b)
  if (typeof r === "number") return r === -EAGAIN ? undefined : fail(-r, "recvfrom")
  return Effect.succeed([takeRead(big, truncating ? Math.min(r[0], bufsize) : r[0]), r[1] as Address | null] as const)
}

/** recvfrom_into without the `close()` check. */
export const recvfromIntoImpl = (
  self: SocketState,
  buffer: Uint8Array,
  nbytes: number,
  flags: number
): Effect.Effect<readonly [number, Address | null], IoError> =>
  Effect.suspend(() => {
    const n = intoLength(buffer, nbytes, "recvfrom_into")
    if (typeof n !== "number") return Effect.fail(n)
    return drive(self, Watcher.READ, "recvfrom_into", flags, recvfromIntoAttempt, buffer, n, flags)
  })

/** One recvfrom(2) into the caller's buffer: a = the buffer, b = how many bytes, c = flags. */
const recvfromIntoAttempt = (op: Op): Effect.Effect<readonly [number, Address | null], SocketError> | undefined => {
  const fd = (op.target as SocketState)._fd
  if (fd < 0) return Effect.fail(badFd("recvfrom_into"))
  const r = native.recvfrom(fd, op.a, 0, op.b, op.c)
  if (typeof r === "number") return r === -EAGAIN ? undefined : fail(-r, "recvfrom_into")
  return Effect.succeed([r[0], r[1] as Address | null] as const)
}
