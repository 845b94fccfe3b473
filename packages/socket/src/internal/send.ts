/**
 * The sending calls: send, sendall, sendto, sendfile. Each is one attempt run by the driver (io.ts)
 * on the fast path and on every wake-up alike; sendall's and sendfile's attempts keep their progress
 * in the attempt's arguments, so the socket timeout bounds the whole call with one wait.
 *
 * @internal
 */
import type { Address, SocketError } from "@greenfiber/core"
import { Native, Watcher } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { fstatSync } from "node:fs"
import { invalid } from "../address.ts"
import { badFd, drive, EAGAIN, EBADF, fail, type IoError, isBytes, type Op } from "./io.ts"
import type { SocketState } from "./socket.ts"

const native = Native.native

const notBytes = () => Effect.fail(invalid("a bytes-like object is required"))

/** send without the `close()` check (files use it). */
export const sendImpl = (self: SocketState, data: Uint8Array, flags: number): Effect.Effect<number, IoError> =>
  Effect.suspend(() => {
    if (!isBytes(data)) return notBytes()
    if (self._fd < 0) return Effect.fail(badFd("send"))
    if (data.length === 0) return Effect.succeed(0)
    return drive(self, Watcher.WRITE, "send", flags, sendAttempt, data, flags)
  })

/** One send(2): a = the data, b = flags. */
const sendAttempt = (op: Op): Effect.Effect<number, SocketError> | undefined => {
  const fd = (op.target as SocketState)._fd
  if (fd < 0) return Effect.fail(badFd("send"))
  const data = op.a as Uint8Array
  const r = native.send(fd, data, 0, data.length, op.b)
  if (r >= 0) return Effect.succeed(r)
  return r === -EAGAIN ? undefined : fail(-r, "send")
}

/**
 * sendall without the `close()` check (files use it). Most complete in the first send; a full send
 * buffer waits, and the socket timeout bounds the whole call. With MSG_DONTWAIT it sends what the
 * socket takes now and fails with EAGAIN at its first refusal, as CPython's sendall raises
 * BlockingIOError there (the bytes before it are sent).
 */
export const sendallImpl = (self: SocketState, data: Uint8Array, flags: number): Effect.Effect<void, IoError> =>
  Effect.suspend(() => {
    if (!isBytes(data)) return notBytes()
    if (self._fd < 0) return Effect.fail(badFd("sendall"))
    if (data.length === 0) return Effect.void
    return drive(self, Watcher.WRITE, "sendall", flags, sendallAttempt, data, 0, flags)
  })

/** send(2) until all is sent or the socket refuses: a = the data, b = how much is sent (updated), c = flags. */
const sendallAttempt = (op: Op): Effect.Effect<void, SocketError> | undefined => {
  const data = op.a as Uint8Array
  const total = data.length
  while (true) {
    const fd = (op.target as SocketState)._fd
    if (fd < 0) return Effect.fail(badFd("sendall"))
    const r = native.send(fd, data, op.b, total - op.b, op.c)
    if (r < 0) return r === -EAGAIN ? undefined : fail(-r, "sendall")
    op.b += r
    if (op.b >= total) return Effect.void
  }
}

/** sendto with the address resolved, without the `close()` check. */
export const sendtoImpl = (self: SocketState, data: Uint8Array, flags: number, address: Address): Effect.Effect<number, IoError> =>
  Effect.suspend(() => {
    if (!isBytes(data)) return notBytes()
    return drive(self, Watcher.WRITE, "sendto", flags, sendtoAttempt, data, flags, address)
  })

/** One sendto(2): a = the data, b = flags, c = the address. */
const sendtoAttempt = (op: Op): Effect.Effect<number, SocketError> | undefined => {
  const self = op.target as SocketState
  const fd = self._fd
  if (fd < 0) return Effect.fail(badFd("sendto"))
  const data = op.a as Uint8Array
  const r = native.sendto(fd, data, 0, data.length, op.b, self.family, op.c)
  if (r >= 0) return Effect.succeed(r)
  return r === -EAGAIN ? undefined : fail(-r, "sendto")
}

/** A sendfile call's progress, kept across its waits. */
interface SendfileProgress {
  readonly file: number
  pos: number
  left: number
  sent: number
}

/** sendfile(2) from `file` at `offset`, `count` bytes (undefined or 0: to the end), without the `close()` check. */
export const sendfileImpl = (self: SocketState, file: number, offset: number, count: number | undefined): Effect.Effect<number, IoError> =>
  Effect.suspend(() => {
    if (self._timeoutMs === 0) return Effect.fail(invalid("the socket must be in blocking mode"))
    if (!Number.isInteger(file) || file < 0) return fail(EBADF, "sendfile")
    if (!Number.isInteger(offset) || offset < 0) return Effect.fail(invalid("offset must be a non-negative integer"))
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      return Effect.fail(invalid("count must be a positive integer"))
    }
    let left: number
    if (count === undefined || count === 0) {
      let size: number
      try {
        size = fstatSync(file).size
      } catch (e) {
        return fail((e as NodeJS.ErrnoException).errno ? -(e as NodeJS.ErrnoException).errno! : EBADF, "fstat")
      }
      left = Math.max(0, size - offset)
    } else {
      left = count
    }
    if (left === 0) return Effect.succeed(0)
    const progress: SendfileProgress = { file, pos: offset, left, sent: 0 }
    return drive(self, Watcher.WRITE, "sendfile", 0, sendfileAttempt, progress)
  })

/** sendfile(2) until `left` is sent, the file ends or the socket refuses: a = the progress (updated). */
const sendfileAttempt = (op: Op): Effect.Effect<number, SocketError> | undefined => {
  const p = op.a as SendfileProgress
  while (p.left > 0) {
    const fd = (op.target as SocketState)._fd
    if (fd < 0) return Effect.fail(badFd("sendfile"))
    const r = native.sendfile(fd, p.file, p.pos, Math.min(p.left, 0x7ffff000))
    if (r === 0) break
    if (r < 0) return r === -EAGAIN ? undefined : fail(-r, "sendfile")
    p.sent += r
    p.pos += r
    p.left -= r
  }
  return Effect.succeed(p.sent)
}
