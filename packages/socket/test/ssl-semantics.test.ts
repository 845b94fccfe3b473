import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import * as S from "@greenfiber/socket"
import * as ssl from "../src/ssl/index.ts"
import { bytes, elapsedSince, listener, text } from "./helpers.ts"
import { makeCerts, openFds } from "./ssl-certs.ts"

const certs = makeCerts()

/** A greenfiber TLS client and server over loopback: [client, server side]. */
const tlsPair = Effect.gen(function*() {
  const { server, port } = yield* listener()
  const sctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
  yield* sctx.loadCertChain(certs.serverCert, certs.serverKey)
  const cctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
  yield* cctx.loadVerifyLocations(certs.caCert)
  const raw = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
  const [conn] = yield* server.accept()
  yield* conn.settimeout(10)
  return yield* Effect.all([cctx.wrapSocket(raw, { serverHostname: "localhost" }), sctx.wrapSocket(conn, { serverSide: true })], { concurrency: 2 })
})

describe("timeouts and interruption, as on plain sockets", () => {
  it.live("Effect.timeout around a recv leaves the connection usable; no byte is lost", () =>
    Effect.gen(function*() {
      const [client, server] = yield* tlsPair
      const timedOut = yield* Effect.exit(Effect.timeout(client.recv(100), 50))
      expect(timedOut._tag).toBe("Failure")
      yield* server.sendall(bytes("after the timeout"))
      expect(text(yield* client.recv(100))).toBe("after the timeout")
      // Interrupted while a record is half here: the rest completes it for the next call.
      const fiber = yield* Effect.forkChild(client.recv(100))
      yield* Effect.sleep(20)
      yield* Fiber.interrupt(fiber)
      yield* server.sendall(bytes("still fine"))
      expect(text(yield* client.recv(100))).toBe("still fine")
    }).pipe(Effect.scoped))

  it.live("the socket timeout bounds a recv: SocketTimeout, then the connection goes on", () =>
    Effect.gen(function*() {
      const [client, server] = yield* tlsPair
      yield* client.settimeout(0.2)
      expect(client.gettimeout()).toBe(0.2)
      const t0 = performance.now()
      const error = yield* Effect.flip(client.recv(10))
      const elapsed = elapsedSince(t0)
      expect(error._tag).toBe("SocketTimeout")
      expect(elapsed).toBeGreaterThanOrEqual(0.19)
      expect(elapsed).toBeLessThan(1.2)
      yield* server.sendall(bytes("late"))
      expect(text(yield* client.recv(10))).toBe("late")
      yield* client.setblocking(false)
      expect((yield* Effect.flip(client.recv(10)))).toMatchObject({ _tag: "SocketError", code: "EAGAIN" })
    }).pipe(Effect.scoped))

  it.live("close() from another fiber wakes a waiting TLS recv with EBADF", () =>
    Effect.gen(function*() {
      const [client] = yield* tlsPair
      const fiber = yield* Effect.forkChild(Effect.flip(client.recv(100)))
      yield* Effect.sleep(20)
      yield* client.close()
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "SocketError", code: "EBADF" })
      expect(client.fileno()).toBe(-1)
      expect((yield* Effect.flip(client.sendall(bytes("x"))))).toMatchObject({ code: "EBADF" })
    }).pipe(Effect.scoped))

  it.live("one fiber reads while another writes", () =>
    Effect.gen(function*() {
      const [client, server] = yield* tlsPair
      const reader = yield* Effect.forkChild(client.recv(100))
      yield* Effect.sleep(10)
      yield* client.sendall(bytes("ping"))
      expect(text(yield* server.recv(100))).toBe("ping")
      yield* server.sendall(bytes("pong"))
      expect(text(yield* Fiber.join(reader))).toBe("pong")
    }).pipe(Effect.scoped))
})

describe("TLS socket calls", () => {
  it.live("recv takes at most bufsize, recvInto fills a buffer, pending() counts what is left", () =>
    Effect.gen(function*() {
      const [client, server] = yield* tlsPair
      yield* server.sendall(bytes("0123456789"))
      expect(text(yield* client.recv(4))).toBe("0123")
      expect(client.pending()).toBe(6)
      const buffer = new Uint8Array(16)
      expect(yield* client.recvInto(buffer, 3)).toBe(3)
      expect(text(buffer.subarray(0, 3))).toBe("456")
      expect(yield* client.recvInto(buffer)).toBe(3)
      expect(text(buffer.subarray(0, 3))).toBe("789")
      expect(yield* client.send(bytes("abc"))).toBe(3)
      expect(text(yield* server.recv(10))).toBe("abc")
    }).pipe(Effect.scoped))

  it.live("makefile over TLS: readline and buffered writes", () =>
    Effect.gen(function*() {
      const [client, server] = yield* tlsPair
      const out = yield* client.makefile("wb")
      yield* out.write(bytes("line one\nline "))
      yield* out.write(bytes("two\n"))
      yield* out.flush
      const file = yield* server.makefile("r")
      expect(yield* file.readline()).toBe("line one\n")
      expect(yield* file.readline()).toBe("line two\n")
    }).pipe(Effect.scoped))

  it.live("unwrap: close_notify both ways, and each side has its plain socket back", () =>
    Effect.gen(function*() {
      const [client, server] = yield* tlsPair
      const [plainClient, plainServer] = yield* Effect.all([client.unwrap(), server.unwrap()], { concurrency: 2 })
      yield* plainClient.sendall(bytes("clear text"))
      expect(text(yield* plainServer.recv(100))).toBe("clear text")
      expect((yield* Effect.flip(client.recv(1)))).toMatchObject({ code: "EBADF" })
    }).pipe(Effect.scoped))

  it.live("the peer's close() reads as EOF (a ragged EOF is suppressed, as CPython's default)", () =>
    Effect.gen(function*() {
      const [client, server] = yield* tlsPair
      yield* server.sendall(bytes("bye"))
      yield* server.close()
      expect(text(yield* client.recv(10))).toBe("bye")
      expect((yield* client.recv(10)).length).toBe(0)
      expect((yield* client.recv(10)).length).toBe(0)
    }).pipe(Effect.scoped))

  it.live("nothing leaks: fds are back to their count once the scope has closed", () =>
    Effect.gen(function*() {
      // Warm-up: the first use loads the TLS machinery, which may open fds of its own for good.
      yield* Effect.scoped(Effect.andThen(tlsPair, Effect.void))
      const before = openFds()
      for (let i = 0; i < 5; i++) {
        yield* Effect.scoped(Effect.gen(function*() {
          const [client, server] = yield* tlsPair
          yield* client.sendall(bytes("x"))
          expect(text(yield* server.recv(1))).toBe("x")
        }))
      }
      // A failed handshake closes its socket too.
      yield* Effect.scoped(Effect.gen(function*() {
        const { server, port } = yield* listener()
        const raw = yield* S.createConnection(["127.0.0.1", port])
        yield* raw.settimeout(0.05)
        const cctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        yield* Effect.flip(cctx.wrapSocket(raw, { serverHostname: "localhost" }))
        expect(raw.fileno()).toBe(-1)
        yield* server.accept()
      }))
      expect(openFds()).toBe(before)
    }))
})
