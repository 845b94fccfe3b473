import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { closeSync, openSync } from "node:fs"
import { SocketError, waitRead, waitWrite, Watcher } from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import { regularFile } from "./fixtures.ts"

const { native } = Native
const EINVAL = native.errno.EINVAL!
const EBADF = native.errno.EBADF!

describe("bad fds", () => {
  it.live("fd -1 is a SocketError EBADF", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(waitRead(-1))
      assert.instanceOf(error, SocketError)
      assert.strictEqual((error as SocketError).code, "EBADF")
    }))

  it.live("a closed fd is a SocketError EBADF", () =>
    Effect.gen(function*() {
      const fd = openSync("/dev/null", "r")
      closeSync(fd)
      const error = yield* Effect.flip(waitWrite(fd, { timeout: 1 }))
      assert.strictEqual((error as SocketError).code, "EBADF")
    }))

  it.live("a regular file cannot be polled: SocketError EPERM, process alive", () =>
    Effect.gen(function*() {
      const fd = yield* regularFile
      const error = yield* Effect.flip(waitRead(fd, { timeout: 1 }))
      assert.instanceOf(error, SocketError)
      assert.strictEqual((error as SocketError).code, "EPERM")
      assert.strictEqual(Watcher.stats().handles, 0)
    }))

  it.live("non-integer fds and bad event masks are typed errors", () =>
    Effect.gen(function*() {
      for (const fd of [1.5, Number.NaN, Infinity, -7, 2 ** 40]) {
        const error = yield* Effect.flip(Watcher.make(fd, Watcher.READ))
        assert.strictEqual(error.code, "EBADF", `fd ${fd}`)
      }
      for (const events of [0, 4, -1, 1.5]) {
        const error = yield* Effect.flip(Watcher.make(0, events))
        assert.strictEqual(error.code, "EINVAL", `events ${events}`)
      }
    }))
})

