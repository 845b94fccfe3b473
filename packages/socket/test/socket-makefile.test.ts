import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Scheduler, Sink, Stream } from "effect"
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { bytes, text } from "./helpers.ts"

describe("makefile", () => {
  it.live("readline, read(n), read() to EOF in binary mode", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      yield* a.sendall(bytes("first line\nsecond"))
      yield* a.sendall(bytes(" line\nrest of it"))
      yield* a.shutdown(S.SHUT_WR)
      const f = yield* b.makefile("rb")
      expect(text(yield* f.readline())).toBe("first line\n")
      expect(text(yield* f.read(3))).toBe("sec")
      expect(text(yield* f.readline())).toBe("ond line\n")
      expect(text(yield* f.read())).toBe("rest of it")
      expect((yield* f.readline()).length).toBe(0)
    }).pipe(Effect.scoped))

  it.live("text mode writes and reads strings; flush sends the buffer", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const w = yield* a.makefile("w")
      expect(yield* w.write("héllo\n")).toBe(6)
      yield* w.write("wörld\n")
      const r = yield* b.makefile("r")
      yield* w.flush
      expect(yield* r.readline()).toBe("héllo\n")
      expect(yield* r.readline()).toBe("wörld\n")
      const err = yield* Effect.flip(w.read(1))
      expect(err._tag === "SocketError" && err.message).toBe("File not open for reading")
    }).pipe(Effect.scoped))

  it.live("a buffered binary write keeps its bytes when the caller reuses its array", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const w = yield* a.makefile("wb")
      const buf = bytes("hello")
      expect(yield* w.write(buf)).toBe(5)
      buf.set(bytes("XXXXX"))
      yield* w.write(buf)
      yield* w.flush
      const r = yield* b.makefile("rb")
      expect(text(yield* r.read(10))).toBe("helloXXXXX")
    }).pipe(Effect.scoped))

  it.live("a flush that times out loses nothing write accepted; the next flush goes on from there", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      yield* a.settimeout(0.1)
      const w = yield* a.makefile("wb")
      const chunk = new Uint8Array(4096).fill(0x5a)
      let accepted = 0
      // The peer does not read: writes are accepted until a flush inside one times out.
      while (true) {
        const r = yield* Effect.exit(w.write(chunk))
        if (r._tag === "Failure") break
        accepted += chunk.length
      }
      accepted += chunk.length // the write whose flush timed out was accepted into the buffer too
      const drained = yield* Effect.forkChild(Effect.gen(function*() {
        let n = 0
        while (true) {
          const part = yield* b.recv(65536)
          if (part.length === 0) return n
          n += part.length
        }
      }))
      yield* a.settimeout(null)
      yield* w.close
      yield* a.shutdown(S.SHUT_WR)
      expect(yield* Fiber.join(drained)).toBe(accepted)
    }).pipe(Effect.scoped))

  it.live("a flush interrupted at any point leaves the file usable: the next flush sends everything, in order", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const f = yield* a.makefile("wb")
      // With a small operation budget the runtime yields every few steps; the budget and the k steps
      // before the flush move the point where the interruption lands through every step of the flush.
      let n = 0
      for (let budget = 2; budget <= 7; budget++) {
        for (let k = 0; k < 8; k++, n++) {
          yield* f.write(new Uint8Array([n]))
          const flushing = yield* Effect.forkChild(Effect.gen(function*() {
            for (let i = 0; i < k; i++) yield* Effect.sync(() => i)
            yield* f.flush
          }).pipe(Effect.provideService(Scheduler.MaxOpsBeforeYield, budget)), { startImmediately: true })
          yield* Fiber.interrupt(flushing)
          const next = yield* Effect.exit(f.flush)
          expect({ budget, k, next: next._tag }).toEqual({ budget, k, next: "Success" })
        }
      }
      yield* f.close
      yield* a.shutdown(S.SHUT_WR)
      let got: Array<number> = []
      while (true) {
        const part = yield* b.recv(100)
        if (part.length === 0) break
        got = got.concat([...part])
      }
      expect(got).toEqual(Array.from({ length: n }, (_, i) => i))
    }).pipe(Effect.scoped))

  it.live("a file's scope closing while its flush waits on a peer that never reads can be timed out, and closes the file", () =>
    Effect.gen(function*() {
      const [a] = yield* S.socketpair()
      // Fill the send buffer; the socket then blocks with no timeout, the default.
      yield* a.setblocking(false)
      while (Exit.isSuccess(yield* Effect.exit(a.send(new Uint8Array(65536))))) {
        // until EAGAIN
      }
      yield* a.setblocking(true)
      let file: S.SocketFile<Uint8Array> | undefined
      const owner = Effect.scoped(Effect.gen(function*() {
        file = yield* a.makefile("wb")
        yield* file.write(new Uint8Array(100)) // buffered: the release must flush it
        return yield* Effect.never
      }))
      // Detached and polled: a hung timeout cannot be timed out itself (it waits for its loser).
      const timed = yield* Effect.forkDetach(Effect.timeoutOption(owner, 200))
      for (let i = 0; i < 300 && timed.pollUnsafe() === undefined; i++) yield* Effect.sleep(10)
      const exit = timed.pollUnsafe()
      expect(exit !== undefined && Exit.isSuccess(exit) ? exit.value._tag : "still waiting after 3 s").toBe("None")
      expect(file!.closed).toBe(true)
      expect(Watcher.stats().active).toBe(0)
      expect(a.fileno()).toBeGreaterThanOrEqual(0) // the socket itself stays open; its scope owns it
    }).pipe(Effect.scoped))

  it.live("writes made while another fiber's flush waits are buffered and go out with it, in order", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const w = yield* a.makefile("wb")
      const big = new Uint8Array(4 * 1024 * 1024).fill(0x41)
      // The peer does not read yet: this write's flush waits for the socket.
      const first = yield* Effect.forkChild(w.write(big))
      yield* Effect.sleep(20)
      expect(yield* w.write(bytes("tail"))).toBe(4)
      const refused = yield* Effect.flip(w.flush)
      expect(refused._tag).toBe("ConcurrentObjectUseError")
      let got = 0
      let end = ""
      while (got < big.length + 4) {
        const chunk = yield* b.recv(65536)
        got += chunk.length
        end = (end + text(chunk)).slice(-8)
      }
      expect(yield* Fiber.join(first)).toBe(big.length)
      expect([got, end]).toEqual([big.length + 4, "AAAAtail"])
    }).pipe(Effect.scoped))

  it.live("stream emits what arrives without waiting for a full chunk; text files count characters and take only strings", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const r = yield* b.makefile("rb")
      yield* a.sendall(bytes("hello\n"))
      const first = yield* Stream.runHead(r.stream()).pipe(Effect.timeout(2000))
      expect(first._tag === "Some" && text(first.value)).toBe("hello\n")
      const w = yield* a.makefile("w")
      expect(yield* w.write("😀é")).toBe(2)
      const wrong = yield* Effect.flip(w.write(bytes("x") as never))
      expect(wrong._tag === "SocketError" && wrong.message).toBe("write() argument must be str")
      yield* w.flush
      // A character the peer cut short at EOF reads as U+FFFD instead of vanishing.
      yield* a.sendall(new Uint8Array([0x61, 0xc3]))
      yield* a.shutdown(S.SHUT_WR)
      const t = yield* b.makefile("r")
      expect(yield* t.read()).toBe("😀éa\ufffd")
    }).pipe(Effect.scoped))

  it.live("the reference rule: the fd closes when the socket and every file are closed", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const f = yield* a.makefile("rwb")
      const g = yield* a.makefile("rb")
      yield* a.close()
      expect(a.fileno()).toBe(-1)
      expect((yield* Effect.flip(a.recv(1)))._tag).toBe("SocketError")
      // the files still work
      yield* f.write(bytes("still open\n"))
      yield* f.flush
      expect(text(yield* b.recv(100))).toBe("still open\n")
      yield* b.sendall(bytes("back\n"))
      expect(text(yield* g.readline())).toBe("back\n")
      yield* f.close
      // g is still open: the peer sees no EOF
      yield* b.settimeout(0.05)
      expect((yield* Effect.flip(b.recv(1)))._tag).toBe("SocketTimeout")
      yield* g.close
      yield* g.close
      // now the fd is closed: EOF for the peer
      yield* b.settimeout(1)
      expect((yield* b.recv(1)).length).toBe(0)
      const err = yield* Effect.flip(f.readline())
      expect(err._tag === "SocketError" && err.message).toBe("I/O operation on closed file")
    }).pipe(Effect.scoped))

  it.live("Stream and Sink views", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const w = yield* a.makefile("wb")
      const r = yield* b.makefile("rb")
      yield* Stream.make(bytes("one "), bytes("two "), bytes("three")).pipe(Stream.run(w.sink))
      yield* w.close
      yield* a.close()
      const chunks = yield* Stream.runCollect(r.stream(4))
      expect(chunks.map(text).join("")).toBe("one two three")
      expect(chunks.every((c) => c.length <= 4)).toBe(true)
      void Sink
    }).pipe(Effect.scoped))
  it.live("readline: a line split across many recvs, CRLF kept, several lines from one recv", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const f = yield* b.makefile("rb")
      // One byte per send, each received before the next is sent: the line arrives in 12 recvs.
      const sent = Effect.forkChild(Effect.gen(function*() {
        for (const c of "GET / HTTP/1") {
          yield* a.sendall(bytes(c))
          yield* Effect.sleep(1)
        }
        yield* a.sendall(bytes(".1\r\nHost: x\r\n\r\nbody"))
        yield* a.shutdown(S.SHUT_WR)
      }))
      yield* sent
      expect(text(yield* f.readline())).toBe("GET / HTTP/1.1\r\n")
      expect(text(yield* f.readline())).toBe("Host: x\r\n")
      expect(text(yield* f.readline())).toBe("\r\n")
      expect(text(yield* f.readline())).toBe("body")
      expect((yield* f.readline()).length).toBe(0)
      expect((yield* f.read()).length).toBe(0)
    }).pipe(Effect.scoped))

  it.live("readline(limit): at most limit bytes, the rest stays for the next read; 0 reads nothing", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      yield* a.sendall(bytes("abcdefgh\nxy\n"))
      yield* a.shutdown(S.SHUT_WR)
      const f = yield* b.makefile("rb")
      expect(text(yield* f.readline(0))).toBe("")
      expect(text(yield* f.readline(3))).toBe("abc")
      expect(text(yield* f.readline(6))).toBe("defgh\n") // the newline fits exactly
      expect(text(yield* f.readline(2))).toBe("xy")
      expect(text(yield* f.readline(-1))).toBe("\n")
      expect(text(yield* f.readline(5))).toBe("")
    }).pipe(Effect.scoped))

  it.live("a line and a read longer than one recv: 300 KiB arrive in many recvs and come back whole, in order", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const size = 300 * 1024
      const long = new Uint8Array(size).map((_, i) => 65 + (i % 26))
      const tail = new Uint8Array(size).map((_, i) => 97 + (i % 23))
      const writer = yield* Effect.forkChild(Effect.gen(function*() {
        yield* a.sendall(long)
        yield* a.sendall(bytes("\n"))
        yield* a.sendall(tail)
        yield* a.shutdown(S.SHUT_WR)
      }))
      const f = yield* b.makefile("rb")
      const line = yield* f.readline()
      expect(line.length).toBe(size + 1)
      expect(Buffer.from(line.subarray(0, size)).equals(Buffer.from(long))).toBe(true)
      expect(line[size]).toBe(10)
      const first = yield* f.read(100_000)
      const rest = yield* f.read()
      yield* Fiber.join(writer)
      expect([first.length, rest.length]).toEqual([100_000, size - 100_000])
      expect(Buffer.concat([first, rest]).equals(Buffer.from(tail))).toBe(true)
      expect((yield* f.read(10)).length).toBe(0)
    }).pipe(Effect.scoped))

  it.live("a line a caller holds keeps its bytes while later reads refill the buffer", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const f = yield* b.makefile("rb")
      yield* a.sendall(bytes("first\nsec"))
      const first = yield* f.readline()
      const part = yield* f.read(2)
      yield* a.sendall(bytes("ond\nthird\n"))
      const second = yield* f.readline()
      const third = yield* f.readline()
      // Everything buffered was handed out; a line longer than one recv refills and grows the buffer.
      yield* a.sendall(bytes("x".repeat(70000) + "\ny"))
      const big = yield* f.readline()
      expect([text(first), text(part), text(second), text(third), big.length, text(yield* f.readline(1))])
        .toEqual(["first\n", "se", "cond\n", "third\n", 70001, "y"])
    }).pipe(Effect.scoped))

  it.live("each run of a read effect reads anew: readline() made once and run twice reads two lines", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      yield* a.sendall(bytes("one\ntwo\n"))
      const f = yield* b.makefile("rb")
      const next = f.readline()
      expect([text(yield* next), text(yield* next)]).toEqual(["one\n", "two\n"])
    }).pipe(Effect.scoped))

  it.live("rwb: a write then flush goes out in one piece; reads on the same file are unaffected", () =>
    Effect.gen(function*() {
      const [a, b] = yield* S.socketpair()
      const f = yield* b.makefile("rwb")
      yield* a.sendall(bytes("ping\n"))
      expect(text(yield* f.readline())).toBe("ping\n")
      yield* f.write(bytes("HTTP/1.1 200 OK\r\n"))
      yield* f.write(bytes("\r\n"))
      yield* a.setblocking(false)
      expect((yield* Effect.flip(a.recv(100)))._tag).toBe("SocketError") // nothing sent before flush
      yield* f.flush
      expect(text(yield* a.recv(100))).toBe("HTTP/1.1 200 OK\r\n\r\n")
      yield* f.flush // nothing buffered: nothing sent
      expect((yield* Effect.flip(a.recv(100)))._tag).toBe("SocketError")
    }).pipe(Effect.scoped))
})
