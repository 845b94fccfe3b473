import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { spawnSync } from "node:child_process"
import { closeSync, openSync, readFileSync, readSync, writeSync, constants as fsc } from "node:fs"
import * as S from "@greenfiber/socket"
import { bytes, text, tmpPath } from "./helpers.ts"

const py = (code: string): string => {
  const r = spawnSync("/usr/bin/python3", ["-c", `import socket\n${code}`], { encoding: "utf8" })
  if (r.status !== 0) throw new Error(r.stderr)
  return r.stdout.trim()
}

/** Whether fd is close-on-exec, from /proc (Linux): O_CLOEXEC is 02000000 in fdinfo's octal flags. */
const isCloexec = (fd: number): boolean => {
  const flags = /flags:\s+([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"))![1]!
  return (parseInt(flags, 8) & 0o2000000) !== 0
}

describe("sendmsg / recvmsg", () => {
  it.live("gathers buffers and returns CPython's shape on a socketpair", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      expect(yield* a.sendmsg([bytes("he"), bytes("llo")])).toBe(5)
      const [data, anc, flags, addr] = yield* b.recvmsg(10, 100)
      expect(text(data)).toBe("hello")
      expect(anc).toEqual([])
      expect(flags).toBe(0)
      expect(addr).toBe(null)
      expect(py(`a,b=socket.socketpair()\na.sendmsg([b"he",b"llo"])\nprint(b.recvmsg(10,100))`)).toBe("(b'hello', [], 0, None)")
    }).pipe(Effect.scoped))

  it.live("sendmsg to an address and recvmsg's address on Unix datagrams", () =>
    Effect.gen(function*() {
      const u1 = yield* S.socket(S.AF_UNIX, S.SOCK_DGRAM)
      const u2 = yield* S.socket(S.AF_UNIX, S.SOCK_DGRAM)
      const p1 = tmpPath("u1"), p2 = tmpPath("u2")
      yield* u1.bind(p1)
      yield* u2.bind(p2)
      expect(yield* u2.sendmsg([bytes("a"), bytes("b")], [], 0, p1)).toBe(2)
      const [data, , flags, addr] = yield* u1.recvmsg(1)
      expect(text(data)).toBe("a")
      expect(flags & S.MSG_TRUNC).toBe(S.MSG_TRUNC)
      expect(addr).toBe(p2)
    }).pipe(Effect.scoped))

  it.live("recvmsgInto scatters into the buffers in order", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair(S.AF_UNIX, S.SOCK_DGRAM)
      yield* a.sendmsg([bytes("abcdef")])
      const x = new Uint8Array(2), y = new Uint8Array(10)
      const [n, anc, flags] = yield* b.recvmsgInto([x, y])
      expect([n, anc, flags]).toEqual([6, [], 0])
      expect(text(x)).toBe("ab")
      expect(text(y.subarray(0, 4))).toBe("cdef")
    }).pipe(Effect.scoped))

  it.live("recvmsg waits for data, honours the timeout, and wakes with EBADF on close", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const fiber = yield* Effect.forkChild(b.recvmsg(10))
      yield* Effect.sleep(20)
      yield* a.sendall(bytes("late"))
      expect(text((yield* Fiber.join(fiber))[0])).toBe("late")
      yield* b.settimeout(0.05)
      const t = yield* Effect.flip(b.recvmsg(10))
      expect(t._tag).toBe("SocketTimeout")
      yield* b.settimeout(null)
      const waiting = yield* Effect.forkChild(Effect.flip(b.recvmsg(10)))
      yield* Effect.sleep(20)
      yield* b.close()
      const e = yield* Fiber.join(waiting)
      expect(e._tag === "SocketError" && e.code).toBe("EBADF")
      yield* b.settimeout(0)
      const closed = yield* Effect.flip(b.recvmsg(1))
      expect(closed._tag === "SocketError" && closed.code).toBe("EBADF")
      const [c, d] = yield* S.socketpair()
      yield* d.setblocking(false)
      const again = yield* Effect.flip(d.recvmsg(10))
      expect(again._tag === "SocketError" && again.code).toBe("EAGAIN")
      yield* c.close()
      expect((yield* d.recvmsg(10))[0].length).toBe(0)
    }).pipe(Effect.scoped))

  it.live("an interrupted recvmsg leaves the socket usable", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const r = yield* b.recvmsg(10).pipe(Effect.timeoutOption(20))
      expect(r._tag).toBe("None")
      yield* a.sendall(bytes("ok"))
      expect(text((yield* b.recvmsg(10))[0])).toBe("ok")
    }).pipe(Effect.scoped))

  it.live("bad arguments are typed errors with CPython's messages", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      expect((yield* Effect.flip(b.recvmsg(-1))).message).toBe("negative buffer size in recvmsg()")
      expect((yield* Effect.flip(b.recvmsg(1, -1))).message).toBe("invalid ancillary data buffer length")
      expect((yield* Effect.flip(a.sendmsg([1 as any]))).message).toBe("sendmsg() argument 1 must be an iterable of bytes-like objects")
      expect((yield* Effect.flip(a.sendmsg([bytes("x")], [[1, 2] as any]))).message).toBe(
        "[sendmsg() ancillary data items]() argument must be sequence of length 3"
      )
    }).pipe(Effect.scoped))

  it.live("passes a pipe's fd end to end; the received fd is close-on-exec", () =>
    Effect.gen(function*() {
      const fifo = tmpPath("fifo")
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0)
      const pipe = openSync(fifo, fsc.O_RDWR | fsc.O_NONBLOCK)
      const [a, b] = yield* S.socketpair()
      expect(yield* S.sendFds(a, [bytes("fd")], [pipe])).toBe(2)
      const [msg, fds, flags, addr] = yield* S.recvFds(b, 10, 4)
      expect([text(msg), fds.length, flags, addr]).toEqual(["fd", 1, 0, null])
      const got = fds[0]!
      expect(got).not.toBe(pipe)
      expect(isCloexec(got)).toBe(true)
      writeSync(got, "through the fd")
      const buf = Buffer.alloc(64)
      expect(buf.subarray(0, readSync(pipe, buf)).toString()).toBe("through the fd")
      yield* S.close(got)
      expect((yield* Effect.flip(S.close(got))).code).toBe("EBADF")
      closeSync(pipe)
    }).pipe(Effect.scoped))

  it.live("SCM_RIGHTS through sendmsg/recvmsg with CMSG_SPACE, and MSG_CTRUNC when the room is short", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const f1 = openSync("/dev/null", "r"), f2 = openSync("/dev/null", "r")
      yield* a.sendmsg([bytes("x")], [[S.SOL_SOCKET, S.SCM_RIGHTS, Int32Array.of(f1, f2)]])
      const [, anc, flags] = yield* b.recvmsg(1, yield* S.CMSG_SPACE(8))
      expect(flags).toBe(0)
      expect(anc.length).toBe(1)
      expect([anc[0]![0], anc[0]![1], anc[0]![2].length]).toEqual([S.SOL_SOCKET, S.SCM_RIGHTS, 8])
      const fds = new Int32Array(anc[0]![2].buffer.slice(anc[0]![2].byteOffset, anc[0]![2].byteOffset + 8))
      for (const fd of fds) {
        expect(isCloexec(fd)).toBe(true)
        yield* S.close(fd)
      }
      yield* S.sendFds(a, [bytes("y")], [f1, f2])
      const [, got, cut] = yield* S.recvFds(b, 1, 1)
      expect(got.length).toBe(1)
      expect(cut & S.MSG_CTRUNC).toBe(S.MSG_CTRUNC)
      yield* S.close(got[0]!)
      closeSync(f1)
      closeSync(f2)
    }).pipe(Effect.scoped))

  it.live("SCM_CREDENTIALS (Linux) carries pid, uid, gid", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      yield* b.setsockopt(S.SOL_SOCKET, S.SO_PASSCRED!, 1)
      const creds = Int32Array.of(process.pid, process.getuid!(), process.getgid!())
      yield* a.sendmsg([bytes("c")], [[S.SOL_SOCKET, S.SCM_CREDENTIALS!, creds]])
      const [, anc] = yield* b.recvmsg(1, yield* S.CMSG_SPACE(12))
      const item = anc.find(([l, t]) => l === S.SOL_SOCKET && t === S.SCM_CREDENTIALS)!
      const v = new DataView(item[2].buffer, item[2].byteOffset, 12)
      expect([v.getInt32(0, true), v.getInt32(4, true), v.getInt32(8, true)]).toEqual([...creds])
    }).pipe(Effect.scoped))

  it.effect("CMSG_LEN and CMSG_SPACE agree with CPython, bounds included", () =>
    Effect.gen(function*() {
      const ns = [0, 1, 4, 8, 12, 100, 2 ** 31 - 1 - 16, 2 ** 31 - 16, 2 ** 31 - 24, 2 ** 31 - 25, -1]
      const ours: Array<string> = []
      for (const n of ns) {
        const l = yield* Effect.result(S.CMSG_LEN(n))
        const s = yield* Effect.result(S.CMSG_SPACE(n))
        ours.push(`${l._tag === "Success" ? l.success : "E"} ${s._tag === "Success" ? s.success : "E"}`)
      }
      const theirs = py(`
def f(g, n):
  try: return str(g(n))
  except OverflowError: return "E"
for n in ${JSON.stringify(ns)}: print(f(socket.CMSG_LEN, n), f(socket.CMSG_SPACE, n))`).split("\n")
      expect(ours).toEqual(theirs)
    }))

  it("MSG_* and SCM_* constants match CPython's", () => {
    const names = JSON.parse(py(`import json\nprint(json.dumps({n: getattr(socket, n) for n in dir(socket) if n.startswith(("MSG_", "SCM_")) and not n.startswith("SCM_J1939")}))`))
    for (const [name, value] of Object.entries(names)) expect([name, (S as any)[name]]).toEqual([name, value])
  })
})
