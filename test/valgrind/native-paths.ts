/**
 * Drives every native entry point of the addon (fd registry, syscalls, resolver calls, bad input)
 * so `npm run test:valgrind` can check them under memcheck. Exits non-zero if a check fails.
 */
import { Effect, Fiber } from "effect"
import { constants as C, notifyClosing, OsResolver, waitRead, waitWrite, Watcher } from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

// Bad input binds sockets to relative names: work in a directory of our own, removed on exit.
const cwd = process.cwd()
const dir = mkdtempSync(join(tmpdir(), "gf-valgrind-native-"))
process.chdir(dir)
process.on("exit", () => {
  process.chdir(cwd)
  rmSync(dir, { recursive: true, force: true })
})

const { native } = Native
const check = (ok: boolean, what: string) => {
  if (!ok) {
    console.error(`FAILED: ${what}`)
    process.exit(1)
  }
}

const pair = () => native.socketpair(C.AF_UNIX!, C.SOCK_STREAM!, 0) as [number, number]

const program = Effect.gen(function*() {
  // Registry: wake-ups, interruption, notifyClosing, close while waiting, many waiters per fd.
  const [a, b] = pair()
  for (let i = 0; i < 50; i++) {
    const fiber = yield* Effect.forkChild(waitRead(a, { timeout: 5 }))
    yield* Effect.yieldNow
    native.send(b, new Uint8Array([i]), 0, 1, 0)
    yield* Fiber.join(fiber)
    native.recv(a, new Uint8Array(4), 0, 4, 0)
  }
  const waiters = yield* Effect.forEach([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], () =>
    Effect.forkChild(Effect.flip(waitRead(a))))
  yield* Effect.sleep("5 millis")
  yield* notifyClosing(a)
  yield* Effect.forEach(waiters, Fiber.join)
  const interrupted = yield* Effect.forkChild(waitWrite(b, { timeout: 0.001 }).pipe(Effect.ignore))
  yield* Fiber.join(interrupted)
  const closing = yield* Effect.forkChild(Effect.flip(waitRead(a)))
  yield* Effect.sleep("5 millis")
  yield* notifyClosing(a)
  native.fdClose(a)
  native.fdClose(b)
  yield* Fiber.join(closing)
  yield* Effect.flip(waitRead(-1))

  // Syscalls over TCP v4/v6, UDP and Unix, with every address shape.
  const l = native.socket(C.AF_INET!, C.SOCK_STREAM!, 0)
  native.setsockopt(l, C.SOL_SOCKET!, C.SO_REUSEADDR!, 1)
  check(native.bind(l, C.AF_INET!, ["127.0.0.1", 0]) === 0, "bind")
  native.listen(l, 16)
  const port = (native.getsockname(l) as [string, number])[1]
  const c = native.socket(C.AF_INET!, C.SOCK_STREAM!, 0)
  native.connect(c, C.AF_INET!, ["127.0.0.1", port])
  yield* waitWrite(c, { timeout: 5 })
  yield* waitRead(l, { timeout: 5 })
  const acc = native.accept(l) as [number, [string, number]]
  check(Array.isArray(acc), "accept")
  native.getpeername(acc[0])
  native.getsockoptInt(c, C.SOL_SOCKET!, C.SO_ERROR!)
  native.getsockoptBytes(c, C.SOL_SOCKET!, C.SO_LINGER!, 8)
  native.setsockopt(c, C.SOL_SOCKET!, C.SO_LINGER!, new Uint8Array(8))
  const big = new Uint8Array(1 << 20)
  native.send(c, big, 0, big.length, 0)
  native.recv(acc[0], big, 0, big.length, C.MSG_PEEK!)
  native.shutdown(c, C.SHUT_RDWR!)
  const d = native.dup(acc[0])
  native.fdClose(d)
  for (const fd of [acc[0], c, l]) native.fdClose(fd)

  const u6 = native.socket(C.AF_INET6!, C.SOCK_DGRAM!, 0)
  native.bind(u6, C.AF_INET6!, ["::1", 0, 0, 0])
  const a6 = native.getsockname(u6)
  native.sendto(u6, new Uint8Array([1, 2, 3]), 0, 3, 0, C.AF_INET6!, a6)
  yield* waitRead(u6, { timeout: 5 })
  native.recvfrom(u6, new Uint8Array(8), 0, 8, 0)
  native.fdClose(u6)

  const ux = native.socket(C.AF_UNIX!, C.SOCK_DGRAM!, 0)
  native.bind(ux, C.AF_UNIX!, `\0gf-valgrind-${process.pid}`)
  native.getsockname(ux)
  // Names that are not UTF-8 (escaped bytes), 4-byte characters, a lone surrogate, a name too long.
  const ux2 = native.socket(C.AF_UNIX!, C.SOCK_DGRAM!, 0)
  native.bind(ux2, C.AF_UNIX!, Buffer.concat([Buffer.from(`\0gf-valgrind-${process.pid}-`), Buffer.from([0xff, 0xc3, 0xf0, 0x9f, 0x98])]))
  native.getsockname(ux2)
  native.connect(ux2, C.AF_UNIX!, `\0gf-valgrind-${process.pid}-\udcff😀é`)
  native.connect(ux2, C.AF_UNIX!, `\0\ud800`)
  native.connect(ux2, C.AF_UNIX!, "é".repeat(60))
  native.fdClose(ux2)
  native.fdClose(ux)

  // Name functions, sync and on the thread pool.
  native.getaddrinfoSync("localhost", "http", 0, C.SOCK_STREAM!, 0, C.AI_CANONNAME!)
  native.getaddrinfoSync("no such host", null, 0, 0, 0, C.AI_NUMERICHOST!)
  native.getnameinfoSync(C.AF_INET6!, ["::1", 80, 0, 0], C.NI_NUMERICHOST!)
  yield* OsResolver.thread.getaddrinfo("localhost", 80)
  yield* OsResolver.thread.getnameinfo(["127.0.0.1", 22], 0)
  yield* Effect.flip(OsResolver.thread.getaddrinfo("bad host", null, 0, 0, 0, C.AI_NUMERICHOST!))
  // Interrupted at once: queued ones are cancelled (their callbacks get EAI_CANCELED), running ones end.
  yield* Effect.forEach(Array.from({ length: 20 }), () =>
    Effect.exit(Effect.timeout(OsResolver.thread.getnameinfo(["127.0.0.1", 22], 0), 0)), { concurrency: "unbounded" })
  const late = native.getnameinfoAsync(C.AF_INET!, ["127.0.0.1", 80], 0, () => {})
  native.nameCancel(late)
  native.nameCancel(late)
  yield* Effect.sleep(200)
  native.gethostname()
  native.strerror(111)
  native.gaiStrerror(-2)

  // Bad input everywhere.
  const junk: Array<unknown> = [undefined, null, "x", {}, [], NaN, -1, 1.5, 2 ** 60, new Float32Array(2), ["1.1.1.1"], "\0"]
  for (const j of junk) {
    const v = j as never
    native.ioOpen(v, v); native.ioStart(v); native.ioStop(v); native.ioClose(v); native.fdActive(v); native.fdClose(v)
    native.nameCancel(v)
    native.socket(v, v, v); native.socketpair(v, v, v); native.bind(v, v, v); native.connect(v, 2, v)
    native.listen(v, v); native.accept(v); native.recv(v, v, v, v, v); native.recvfrom(-1, new Uint8Array(2), 0, 2, v)
    native.send(v, v, v, v, v); native.sendto(-1, new Uint8Array(1), 0, 1, 0, 10, v); native.shutdown(v, v)
    native.dup(v); native.setNonblocking(v, v); native.getsockoptInt(v, v, v); native.getsockoptBytes(v, v, v, v)
    native.setsockopt(v, v, v, v); native.getsockname(v); native.getpeername(v); native.sendfile(v, v, v, v)
    native.strerror(v); native.getaddrinfoSync(v, v, v, v, v, v); native.getnameinfoSync(v, v, v)
    native.getaddrinfoAsync(v, v, v, v, v, v, v); native.getnameinfoAsync(v, v, v, v); native.gaiStrerror(v)
    native.setWakeCallback(v, v); native.setWakeCallback(() => {}, v)
  }
  yield* Effect.sleep("20 millis")
  check(Watcher.stats().handles === 0 && Watcher.stats().watchers === 0, "registry empty at the end")
})

await Effect.runPromise(program)
console.log("native paths: ok", JSON.stringify(Watcher.stats()))
