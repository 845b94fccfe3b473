/**
 * Drives the socket package's native paths (TCP v4/v6, UDP, Unix stream/datagram echo, accept, close
 * while waiting, shutdown, sendfile, makefile, dup/detach/fromfd, socket options, bad input) so that
 * `GF_VALGRIND_EXTRA=test/valgrind/socket-paths.ts npm run test:valgrind` checks them under memcheck.
 * Small on purpose: under valgrind every syscall is slow. Exits non-zero if a check fails.
 */
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { Effect, Exit, Fiber } from "effect"
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const check = (ok: boolean, what: string) => {
  if (!ok) {
    console.error(`FAILED: ${what}`)
    process.exit(1)
  }
}
const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)
const dir = mkdtempSync(join(tmpdir(), "gf-valgrind-"))
// The bad input below binds Unix sockets to relative names ("x"): they land in `dir`, removed at the end.
const cwd = process.cwd()
process.chdir(dir)

const echoServer = (listener: S.Socket) =>
  S.serve(listener, (conn) =>
    Effect.gen(function*() {
      while (true) {
        const data = yield* conn.recv(4096)
        if (data.length === 0) return
        yield* conn.sendall(data)
      }
    }))

const streamEcho = (family: number, address: S.Address) =>
  Effect.scoped(Effect.gen(function*() {
    const listener = yield* S.socket(family, S.SOCK_STREAM)
    if (family !== S.AF_UNIX) yield* listener.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
    yield* listener.bind(address)
    yield* listener.listen(8)
    const bound = yield* listener.getsockname()
    yield* Effect.forkScoped(echoServer(listener))
    const client = yield* S.socket(family, S.SOCK_STREAM)
    yield* client.settimeout(20)
    yield* client.connect(bound)
    // (Linux reports a completed non-blocking connect once more: a second connect gives 0, then EISCONN.)
    yield* client.connectEx(bound)
    check((yield* client.connectEx(bound)) !== 0, "connectEx on a connected socket reports an errno")
    for (const size of [1, 100, 70_000]) {
      const data = new Uint8Array(size).map((_, i) => i & 255)
      yield* client.sendall(data)
      const got = new Uint8Array(size)
      let n = 0
      while (n < size) n += yield* client.recvInto(got.subarray(n), 0)
      check(got.every((b, i) => b === (i & 255)), `echo of ${size} bytes (family ${family})`)
    }
    yield* client.getpeername()
    yield* client.shutdown(S.SHUT_WR)
    check((yield* client.recv(10)).length === 0, "EOF after shutdown")
  }))