describe("the addon validates every argument", () => {
  const junk: ReadonlyArray<unknown> = [undefined, null, "3", {}, [], Number.NaN, -1.5, 2 ** 53, Symbol("x"), () => 0]

  it("returns -EINVAL for wrong types instead of crashing", () => {
    for (const bad of junk) {
      const b = bad as number
      assert.strictEqual(native.ioOpen(b, 1), -EINVAL)
      assert.strictEqual(native.ioStart(b), -EINVAL)
      assert.strictEqual(native.ioStop(b), -EINVAL)
      assert.strictEqual(native.ioClose(b), -EINVAL)
      assert.strictEqual(native.recv(b, new Uint8Array(4), 0, 4, 0), -EINVAL)
      assert.strictEqual(native.recv(0, bad as Uint8Array, 0, 4, 0), -EINVAL)
      assert.strictEqual(native.send(0, new Uint8Array(4), b, 4, 0), -EINVAL)
      assert.strictEqual(native.socket(b, 1, 0), -EINVAL)
      assert.strictEqual(native.bind(0, 2, bad), -EINVAL)
      assert.strictEqual(native.setsockopt(0, 1, 2, bad as number), -EINVAL)
      assert.strictEqual(native.sendfile(b, 0, 0, 1), -EINVAL)
    }
  })

  it("checks the read slab and the length read into it", () => {
    for (const bad of junk) {
      assert.strictEqual(native.setReadSlab(bad as Uint8Array), -EINVAL)
      assert.strictEqual(native.recvSlab(bad as number, 1, 0), -EINVAL)
      assert.strictEqual(native.recvSlab(0, bad as number, 0), -EINVAL)
      assert.strictEqual(native.recvSlab(0, 1, bad as number), -EINVAL)
    }
    const slab = new Uint8Array(16)
    assert.strictEqual(native.setReadSlab(slab), 0)
    // Recorded as the socket module does, so a socket module loaded later registers its own again.
    Native.shared.registeredSlab = slab
    assert.strictEqual(native.recvSlab(0, 17, 0), -EINVAL)
    assert.strictEqual(native.recvSlab(0, -1, 0), -EINVAL)
    assert.strictEqual(native.recvSlab(-1, 16, 0), -EBADF)
  })

  it("rejects windows outside the buffer", () => {
    const buf = new Uint8Array(8)
    assert.strictEqual(native.recv(0, buf, 4, 5, 0), -EINVAL)
    assert.strictEqual(native.recv(0, buf, 9, 0, 0), -EINVAL)
    assert.strictEqual(native.send(0, buf, -1, 1, 0), -EINVAL)
    assert.strictEqual(native.recv(0, new Float64Array(2) as unknown as Uint8Array, 0, 1, 0), -EINVAL)
  })

  it("reports errno for operations on bad fds", () => {
    assert.strictEqual(native.recv(-1, new Uint8Array(1), 0, 1, 0), -EBADF)
    assert.strictEqual(native.shutdown(-1, 0), -EBADF)
    assert.strictEqual(native.fdClose(-1), -EBADF)
    assert.strictEqual(native.getsockname(-1), -EBADF)
  })

  it("rejects malformed addresses", () => {
    const fd = native.socket(native.constants.AF_INET!, native.constants.SOCK_STREAM!, 0)
    try {
      assert.strictEqual(native.bind(fd, native.constants.AF_INET!, ["127.0.0.1", 70000]), -EINVAL)
      assert.strictEqual(native.bind(fd, native.constants.AF_INET!, ["not an ip", 80]), -EINVAL)
      assert.strictEqual(native.bind(fd, native.constants.AF_INET!, ["127.0.0.1"]), -EINVAL)
      assert.strictEqual(native.bind(fd, native.constants.AF_INET6!, ["::1", 1, -1, 0]), -EINVAL)
      assert.strictEqual(native.bind(fd, native.constants.AF_UNIX!, "x".repeat(200)), -native.errno.ENAMETOOLONG!)
      // Unix names are measured in bytes: 60 "é" are 120 bytes, over sun_path's 108.
      assert.strictEqual(native.connect(fd, native.constants.AF_UNIX!, "é".repeat(60)), -native.errno.ENAMETOOLONG!)
      // A lone surrogate names no byte (only U+DC80..U+DCFF stand for the bytes 0x80..0xFF).
      assert.strictEqual(native.connect(fd, native.constants.AF_UNIX!, "\0a\ud800"), -EINVAL)
      assert.strictEqual(native.connect(fd, native.constants.AF_UNIX!, "\0a\udc7f"), -EINVAL)
      assert.strictEqual(native.bind(fd, 12345, ["127.0.0.1", 0]), -native.errno.EAFNOSUPPORT!)
    } finally {
      native.fdClose(fd)
    }
  })

  it("fd ownership: bad arguments are EINVAL or EBADF, a closed fd cannot be owned, fdClose ends ownership", () => {
    const own = native as unknown as { fdOwn(fd: unknown): number; fdDisown(fd: unknown): number; fdOwnedCount(): number }
    for (const bad of [undefined, null, "3", 1.5, NaN, 2 ** 31, -2, {}, []]) {
      assert.strictEqual(own.fdOwn(bad), -EINVAL)
      assert.strictEqual(own.fdDisown(bad), -EINVAL)
    }
    assert.strictEqual(own.fdOwn(-1), -EBADF)
    assert.strictEqual(own.fdDisown(-1), 0)
    const before = own.fdOwnedCount()
    const fd = native.socket(native.constants.AF_INET!, native.constants.SOCK_DGRAM!, 0)
    assert.strictEqual(own.fdOwn(fd), 0)
    assert.strictEqual(own.fdOwn(fd), 0)
    assert.strictEqual(own.fdOwnedCount(), before + 1)
    assert.strictEqual(own.fdDisown(fd), 0)
    assert.strictEqual(own.fdOwnedCount(), before)
    assert.strictEqual(own.fdOwn(fd), 0)
    assert.strictEqual(native.fdClose(fd), 0)
    assert.strictEqual(own.fdOwnedCount(), before)
    // A closed fd (and one past any table) is refused, so the table only grows for open fds.
    assert.strictEqual(own.fdOwn(fd), -EBADF)
    assert.strictEqual(own.fdOwn(2 ** 31 - 1), -EBADF)
    assert.strictEqual(native.fdClose(fd), -EBADF)
  })
})

