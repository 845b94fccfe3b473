/**
 * Behaviours compared with what /usr/bin/python3 does for the same calls (issue 20): an fd that is no
 * socket, ports out of range, a per-call MSG_DONTWAIT, getfqdn of the any-addresses, SOCK_NONBLOCK and
 * SOCK_CLOEXEC in `type`, and `socket(family, type, proto, fileno)` adopting an fd.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { spawnSync } from "node:child_process"
import { closeSync, fstatSync, openSync } from "node:fs"
import * as S from "@greenfiber/socket"
import { bytes, listener, text } from "./helpers.ts"

const python = (code: string): string => {
  const run = spawnSync("python3", ["-c", code], { encoding: "utf8" })
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`)
  return run.stdout.trim()
}

const errorOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${String(exit.value)}`)
  const reason = exit.cause.reasons[0]
  if (reason?._tag !== "Fail") throw new Error("expected a typed failure")
  return reason.error
}

describe("CPython fidelity", () => {
  it.live("fromfd and socket(fileno) on a regular file fail with ENOTSOCK; on a closed fd with EBADF", () =>
    Effect.gen(function*() {
      assert.strictEqual(
        python(`import socket,os
fd=os.open('/etc/hostname',os.O_RDONLY)
try: socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM)
except OSError as e: print(e.errno)`),
        "88"
      )
      const fd = openSync("/etc/hostname", "r")
      yield* Effect.addFinalizer(() => Effect.sync(() => closeSync(fd)))
      const viaFromfd = errorOf(yield* Effect.exit(Effect.scoped(S.fromfd(fd, S.AF_INET, S.SOCK_STREAM))))
      assert.deepStrictEqual([viaFromfd._tag, viaFromfd.code, viaFromfd.errno], ["SocketError", "ENOTSOCK", 88])
      const adopted = errorOf(yield* Effect.exit(Effect.scoped(S.socket(S.AF_INET, S.SOCK_STREAM, 0, fd))))
      assert.strictEqual(adopted.code, "ENOTSOCK")
      // A failed adoption leaves the fd to its owner, open.
      assert.isTrue(fstatSync(fd).isFile())
      const closed = errorOf(yield* Effect.exit(Effect.scoped(S.socket(S.AF_INET, S.SOCK_STREAM, 0, 1_000_000))))
      assert.strictEqual(closed.code, "EBADF")
    }))

  it.live("socket(fileno=fd) adopts the fd and reads family, type and proto from it", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair(S.AF_UNIX, S.SOCK_DGRAM)
      const fd = yield* b.detach()
      const adopted = yield* S.socket(undefined, undefined, undefined, fd)
      assert.deepStrictEqual([adopted.fileno(), adopted.family, adopted.type, adopted.proto], [fd, S.AF_UNIX, S.SOCK_DGRAM, 0])
      assert.strictEqual(python(`import socket
a,b=socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
c=socket.socket(fileno=b.detach()); print(c.family == socket.AF_UNIX, c.type == socket.SOCK_DGRAM, c.proto)`), "True True 0")
      yield* a.send(bytes("over the adopted fd"))
      assert.strictEqual(text(yield* adopted.recv(64)), "over the adopted fd")
      // Closing the socket closes the fd: it is the socket's now.
      yield* adopted.close()
      assert.throws(() => fstatSync(fd))
    }))

  it.live("a port out of range fails for connect, connectEx, bind, sendto and createConnection; connectEx returns no errno for it", () =>
    Effect.gen(function*() {
      assert.strictEqual(
        python(`import socket
try: socket.socket().connect_ex(('127.0.0.1', 65539))
except OverflowError as e: print(e)`),
        "connect_ex(): port must be 0-65535."
      )
      const tcp = yield* S.socket(S.AF_INET, S.SOCK_STREAM)
      const udp = yield* S.socket(S.AF_INET, S.SOCK_DGRAM)
      const calls: ReadonlyArray<[string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
        ["connectEx", tcp.connectEx(["127.0.0.1", 65539])],
        ["connect", tcp.connect(["127.0.0.1", 65539])],
        ["bind", tcp.bind(["127.0.0.1", -1])],
        ["sendto", udp.sendto(bytes("x"), ["127.0.0.1", 70000])],
        ["createConnection", Effect.scoped(S.createConnection(["127.0.0.1", 65536]))]
      ]
      for (const [name, call] of calls) {
        const error = errorOf(yield* Effect.exit(call)) as S.SocketError
        assert.deepStrictEqual([name, error._tag, error.code, /port must be 0-65535/.test(error.message)], [name, "SocketError", "EINVAL", true])
      }
      // What the OS answers still comes back as an errno.
      const { port } = yield* listener()
      const refused = yield* S.socket(S.AF_INET, S.SOCK_STREAM)
      assert.strictEqual(yield* refused.connectEx(["127.0.0.1", port]), 0)
    }))

  it.live("a per-call MSG_DONTWAIT never waits, on a blocking socket or one with a timeout", () =>
    Effect.gen(function*() {
      assert.strictEqual(
        python(`import socket
a,b=socket.socketpair()
try: b.recv(10, socket.MSG_DONTWAIT)
except BlockingIOError as e: print(e.errno)`),
        "11"
      )
      const [a, b] = yield* S.socketpair()
      for (const timeout of [null, 5]) {
        yield* b.settimeout(timeout)
        const into = new Uint8Array(8)
        const calls: ReadonlyArray<[string, Effect.Effect<unknown, { readonly _tag: string }>]> = [
          ["recv", b.recv(10, S.MSG_DONTWAIT)],
          ["recvInto", b.recvInto(into, 0, S.MSG_DONTWAIT)],
          ["recvfrom", b.recvfrom(10, S.MSG_DONTWAIT)],
          ["recvfromInto", b.recvfromInto(into, 0, S.MSG_DONTWAIT)]
        ]
        for (const [name, call] of calls) {
          // A wait would outlast the outer bound; the call must fail at once instead.
          const error = errorOf(yield* Effect.exit(Effect.timeout(call, "2 seconds"))) as S.SocketError
          assert.deepStrictEqual([name, timeout, error._tag, error.code], [name, timeout, "SocketError", "EAGAIN"])
        }
      }
      // Sends: fill the socket's buffer, then one more send with MSG_DONTWAIT fails at once.
      yield* a.setblocking(false)
      const chunk = new Uint8Array(65536)
      for (;;) {
        const exit = yield* Effect.exit(a.send(chunk))
        if (Exit.isFailure(exit)) break
      }
      yield* a.settimeout(5)
      for (const [name, call] of [["send", a.send(chunk, S.MSG_DONTWAIT)], ["sendall", a.sendall(chunk, S.MSG_DONTWAIT)]] as const) {
        const error = errorOf(yield* Effect.exit(Effect.timeout(call, "2 seconds"))) as S.SocketError
        assert.deepStrictEqual([name, error.code], [name, "EAGAIN"])
      }
      // Data waiting: MSG_DONTWAIT reads it as any recv does.
      const [c, d] = yield* S.socketpair()
      yield* c.sendall(bytes("ready"))
      assert.strictEqual(text(yield* d.recv(10, S.MSG_DONTWAIT)), "ready")
    }))

  it.live("getfqdn treats '', '0.0.0.0' and '::' alike, as this host", () =>
    Effect.gen(function*() {
      const expected = python(`import socket; print(socket.getfqdn('::') == socket.getfqdn('') == socket.getfqdn('0.0.0.0'))`)
      assert.strictEqual(expected, "True")
      const here = yield* S.getfqdn("")
      assert.strictEqual(yield* S.getfqdn("::"), here)
      assert.strictEqual(yield* S.getfqdn("0.0.0.0"), here)
      assert.notStrictEqual(here, "::")
    }))

  it.live("SOCK_NONBLOCK in type makes the socket non-blocking; type reads without SOCK_NONBLOCK and SOCK_CLOEXEC", () =>
    Effect.gen(function*() {
      assert.strictEqual(
        python(`import socket
socket.setdefaulttimeout(3)
s=socket.socket(socket.AF_INET, socket.SOCK_STREAM|socket.SOCK_NONBLOCK); print(s.gettimeout(), s.getblocking(), int(s.type))
c=socket.socket(socket.AF_INET, socket.SOCK_STREAM|socket.SOCK_CLOEXEC); print(c.gettimeout(), int(c.type))`),
        "0.0 False 1\n3.0 1"
      )
      const program = Effect.gen(function*() {
        const nb = yield* S.socket(S.AF_INET, S.SOCK_STREAM | S.SOCK_NONBLOCK!)
        const ce = yield* S.socket(S.AF_INET, S.SOCK_STREAM | S.SOCK_CLOEXEC!)
        return [nb.gettimeout(), nb.getblocking(), nb.type, ce.gettimeout(), ce.type]
      })
      assert.deepStrictEqual(yield* program.pipe(S.withDefaultTimeout(3)), [0, false, S.SOCK_STREAM, 3, S.SOCK_STREAM])
      // Non-blocking for real: an accept with nothing pending fails at once.
      const server = yield* S.socket(S.AF_INET, S.SOCK_STREAM | S.SOCK_NONBLOCK!)
      yield* server.bind(["127.0.0.1", 0])
      yield* server.listen()
      const error = errorOf(yield* Effect.exit(Effect.timeout(server.accept(), "2 seconds"))) as S.SocketError
      assert.strictEqual(error.code, "EAGAIN")
    }))
})
