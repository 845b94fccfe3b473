import { Effect } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as S from "@greenfiber/socket"

export const bytes = (s: string) => new TextEncoder().encode(s)
export const text = (b: Uint8Array) => new TextDecoder().decode(b)

/** A listening TCP socket on loopback, with its port. */
export const listener = (family = S.AF_INET) =>
  Effect.gen(function*() {
    const host = family === S.AF_INET6 ? "::1" : "127.0.0.1"
    const server = yield* S.createServer([host, 0], { family })
    const addr = (yield* server.getsockname()) as readonly [string, number]
    return { server, host, port: addr[1] } as const
  })

/** A connected TCP pair over loopback: [client, server side]. */
export const tcpPair = (family = S.AF_INET) =>
  Effect.gen(function*() {
    const { server, host, port } = yield* listener(family)
    const client = yield* S.socket(family, S.SOCK_STREAM)
    yield* client.connect([host, port])
    const [conn] = yield* server.accept()
    return [client, conn] as const
  })

export const tmpPath = (name: string) => join(mkdtempSync(join(tmpdir(), "gf-sock-")), name)

/** A loopback listener whose accept queue is full, so a further connect hangs in SYN_SENT. */
export const fullBacklog = Effect.gen(function*() {
  const server = yield* S.socket(S.AF_INET, S.SOCK_STREAM)
  yield* server.bind(["127.0.0.1", 0])
  yield* server.listen(0)
  const [, port] = (yield* server.getsockname()) as readonly [string, number]
  for (let i = 0; i < 4; i++) {
    const filler = yield* S.socket(S.AF_INET, S.SOCK_STREAM)
    yield* filler.setblocking(false)
    yield* filler.connectEx(["127.0.0.1", port])
  }
  // Let the handshakes that fit complete so the queue is really full.
  yield* Effect.sleep(50)
  return port
})

export const elapsedSince = (t0: number) => (performance.now() - t0) / 1000
