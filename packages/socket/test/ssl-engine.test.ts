import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as S from "@greenfiber/socket"
import * as ssl from "../src/ssl/index.ts"
import { available, NativeSSLSocket } from "../src/ssl/native-engine.ts"
import { NodeSSLSocket } from "../src/ssl/node-engine.ts"
import { engine } from "../src/ssl/wrap.ts"
import { bytes, listener, text } from "./helpers.ts"
import { makeCerts } from "./ssl-certs.ts"

const certs = makeCerts()

/** Runs `f` with GF_SSL_ENGINE set to `value` (or unset), restoring it after. */
const withEngine = <A, E, R>(value: string | undefined, f: Effect.Effect<A, E, R>) =>
  Effect.acquireUseRelease(
    Effect.sync(() => {
      const before = process.env.GF_SSL_ENGINE
      if (value === undefined) delete process.env.GF_SSL_ENGINE
      else process.env.GF_SSL_ENGINE = value
      return before
    }),
    () => f,
    (before) =>
      Effect.sync(() => {
        if (before === undefined) delete process.env.GF_SSL_ENGINE
        else process.env.GF_SSL_ENGINE = before
      })
  )

describe("engine choice", () => {
  it("Node 24 on Linux exports OpenSSL 3, so the native engine is the default; GF_SSL_ENGINE forces either", () =>
    Effect.gen(function*() {
      expect(available).toBe(true)
      expect(yield* withEngine(undefined, Effect.sync(engine))).toBe("native")
      expect(yield* withEngine("node", Effect.sync(engine))).toBe("node")
      expect(yield* withEngine("native", Effect.sync(engine))).toBe("native")
    }))

  it.live("a native-engine server and a node-engine client talk TLS 1.3 with ALPN, both ways, then unwrap", () =>
    Effect.gen(function*() {
      const { server, port } = yield* listener()
      const sctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
      yield* sctx.loadCertChain(certs.serverCert, certs.serverKey)
      sctx.setAlpnProtocols(["h2", "greenfiber/1"])
      const cctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
      yield* cctx.loadVerifyLocations(certs.caCert)
      cctx.setAlpnProtocols(["greenfiber/1"])
      const raw = yield* S.createConnection(["127.0.0.1", port], { timeout: 10 })
      const [conn] = yield* server.accept()
      yield* conn.settimeout(10)
      const serverSide = yield* withEngine(
        "native",
        sctx.wrapSocket(conn, { serverSide: true, doHandshakeOnConnect: false })
      )
      const client = yield* withEngine(
        "node",
        cctx.wrapSocket(raw, { serverHostname: "localhost", doHandshakeOnConnect: false })
      )
      expect(serverSide).toBeInstanceOf(NativeSSLSocket)
      expect(client).toBeInstanceOf(NodeSSLSocket)
      yield* Effect.all([client.doHandshake(), serverSide.doHandshake()], { concurrency: 2 })
      expect([client.version(), serverSide.version()]).toStrictEqual(["TLSv1.3", "TLSv1.3"])
      expect([client.selectedAlpnProtocol(), serverSide.selectedAlpnProtocol()]).toStrictEqual([
        "greenfiber/1",
        "greenfiber/1"
      ])
      yield* client.sendall(bytes("from node to native"))
      expect(text(yield* serverSide.recv(100))).toBe("from node to native")
      yield* serverSide.sendall(bytes("from native to node"))
      expect(text(yield* client.recv(100))).toBe("from native to node")
      const [plainClient, plainServer] = yield* Effect.all([client.unwrap(), serverSide.unwrap()], { concurrency: 2 })
      yield* plainClient.sendall(bytes("plain again"))
      expect(text(yield* plainServer.recv(100))).toBe("plain again")
    }).pipe(Effect.scoped))
})
