/**
 * A socket's state and lifecycle: its fd, timeout, watchers and budget, how it closes (at once, or
 * once the last file made from it lets go: Python's reference rule), detaches, and is reclaimed when
 * collected unclosed. The calls that do I/O live beside it (recv.ts, send.ts, connect.ts) and read
 * this state; `Socket.ts` puts them together as the public `Socket`.
 *
 * @internal
 */
import { SocketError, type TimeoutInput, validateTimeout } from "@greenfiber/core"
import { Native, notifyClosingUnsafe, Watcher } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { SOCK_CLOEXEC, SOCK_NONBLOCK } from "../constants.ts"

const native = Native.native

// macOS has neither flag: nothing to mask there.
export const TYPE_MASK = ~((SOCK_NONBLOCK ?? 0) | (SOCK_CLOEXEC ?? 0))

/**
 * A socket collected without `close()` (its scope was never closed, or it never had one) still holds
 * its fd, and maybe a poll handle: they are released here, and reported as CPython reports an
 * unclosed socket (a ResourceWarning), since the program has a leak to fix. A socket with a fiber
 * waiting on it is never collected: the wait keeps it reachable.
 */
const unclosed = new FinalizationRegistry<number>((fd) => {
  notifyClosingUnsafe(fd)
  native.fdClose(fd)
  Watcher.closeIdleOn(fd)
  process.emitWarning(`unclosed socket (fd ${fd}) was garbage-collected; greenfiber closed it`, {
    type: "ResourceWarning",
    code: "GREENFIBER_UNCLOSED_SOCKET",
    detail: "Close sockets with close(), or open them in a Scope that is closed."
  })
})

/** What holds an fd for files made from it (a socket, or a TLS socket): see `retain` and `release`. */
export interface Owner {
  _ioRefs: number
  readonly _closed: boolean
  _realClose(): void
}

/** A file made from `owner` keeps its fd open until the file is closed too. */
export const retain = (owner: Owner): void => {
  owner._ioRefs++
}

/** A file made from `owner` is closed: the fd closes if the owner was closed and this was the last file. */
export const release = (owner: Owner): void => {
  owner._ioRefs--
  if (owner._closed && owner._ioRefs <= 0) owner._realClose()
}

/** The state every socket has, and what changes it without I/O; the public `Socket` builds on it. */
export class SocketState {
  /** The address family (`AF_INET`, `AF_INET6`, `AF_UNIX`, ...). */
  readonly family: number
  /** The socket type (`SOCK_STREAM`, `SOCK_DGRAM`, ...), without `SOCK_NONBLOCK`/`SOCK_CLOEXEC`. */
  readonly type: number
  /** The protocol number. */
  readonly proto: number
  /** @internal the real fd; -1 once really closed (or detached). */
  _fd: number
  /** @internal `close()` was called (the fd may live on for files, Python's reference rule). */
  _closed = false
  /** @internal open files made by `makefile`. */
  _ioRefs = 0
  /** @internal timeout in seconds, null = block. */
  _timeout: number | null
  /** @internal timeout in ms: -1 block, 0 non-blocking. */
  _timeoutMs: number
  /** @internal */
  _rw: Watcher.Watcher | undefined = undefined
  /** @internal */
  _ww: Watcher.Watcher | undefined = undefined
  /** @internal operations in a row that completed without waiting (see io.ts, `mustYield`). */
  _streak = 0
  /** @internal the last read left the receive queue empty (it got less than it asked for). */
  _drained = false
  /** @internal ends a Unix connect's back-off sleep when the fd closes (no watcher waits then). */
  _wakeOnClose: (() => void) | undefined = undefined
  /** @internal whether a wait on this socket holds the process open (`toDuplex`'s ref/unref). */
  _ref = true

  /** @internal use `socket`, `fromfd` and friends. */
  constructor(fd: number, family: number, type: number, proto: number, timeout: number | null) {
    this._fd = fd
    this.family = family
    this.type = type & TYPE_MASK
    this.proto = proto
    this._timeout = timeout
    this._timeoutMs = timeout === null ? -1 : timeout * 1000
    Watcher.ownFd(fd)
    unclosed.register(this, fd, this)
  }

  /** The fd number, or -1 once closed. Python's `fileno()`. */
  fileno(): number {
    return this._closed ? -1 : this._fd
  }

