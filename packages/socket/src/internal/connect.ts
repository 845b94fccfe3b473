/**
 * connect: connect(2), then the wait for its outcome (SO_ERROR once writable), or for a Unix listener
 * with a full backlog a back-off, since nothing signals room there.
 *
 * @internal
 */
import { type Address, errnoValue, SocketError, SocketTimeout } from "@greenfiber/core"
import { Native, Watcher } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { checkAddress, resolveAddress } from "../address.ts"
import { AF_UNIX, SO_ERROR, SOL_SOCKET } from "../constants.ts"
import { badFd, deadlineOf, EAGAIN, fail, waitIo } from "./io.ts"
import type { SocketState } from "./socket.ts"

const native = Native.native

const EINPROGRESS = errnoValue("EINPROGRESS")
const EALREADY = errnoValue("EALREADY")
const EISCONN = errnoValue("EISCONN")
const ENOTCONN = errnoValue("ENOTCONN")

/** The longest pause between connect(2) attempts to a Unix listener with a full backlog. */
const UNIX_BACKOFF_MAX_MS = 100

/** Sleeps `ms` between connect attempts; closing the socket ends the sleep at once (the loop then sees EBADF). */
const backoffSleep = (self: SocketState, ms: number): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const timer = setTimeout(() => {
      self._wakeOnClose = undefined
      resume(Effect.void)
    }, ms)
    self._wakeOnClose = () => {
      clearTimeout(timer)
      resume(Effect.void)
    }
    return Effect.sync(() => {
      clearTimeout(timer)
      self._wakeOnClose = undefined
    })
  })

/** connect: a host name is resolved first; the socket timeout bounds the whole call. */
export const connectImpl = Effect.fnUntraced(function*(self: SocketState, address: Address) {
  if (self._closed) return yield* Effect.fail(badFd("connect"))
  const checked = checkAddress(self.family, address)
  if (checked instanceof SocketError) return yield* Effect.fail(checked)
  const addr = checked !== undefined ? checked : yield* resolveAddress(self.family, address)
  const deadline = deadlineOf(self)
  let waited = false
  let backoff = 1
  while (true) {
    const fd = self._fd
    if (fd < 0) return yield* Effect.fail(badFd("connect"))
    const r = native.connect(fd, self.family, addr)
    if (r === 0) return
    if (waited && r === -EISCONN) return
    if (r !== -EINPROGRESS && r !== -EAGAIN && r !== -EALREADY) return yield* fail(-r, "connect")
    if (self._timeoutMs === 0) return yield* fail(-r, "connect")
    if (r === -EAGAIN && self.family === AF_UNIX) {
      // The listener's backlog is full. An unconnected Unix socket always polls writable, so waiting
      // for writability would spin; nothing signals room again, so back off instead.
      const ms = deadline < 0 ? backoff : Math.min(backoff, deadline - performance.now())
      if (ms <= 0) return yield* Effect.fail(new SocketTimeout())
      yield* backoffSleep(self, ms)
      backoff = Math.min(backoff * 2, UNIX_BACKOFF_MAX_MS)
      continue
    }
    // Wait for writability, then read the outcome from SO_ERROR; a spurious wake-up waits again.
    while (true) {
      yield* waitIo(self, Watcher.WRITE, deadline, "connect")
      waited = true
      if (self._fd < 0) return yield* Effect.fail(badFd("connect"))
      const [gr, err] = native.getsockoptInt(self._fd, SOL_SOCKET, SO_ERROR)
      if (gr < 0) return yield* fail(-gr, "connect")
      if (err !== 0 && err !== undefined) return yield* fail(err, "connect")
      if (r === -EAGAIN) break // EAGAIN from another family: connect once more
      const peer = native.getpeername(self._fd)
      if (typeof peer !== "number" || peer !== -ENOTCONN) return
    }
  }
})
