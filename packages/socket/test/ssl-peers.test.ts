import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import * as S from "@greenfiber/socket"
import { readFileSync } from "node:fs"
import * as tls from "node:tls"
import * as ssl from "../src/ssl/index.ts"
import { bytes, listener, text } from "./helpers.ts"
import { child, makeCerts, waitForOutput } from "./ssl-certs.ts"

const certs = makeCerts()

const clientContext = Effect.gen(function*() {
  const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
  yield* ctx.loadVerifyLocations(certs.caCert)
  return ctx
})

const serverContext = (cert = certs.serverCert, key = certs.serverKey) =>
  Effect.gen(function*() {
    const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    yield* ctx.loadCertChain(cert, key)
    return ctx
  })

/** `openssl s_server -rev`: answers each line reversed; resolves with its port. */
const sServer = (extra: ReadonlyArray<string> = []) =>
  Effect.gen(function*() {
    const proc = yield* child("openssl", ["s_server", "-accept", "127.0.0.1:0", "-cert", certs.serverCert, "-key", certs.serverKey, "-rev", ...extra])
    const out = yield* waitForOutput(proc, "ACCEPT")
    return Number(/ACCEPT [\d.]+:(\d+)/.exec(out)![1])
  })

/** Reads until `n` bytes or EOF. */
const recvAll = (sock: ssl.SSLSocket, n: number) =>
  Effect.gen(function*() {
    const parts: Array<Uint8Array> = []
    let got = 0
    while (got < n) {
      const chunk = yield* sock.recv(n - got)
      if (chunk.length === 0) break
      parts.push(chunk)
      got += chunk.length
    }
    return Buffer.concat(parts)
  })

const PY_SERVER = `
import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
ctx.set_alpn_protocols(["h2", "greenfiber/1"])
srv = socket.create_server(("127.0.0.1", 0))
print(srv.getsockname()[1], flush=True)
raw, _ = srv.accept()
conn = ctx.wrap_socket(raw, server_side=True)
data = b""
while not data.endswith(b"\\n"):
    data += conn.recv(1024)
conn.sendall(b"py:" + data + (conn.version() + " " + str(conn.selected_alpn_protocol())).encode() + b"\\n")
plain = conn.unwrap()
plain.sendall(b"in the clear\\n")
plain.close()
`