  /** The timeout in seconds, `null` when blocking without a timeout, `0` when non-blocking. */
  gettimeout(): number | null {
    return this._timeout
  }

  /** `true` unless the socket is non-blocking (timeout 0), as in Python. */
  getblocking(): boolean {
    return this._timeout !== 0
  }

  /** Sets the timeout: seconds, a `Duration`, `null` (block forever) or `0` (non-blocking). Negative: `EINVAL`. */
  settimeout(timeout: TimeoutInput): Effect.Effect<void, SocketError> {
    return Effect.map(validateTimeout(timeout), (seconds) => this._setTimeoutUnsafe(seconds))
  }

  /** `setblocking(true)` is `settimeout(null)`, `setblocking(false)` is `settimeout(0)`. */
  setblocking(flag: boolean): Effect.Effect<void> {
    return Effect.sync(() => this._setTimeoutUnsafe(flag ? null : 0))
  }

  /** @internal */
  _setTimeoutUnsafe(seconds: number | null): void {
    this._timeout = seconds
    this._timeoutMs = seconds === null ? -1 : seconds * 1000
  }

  /** @internal whether a public call may use the fd: `close()` not called, and the fd not gone (detached). */
  _live(): boolean {
    return !this._closed && this._fd >= 0
  }

  /**
   * Closes the socket: at once marked closed (`fileno()` is -1, later calls fail with EBADF), fibers
   * waiting on it woken with EBADF, the fd closed before this returns (its port free, the peer at
   * EOF). Closing twice is fine.
   * While files from `makefile` are open the fd stays open for them (Python's reference rule).
   */
  close(): Effect.Effect<void> {
    // bind, not an arrow: the finalizer every socket leaves in its scope stays small.
    return Effect.sync(this._closeUnsafe.bind(this))
  }

  /** @internal */
  _closeUnsafe(): void {
    this._closed = true
    if (this._ioRefs <= 0) this._realClose()
  }

  /** @internal */
  _realClose(): void {
    const fd = this._fd
    if (fd < 0) return
    this._fd = -1
    unclosed.unregister(this)
    notifyClosingUnsafe(fd)
    // The addon takes the fd out of epoll, then closes it; the watchers go after, as detached ids.
    native.fdClose(fd)
    this._dropWatchers()
  }

  /** @internal */
  _dropWatchers(): void {
    this._endBackoff()
    if (this._rw !== undefined) Watcher.closeUnsafe(this._rw)
    if (this._ww !== undefined) Watcher.closeUnsafe(this._ww)
    this._rw = undefined
    this._ww = undefined
  }

  /** @internal */
  _endBackoff(): void {
    const wake = this._wakeOnClose
    this._wakeOnClose = undefined
    if (wake !== undefined) wake()
  }

  /** Puts the socket in the closed state without closing the fd, and returns the fd. */
  detach(): Effect.Effect<number> {
    return Effect.sync(() => {
      const fd = this._closed ? -1 : this._fd
      this._closed = true
      if (fd < 0) return -1
      this._fd = -1
      unclosed.unregister(this)
      Watcher.disownFd(fd)
      notifyClosingUnsafe(fd)
      this._dropWatchers()
      return fd
    })
  }

  /** @internal net.Socket's ref/unref: off, a process whose only pending work is a wait here may exit. */
  _setRef(on: boolean): void {
    this._ref = on
    if (this._fd >= 0) native.fdRef(this._fd, on ? 1 : 0)
  }

  /**
   * @internal The watcher for one direction, opened on first need. Opened and recorded in one
   * synchronous step: a fiber that yields in between (its operation budget ran out) must not let
   * another open a second watcher for the same direction, which would leak and let two fibers read
   * at once.
   */
  _watcher(events: number): Watcher.WatcherImpl | SocketError {
    const w = events === Watcher.READ ? this._rw : this._ww
    if (w !== undefined) return w as Watcher.WatcherImpl
    const made = Watcher.makeUnsafe(this._fd, events)
    if (made instanceof SocketError) return made
    // The fd's poll may be new with this watcher: it takes the socket's ref state.
    if (!this._ref) native.fdRef(this._fd, 0)
    if (events === Watcher.READ) this._rw = made
    else this._ww = made
    return made
  }
}