const program = Effect.gen(function*() {
  // Echo over every stream family.
  yield* streamEcho(S.AF_INET, ["127.0.0.1", 0])
  if (S.hasIpv6) yield* streamEcho(S.AF_INET6, ["::1", 0])
  yield* streamEcho(S.AF_UNIX, join(dir, "echo.sock"))
  yield* streamEcho(S.AF_UNIX, `\0gf-valgrind-socket-${process.pid}`)

  yield* Effect.scoped(Effect.gen(function*() {
    // UDP, v4 and v6: sendto/recvfrom/recvfromInto, connected send/recv, ECONNREFUSED.
    for (const [family, host] of S.hasIpv6 ? [[S.AF_INET, "127.0.0.1"], [S.AF_INET6, "::1"]] as const : [[S.AF_INET, "127.0.0.1"]] as const) {
      const a = yield* S.socket(family, S.SOCK_DGRAM)
      const b = yield* S.socket(family, S.SOCK_DGRAM)
      yield* a.bind([host, 0])
      yield* b.bind([host, 0])
      yield* a.settimeout(20)
      yield* b.settimeout(20)
      const addrB = yield* b.getsockname()
      yield* a.sendto(enc("dgram"), addrB)
      const [data, from] = yield* b.recvfrom(100)
      check(dec(data) === "dgram" && from !== null, "udp recvfrom")
      yield* b.sendto(enc("back"), 0, from!)
      const buf = new Uint8Array(10)
      const [n] = yield* a.recvfromInto(buf)
      check(dec(buf.subarray(0, n)) === "back", "udp recvfromInto")
      const closedPort = ((yield* a.getsockname()) as readonly [string, number])[1]
      yield* a.close()
      yield* b.connect([host, closedPort])
      yield* b.send(enc("nobody"))
      const refused = yield* Effect.flip(b.recv(10))
      check(refused._tag === "SocketError" && (refused as S.SocketError).code === "ECONNREFUSED", "udp ECONNREFUSED")
    }
    // Unix datagram pair.
    const [u1, u2] = yield* S.socketpair(S.AF_UNIX, S.SOCK_DGRAM)
    yield* u1.send(enc("unix dgram"))
    check(dec(yield* u2.recv(100)) === "unix dgram", "unix dgram")

    // Close while waiting: recv, accept, sendall, connect; shutdown(SHUT_RD) under a reader.
    const [p] = yield* S.socketpair()
    const [q] = yield* S.socketpair()
    const reader = yield* Effect.forkChild(Effect.flip(p.recv(10)))
    const listener = yield* S.createServer(["127.0.0.1", 0])
    const acceptor = yield* Effect.forkChild(Effect.flip(Effect.scoped(listener.accept())))
    const writer = yield* Effect.forkChild(Effect.flip(q.sendall(new Uint8Array(8 * 1024 * 1024))))
    yield* Effect.sleep(50)
    yield* p.close()
    yield* listener.close()
    yield* q.close()
    for (const f of [reader, acceptor, writer] as unknown as ReadonlyArray<Fiber.Fiber<{ readonly _tag: string }>>) {
      const e = yield* Fiber.join(f)
      check(e._tag === "SocketError" && (e as S.SocketError).code === "EBADF", "close wakes the waiter with EBADF")
    }
    const [r1] = yield* S.socketpair()
    const shutReader = yield* Effect.forkChild(Effect.flip(r1.recv(10)))
    yield* Effect.sleep(20)
    yield* r1.shutdown(S.SHUT_RD)
    check((yield* Fiber.join(shutReader))._tag === "SocketError", "shutdown(SHUT_RD) wakes the reader")

    // Interrupt and timeouts: the socket stays usable.
    const [t1, t2] = yield* S.socketpair()
    yield* t1.settimeout(0.05)
    check((yield* Effect.flip(t1.recv(10)))._tag === "SocketTimeout", "socket timeout")
    yield* t1.settimeout(null)
    const interrupted = yield* Effect.forkChild(t1.recv(10))
    yield* Effect.sleep(10)
    yield* Fiber.interrupt(interrupted)
    yield* t2.sendall(enc("after"))
    check(dec(yield* t1.recv(10)) === "after", "usable after an interrupt")

    // sendfile, makefile, dup, detach/fromfd.
    const file = join(dir, "payload")
    writeFileSync(file, "0123456789".repeat(10_000))
    const fd = openSync(file, "r")
    const [f1, f2] = yield* S.socketpair()
    yield* f1.settimeout(20)
    yield* f2.settimeout(20)
    const sending = yield* Effect.forkChild(f1.sendfile(fd, 5, 50_000))
    let got = 0
    while (got < 50_000) got += (yield* f2.recv(65536)).length
    check((yield* Fiber.join(sending)) === 50_000 && got === 50_000, "sendfile")
    closeSync(fd)
    const wf = yield* f1.makefile("wb")
    const rf = yield* f2.makefile("rb")
    yield* wf.write(enc("line one\nline two\n"))
    yield* wf.flush
    check(dec(yield* rf.readline()) === "line one\n" && dec(yield* rf.readline()) === "line two\n", "makefile readline")
    const d = yield* f1.dup()
    yield* d.sendall(enc("dup"))
    check(dec(yield* rf.read(3)) === "dup", "dup")
    const raw = yield* d.detach()
    const adopted = yield* S.fromfd(raw, S.AF_UNIX, S.SOCK_STREAM)
    yield* adopted.sendall(enc("fromfd"))
    check(dec(yield* rf.read(6)) === "fromfd", "fromfd")
    yield* Effect.sync(() => closeSync(raw))

    // Socket options, raw and integer.
    yield* f1.setsockopt(S.SOL_SOCKET, S.SO_LINGER, new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]))
    const linger = yield* f1.getsockopt(S.SOL_SOCKET, S.SO_LINGER, 8)
    check(linger.length === 8, "getsockopt bytes")
    check((yield* f1.getsockopt(S.SOL_SOCKET, S.SO_TYPE)) === S.SOCK_STREAM, "getsockopt int")

    // Bad input through every method: each a typed failure.
    const junk: Array<unknown> = [undefined, null, "x", {}, [], NaN, -1, 1.5, 2 ** 40, new Float32Array(2), ["1.1.1.1"], "\0", 5n]
    const closed = yield* S.socket()
    yield* closed.close()
    const tcp = yield* S.socket()
    yield* tcp.settimeout(0)
    for (const j of junk) {
      const v = j as never
      for (const sock of [tcp, closed, f1]) {
        const calls: Array<Effect.Effect<unknown, unknown>> = [
          sock.bind(v), sock.bind([v, v] as never), sock.bind("x".repeat(200) as never), sock.listen(v), sock.connectEx(["127.0.0.1", v] as never),
          sock.recv(v, v), sock.recvInto(v, v), sock.send(v, v), sock.sendall(v), sock.sendto(v, ["127.0.0.1", v] as never),
          sock.sendfile(v, v, v), sock.shutdown(v), sock.getsockopt(S.SOL_SOCKET, S.SO_TYPE, v),
          sock.setsockopt(S.SOL_SOCKET, S.SO_RCVBUF, v), sock.settimeout(v)
        ]
        for (const c of calls) {
          const exit = yield* Effect.exit(Effect.timeout(c, 2000))
          if (Exit.isFailure(exit)) {
            const e = exit.cause.reasons.find((r) => r._tag === "Fail") as { error: { _tag: string } } | undefined
            const die = exit.cause.reasons.find((r) => r._tag === "Die") as { defect: unknown } | undefined
            check(e !== undefined || die?.defect instanceof Error, `typed failure or a defect for bad input ${String(j)}`)
          }
        }
      }
      yield* Effect.exit(S.socket(v, v, v))
      yield* Effect.exit(S.socketpair(v, v, v))
      yield* Effect.exit(S.fromfd(v, S.AF_INET, S.SOCK_STREAM))
      yield* Effect.exit(S.createConnection(["127.0.0.1", v] as never))
    }
  }))

  yield* Effect.sleep(50)
  const stats = Watcher.stats()
  check(stats.handles === 0 && stats.watchers === 0 && stats.active === 0, `native counts at the end: ${JSON.stringify(stats)}`)
})

await Effect.runPromise(program)
process.chdir(cwd)
rmSync(dir, { recursive: true, force: true })
console.log("socket paths: ok", JSON.stringify(Watcher.stats()))