describe("client side against real servers", () => {
  it.live("openssl s_server: handshake, echo, version and cipher, getpeercert", () =>
    Effect.gen(function*() {
      const port = yield* sServer()
      const ctx = yield* clientContext
      const raw = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
      const sock = yield* ctx.wrapSocket(raw, { serverHostname: "localhost" })
      expect(sock.version()).toBe("TLSv1.3")
      const [name, protocol, bits] = sock.cipher()!
      expect(name).toBe("TLS_AES_256_GCM_SHA384")
      expect(protocol).toBe("TLSv1.3")
      expect(bits).toBe(256)
      yield* sock.sendall(bytes("hello greenfiber\n"))
      expect(text(yield* recvAll(sock, 17))).toBe("rebifneerg olleh\n")
      const cert = sock.getpeercert()!
      expect(cert).toMatchObject({
        subject: [[["countryName", "US"]], [["organizationName", "greenfiber test"]], [["commonName", "localhost"]]],
        issuer: [[["countryName", "US"]], [["organizationName", "greenfiber test"]], [["commonName", "greenfiber test CA"]]],
        version: 3,
        serialNumber: "1234ABCD",
        subjectAltName: [["DNS", "localhost"], ["IP Address", "127.0.0.1"]]
      })
      expect((cert as ssl.PeerCertificate).notAfter).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$/)
      const der = sock.getpeercert(true)!
      expect(Buffer.from(der).equals(new (yield* Effect.promise(() => import("node:crypto"))).X509Certificate(readFileSync(certs.serverCert)).raw)).toBe(true)
    }).pipe(Effect.scoped))

  it.live("TLS 1.2 when the context caps it, with a TLS 1.2 cipher", () =>
    Effect.gen(function*() {
      const port = yield* sServer()
      const ctx = yield* clientContext
      ctx.maximumVersion = ssl.TLSVersion.TLSv1_2
      const raw = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
      const sock = yield* ctx.wrapSocket(raw, { serverHostname: "127.0.0.1" })
      expect(sock.version()).toBe("TLSv1.2")
      expect(sock.cipher()![0]).toMatch(/^TLS_ECDHE_RSA_WITH_AES_(128_GCM_SHA256|256_GCM_SHA384)$/)
      yield* sock.sendall(bytes("abc\n"))
      expect(text(yield* recvAll(sock, 4))).toBe("cba\n")
    }).pipe(Effect.scoped))

  it.live("Python's ssl module: echo, ALPN, then unwrap to the plain socket", () =>
    Effect.gen(function*() {
      const proc = yield* child("/usr/bin/python3", ["-c", PY_SERVER, certs.serverCert, certs.serverKey])
      const port = Number((yield* waitForOutput(proc, "\n")).trim())
      const ctx = yield* clientContext
      ctx.setAlpnProtocols(["greenfiber/1", "http/1.1"])
      const raw = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
      const sock = yield* ctx.wrapSocket(raw, { serverHostname: "localhost" })
      expect(sock.selectedAlpnProtocol()).toBe("greenfiber/1")
      yield* sock.sendall(bytes("ping\n"))
      const reply = "py:ping\nTLSv1.3 greenfiber/1\n"
      expect(text(yield* recvAll(sock, reply.length))).toBe(reply)
      const plain = yield* sock.unwrap()
      expect(plain).toBe(raw)
      expect(sock.fileno()).toBe(-1)
      let clear = ""
      while (!clear.endsWith("\n")) {
        const chunk = yield* plain.recv(1024)
        if (chunk.length === 0) break
        clear += text(chunk)
      }
      expect(clear).toBe("in the clear\n")
    }).pipe(Effect.scoped))

  it.live("a client certificate for a server that requires one (s_server -Verify)", () =>
    Effect.gen(function*() {
      const port = yield* sServer(["-Verify", "1", "-CAfile", certs.caCert])
      const withCert = yield* clientContext
      yield* withCert.loadCertChain(certs.clientCert, certs.clientKey)
      const raw = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
      const sock = yield* withCert.wrapSocket(raw, { serverHostname: "localhost" })
      yield* sock.sendall(bytes("mtls\n"))
      expect(text(yield* recvAll(sock, 5))).toBe("sltm\n")
    }).pipe(Effect.scoped))

  it.live("no client certificate for s_server -Verify: SSLError with OpenSSL's alert reason", () =>
    Effect.gen(function*() {
      const port = yield* sServer(["-Verify", "1", "-CAfile", certs.caCert])
      const ctx = yield* clientContext
      const raw = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
      const sock = yield* ctx.wrapSocket(raw, { serverHostname: "localhost" })
      // TLS 1.3: the client's handshake ends before the server checks; the alert arrives on the next read.
      const error = yield* Effect.flip(Effect.andThen(sock.sendall(bytes("x\n")), sock.recv(10)))
      expect(error._tag).toBe("SSLError")
      expect((error as ssl.SSLError).reason).toBe("TLSV13_ALERT_CERTIFICATE_REQUIRED")
      expect((error as ssl.SSLError).library).toBe("SSL")
    }).pipe(Effect.scoped))
})

