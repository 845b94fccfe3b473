import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as S from "@greenfiber/socket"
import { readFileSync } from "node:fs"
import * as net from "node:net"
import * as tls from "node:tls"
import * as ssl from "../src/ssl/index.ts"
import { engine } from "../src/ssl/wrap.ts"
import { elapsedSince, listener } from "./helpers.ts"
import { makeCerts } from "./ssl-certs.ts"

const certs = makeCerts()

/** A node:tls server with `cert`/`key` on loopback, closed with the scope; its port. */
const nodeServer = (cert: string, key: string) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<tls.Server>((resolve) => {
        const server = tls.createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (s) => {
          s.on("error", () => {})
          s.pipe(s)
        })
        server.on("tlsClientError", () => {})
        server.listen(0, "127.0.0.1", () => resolve(server))
      })
    ),
    (server) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
  ).pipe(Effect.map((server) => (server.address() as net.AddressInfo).port))

const clientContext = Effect.gen(function*() {
  const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
  yield* ctx.loadVerifyLocations(certs.caCert)
  return ctx
})

const connectTls = (ctx: ssl.SSLContext, port: number, serverHostname: string | undefined) =>
  Effect.gen(function*() {
    const raw = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
    return yield* ctx.wrapSocket(raw, { serverHostname })
  })

describe("certificate verification", () => {
  it.live("a self-signed certificate: SSLCertVerificationError 18", () =>
    Effect.gen(function*() {
      const port = yield* nodeServer(certs.selfCert, certs.selfKey)
      const error = yield* Effect.flip(connectTls(yield* clientContext, port, "localhost"))
      expect(error).toMatchObject({
        _tag: "SSLCertVerificationError",
        reason: "CERTIFICATE_VERIFY_FAILED",
        verifyCode: 18,
        verifyMessage: "self-signed certificate",
        message: "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate"
      })
    }).pipe(Effect.scoped))

  it.live("the wrong hostname: SSLCertVerificationError 62", () =>
    Effect.gen(function*() {
      const port = yield* nodeServer(certs.serverCert, certs.serverKey)
      const error = yield* Effect.flip(connectTls(yield* clientContext, port, "wrong.example"))
      expect(error).toMatchObject({
        _tag: "SSLCertVerificationError",
        verifyCode: 62,
        verifyMessage: "Hostname mismatch, certificate is not valid for 'wrong.example'."
      })
    }).pipe(Effect.scoped))

  it.live("the wrong IP address: SSLCertVerificationError 64; the right one verifies", () =>
    Effect.gen(function*() {
      const port = yield* nodeServer(certs.serverCert, certs.serverKey)
      const ctx = yield* clientContext
      const error = yield* Effect.flip(connectTls(ctx, port, "127.0.0.2"))
      expect(error).toMatchObject({ verifyCode: 64, verifyMessage: "IP address mismatch, certificate is not valid for '127.0.0.2'." })
      const ok = yield* connectTls(ctx, port, "127.0.0.1")
      expect(ok.version()).toBe("TLSv1.3")
    }).pipe(Effect.scoped))

  it.live("an expired certificate: SSLCertVerificationError 10", () =>
    Effect.gen(function*() {
      const port = yield* nodeServer(certs.expiredCert, certs.expiredKey)
      const error = yield* Effect.flip(connectTls(yield* clientContext, port, "localhost"))
      expect(error).toMatchObject({ _tag: "SSLCertVerificationError", verifyCode: 10, verifyMessage: "certificate has expired" })
    }).pipe(Effect.scoped))

  it.live("the default context trusts Node's root store, not our CA: SSLCertVerificationError 21", () =>
    Effect.gen(function*() {
      const port = yield* nodeServer(certs.serverCert, certs.serverKey)
      const ctx = yield* ssl.createDefaultContext()
      expect(ctx.verifyMode).toBe(ssl.CERT_REQUIRED)
      expect(ctx.checkHostname).toBe(true)
      expect(ctx.protocol).toBe(ssl.PROTOCOL_TLS_CLIENT)
      expect(ctx._ca.length).toBe(tls.rootCertificates.length)
      const error = yield* Effect.flip(connectTls(ctx, port, "localhost"))
      // The server sends its leaf alone, and no trusted CA signed it. OpenSSL stops at its first
      // finding, 20, as CPython reports it; Node's verify callback lets OpenSSL go on to the leaf's
      // signature, and keeps its last finding, 21.
      expect(error).toMatchObject(
        engine() === "native"
          ? { verifyCode: 20, verifyMessage: "unable to get local issuer certificate" }
          : { verifyCode: 21, verifyMessage: "unable to verify the first certificate" }
      )
      const withCa = yield* ssl.createDefaultContext(ssl.Purpose.SERVER_AUTH, { cafile: certs.caCert })
      expect((yield* connectTls(withCa, port, "localhost")).version()).toBe("TLSv1.3")
    }).pipe(Effect.scoped))

  it.live("CERT_NONE without checkHostname accepts a self-signed peer; getpeercert() is {} and the DER is there", () =>
    Effect.gen(function*() {
      const port = yield* nodeServer(certs.selfCert, certs.selfKey)
      const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
      ctx.checkHostname = false
      ctx.verifyMode = ssl.CERT_NONE
      const sock = yield* connectTls(ctx, port, undefined)
      expect(sock.getpeercert()).toEqual({})
      expect(sock.getpeercert(true)!.length).toBeGreaterThan(500)
    }).pipe(Effect.scoped))

  it("CPython's rules for verifyMode and checkHostname", () => {
    const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    expect(() => (ctx.verifyMode = ssl.CERT_NONE)).toThrow("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.")
    ctx.checkHostname = false
    ctx.verifyMode = ssl.CERT_NONE
    ctx.checkHostname = true
    expect(ctx.verifyMode).toBe(ssl.CERT_REQUIRED)
    const server = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    expect(server.verifyMode).toBe(ssl.CERT_NONE)
    expect(server.checkHostname).toBe(false)
  })
})