describe("server side against real clients", () => {
  it.live("openssl s_client", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const ctx = yield* serverContext()
      ctx.setAlpnProtocols(["greenfiber/1"])
      const proc = yield* child("openssl", ["s_client", "-connect", `127.0.0.1:${port}`, "-CAfile", certs.caCert,
        "-verify_return_error", "-servername", "localhost", "-alpn", "greenfiber/1", "-quiet", "-no_ign_eof"])
      const [conn] = yield* server.accept()
      yield* conn.settimeout(10)
      const sock = yield* ctx.wrapSocket(conn, { serverSide: true })
      expect(sock.version()).toBe("TLSv1.3")
      expect(sock.selectedAlpnProtocol()).toBe("greenfiber/1")
      expect(sock.getpeercert()).toBeNull()
      proc.stdin!.write("from s_client\n")
      expect(text(yield* recvAll(sock, 14))).toBe("from s_client\n")
      yield* sock.sendall(bytes("from greenfiber\n"))
      expect(yield* waitForOutput(proc, "from greenfiber\n")).toContain("from greenfiber")
      proc.stdin!.end()
      // s_client ends with close_notify: EOF here.
      expect((yield* sock.recv(100)).length).toBe(0)
    }).pipe(Effect.scoped))

  it.live("node:tls client with a client certificate (CERT_REQUIRED server)", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const ctx = yield* serverContext()
      ctx.verifyMode = ssl.CERT_REQUIRED
      yield* ctx.loadVerifyLocations(certs.caCert)
      const received = new Promise<string>((resolve, reject) => {
        const c = tls.connect({
          port,
          host: "127.0.0.1",
          servername: "localhost",
          ca: readFileSync(certs.caCert),
          cert: readFileSync(certs.clientCert),
          key: readFileSync(certs.clientKey)
        }, () => c.write("node says hi"))
        let got = ""
        c.on("data", (d) => {
          got += d
          if (got.length >= 11) {
            c.end()
            resolve(got)
          }
        })
        c.on("error", reject)
      })
      const [conn] = yield* server.accept()
      yield* conn.settimeout(10)
      const sock = yield* ctx.wrapSocket(conn, { serverSide: true })
      const peer = sock.getpeercert() as ssl.PeerCertificate
      expect(peer.subject).toEqual([[["countryName", "US"]], [["organizationName", "greenfiber test"]], [["commonName", "test client"]]])
      expect(text(yield* recvAll(sock, 12))).toBe("node says hi")
      yield* sock.sendall(bytes("hello node!"))
      expect(yield* Effect.promise(() => received)).toBe("hello node!")
      expect((yield* sock.recv(10)).length).toBe(0)
    }).pipe(Effect.scoped))

  it.live("CERT_REQUIRED server, client without a certificate: SSLError PEER_DID_NOT_RETURN_A_CERTIFICATE", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const ctx = yield* serverContext()
      ctx.verifyMode = ssl.CERT_REQUIRED
      yield* ctx.loadVerifyLocations(certs.caCert)
      const c = tls.connect({ port, host: "127.0.0.1", servername: "localhost", ca: readFileSync(certs.caCert) })
      c.on("error", () => {})
      yield* Effect.addFinalizer(() => Effect.sync(() => c.destroy()))
      const [conn] = yield* server.accept()
      yield* conn.settimeout(10)
      const error = yield* Effect.flip(ctx.wrapSocket(conn, { serverSide: true }))
      expect(error).toMatchObject({ _tag: "SSLError", reason: "PEER_DID_NOT_RETURN_A_CERTIFICATE" })
      expect(conn.fileno()).toBe(-1)
    }).pipe(Effect.scoped))

  it.live("greenfiber client and server together, 1 MiB each way at once", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const sctx = yield* serverContext()
      const cctx = yield* clientContext
      const serverSide = Effect.gen(function*() {
        const [conn] = yield* server.accept()
        const sock = yield* sctx.wrapSocket(conn, { serverSide: true })
        const buffer = Buffer.alloc(65536)
        while (true) {
          const n = yield* sock.recvInto(buffer)
          if (n === 0) return
          yield* sock.sendall(buffer.subarray(0, n))
        }
      })
      yield* Effect.forkChild(Effect.scoped(serverSide))
      const raw = yield* S.createConnection(["127.0.0.1", port], { timeout: 20 })
      const sock = yield* cctx.wrapSocket(raw, { serverHostname: "127.0.0.1" })
      const data = Buffer.alloc(1 << 20)
      for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 11)) & 0xff
      const writer = yield* Effect.forkChild(sock.sendall(data))
      const echoed = yield* recvAll(sock, data.length)
      yield* Fiber.join(writer)
      expect(echoed.length).toBe(data.length)
      expect(echoed.equals(data)).toBe(true)
    }).pipe(Effect.scoped))
})