describe("usage errors", () => {
  it.live("checkHostname needs serverHostname; a server context cannot make a client", () =>
    Effect.gen(function*() {
      const { port } = yield* listener()
      const raw = yield* S.createConnection(["127.0.0.1", port])
      const e1 = yield* Effect.flip((yield* clientContext).wrapSocket(raw))
      expect(e1).toMatchObject({ _tag: "SSLError", reason: "CHECK_HOSTNAME_REQUIRES_SERVER_HOSTNAME", message: "check_hostname requires server_hostname" })
      const e2 = yield* Effect.flip(new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).wrapSocket(raw))
      expect(e2).toMatchObject({ _tag: "SSLError", reason: "WRONG_CONTEXT_PROTOCOL" })
    }).pipe(Effect.scoped))

  it.effect("loadCertChain: a missing file is ENOENT, a key of another certificate KEY_VALUES_MISMATCH", () =>
    Effect.gen(function*() {
      const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
      const missing = yield* Effect.flip(ctx.loadCertChain("/nonexistent/cert.pem"))
      expect(missing).toMatchObject({ _tag: "SocketError", code: "ENOENT" })
      const mismatch = yield* Effect.flip(ctx.loadCertChain(certs.serverCert, certs.selfKey))
      expect(mismatch).toMatchObject({ _tag: "SSLError", reason: "KEY_VALUES_MISMATCH", library: "X509" })
      const badCiphers = yield* Effect.flip(ctx.setCiphers("NOT-A-CIPHER"))
      expect(badCiphers).toMatchObject({ _tag: "SSLError", reason: "NO_CIPHER_MATCH" })
    }))
})

describe("broken handshakes", () => {
  it.live("a TCP server that never speaks: the socket timeout ends the handshake with SocketTimeout", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const raw = yield* S.createConnection(["127.0.0.1", port])
      const [conn] = yield* server.accept()
      yield* raw.settimeout(0.3)
      const t0 = performance.now()
      const error = yield* Effect.flip((yield* clientContext).wrapSocket(raw, { serverHostname: "localhost" }))
      const elapsed = elapsedSince(t0)
      expect(error._tag).toBe("SocketTimeout")
      expect(elapsed).toBeGreaterThanOrEqual(0.29)
      expect(elapsed).toBeLessThan(1.5)
      // The ClientHello went out; the silent server has it.
      yield* conn.settimeout(1)
      const hello = yield* conn.recv(5)
      expect(hello[0]).toBe(0x16)
    }).pipe(Effect.scoped))

  it.live("the peer resets mid-handshake: SocketError ECONNRESET, no hang", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const raw = yield* S.createConnection(["127.0.0.1", port])
      yield* raw.settimeout(5)
      const [conn] = yield* server.accept()
      const ctx = yield* clientContext
      const resetter = Effect.gen(function*() {
        yield* conn.settimeout(5)
        yield* conn.recv(5)
        // SO_LINGER {on, 0}: close sends RST.
        yield* conn.setsockopt(S.SOL_SOCKET, S.SO_LINGER, new Uint8Array(new Int32Array([1, 0]).buffer))
        yield* conn.close()
      })
      const [error] = yield* Effect.all([Effect.flip(ctx.wrapSocket(raw, { serverHostname: "localhost" })), resetter], { concurrency: 2 })
      expect(error).toMatchObject({ _tag: "SocketError", code: "ECONNRESET" })
    }).pipe(Effect.scoped))

  it.live("the peer closes mid-handshake: SSLError UNEXPECTED_EOF_WHILE_READING", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const raw = yield* S.createConnection(["127.0.0.1", port])
      yield* raw.settimeout(5)
      const [conn] = yield* server.accept()
      const closer = Effect.andThen(conn.recv(5), conn.shutdown(S.SHUT_WR))
      const [error] = yield* Effect.all([Effect.flip((yield* clientContext).wrapSocket(raw, { serverHostname: "localhost" })), closer], { concurrency: 2 })
      expect(error).toMatchObject({
        _tag: "SSLError",
        reason: "UNEXPECTED_EOF_WHILE_READING",
        message: "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol"
      })
    }).pipe(Effect.scoped))

  it.live("a plain-text server: SSLError with OpenSSL's reason", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const raw = yield* S.createConnection(["127.0.0.1", port])
      yield* raw.settimeout(5)
      const [conn] = yield* server.accept()
      const talker = Effect.andThen(conn.recv(5), conn.sendall(new TextEncoder().encode("HTTP/1.1 400 Bad Request\r\n\r\n")))
      const [error] = yield* Effect.all([Effect.flip((yield* clientContext).wrapSocket(raw, { serverHostname: "localhost" })), talker], { concurrency: 2 })
      expect(error).toMatchObject({ _tag: "SSLError", reason: "WRONG_VERSION_NUMBER", library: "SSL", code: "ERR_SSL_WRONG_VERSION_NUMBER" })
      expect((error as ssl.SSLError).message).toBe("[SSL: WRONG_VERSION_NUMBER] wrong version number")
    }).pipe(Effect.scoped))
})
