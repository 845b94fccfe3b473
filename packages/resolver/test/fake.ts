/**
 * Test helper: tiny fake DNS servers on 127.0.0.1 (node:dgram / node:net) for the faults dnsmasq cannot
 * produce: silence, SERVFAIL, truncation, spoofed and malformed replies, slow replies.
 */
import { afterEach } from "@effect/vitest"
import { Effect, Result } from "effect"
import * as dgram from "node:dgram"
import * as fs from "node:fs"
import * as net from "node:net"
import * as Codec from "../src/dns/Codec.ts"
import { freePort } from "./dnsmasq.ts"

export interface Fake {
  readonly port: number
  readonly server: string
  /** Queries received over UDP and TCP. */
  readonly udpQueries: Array<Codec.Message>
  readonly tcpQueries: Array<Codec.Message>
  readonly close: () => Promise<void>
}

/** Answers one query; `from` is the address and port it came from (to forge replies from elsewhere). */
export type Reply = (query: Codec.Message, send: (bytes: Uint8Array) => void, from: { readonly address: string; readonly port: number }) => void

/** Handles one TCP connection by hand: the query as it arrived (framing removed) and the connection. */
export type RawTcp = (query: Codec.Message, conn: net.Socket) => void

/** A reply to `q` with the given answers and flags. */
export const answer = (
  q: Codec.Message,
  answers: ReadonlyArray<Codec.ResourceRecord>,
  extra: Partial<Codec.Message> = {}
): Uint8Array =>
  Result.getOrThrow(Codec.encodeMessage({
    id: q.id,
    qr: true,
    opcode: 0,
    aa: true,
    tc: false,
    rd: q.rd,
    ra: true,
    rcode: 0,
    questions: q.questions,
    answers,
    authorities: [],
    additionals: [],
    ...extra
  }))

export const a = (name: string, address: string, ttl = 60): Codec.ResourceRecord => ({
  name,
  type: Codec.TYPE_A,
  class: Codec.CLASS_IN,
  ttl,
  data: { _tag: "A", address }
})

export const startFake = async (options: { readonly udp: Reply; readonly tcp?: Reply; readonly tcpRaw?: RawTcp }): Promise<Fake> => {
  const port = await freePort()
  const udpQueries: Array<Codec.Message> = []
  const tcpQueries: Array<Codec.Message> = []
  const udp = dgram.createSocket("udp4")
  udp.on("message", (msg, rinfo) => {
    const q = Codec.decodeMessage(msg)
    if (Result.isFailure(q)) return
    udpQueries.push(q.success)
    options.udp(q.success, (bytes) => {
      try {
        udp.send(bytes, rinfo.port, rinfo.address)
      } catch {
        // closed meanwhile
      }
    }, { address: rinfo.address, port: rinfo.port })
  })
  await new Promise<void>((resolve) => udp.bind(port, "127.0.0.1", resolve))
  let tcp: net.Server | undefined
  const conns = new Set<net.Socket>()
  if (options.tcp || options.tcpRaw) {
    const reply = options.tcp
    const raw = options.tcpRaw
    tcp = net.createServer((conn) => {
      conns.add(conn)
      conn.on("close", () => conns.delete(conn))
      conn.on("error", () => {})
      let buf = Buffer.alloc(0)
      conn.on("data", (d) => {
        buf = Buffer.concat([buf, d])
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const len = buf.readUInt16BE(0)
          const q = Codec.decodeMessage(buf.subarray(2, 2 + len))
          buf = buf.subarray(2 + len)
          if (Result.isFailure(q)) continue
          tcpQueries.push(q.success)
          if (raw) {
            raw(q.success, conn)
            continue
          }
          reply!(q.success, (bytes) => {
            const head = Buffer.alloc(2)
            head.writeUInt16BE(bytes.length)
            conn.write(Buffer.concat([head, bytes]))
          }, { address: conn.remoteAddress ?? "", port: conn.remotePort ?? 0 })
        }
      })
    })
    await new Promise<void>((resolve) => tcp!.listen(port, "127.0.0.1", resolve))
  }
  return {
    port,
    server: `127.0.0.1:${port}`,
    udpQueries,
    tcpQueries,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()))
      for (const c of conns) c.destroy()
      if (tcp) await new Promise<void>((resolve) => tcp!.close(() => resolve()))
    }
  }
}

/** Open file descriptors of this process. */
export const openFds = (): number => fs.readdirSync("/proc/self/fd").length

/** A DNS message framed for TCP (two-byte length first, RFC 1035 4.2.2). */
export const frame = (bytes: Uint8Array): Buffer => {
  const out = Buffer.alloc(bytes.length + 2)
  out.writeUInt16BE(bytes.length)
  out.set(bytes, 2)
  return out
}

/**
 * The `fake(options)` of a test file: starts a fake server (an Effect) that is closed after the test
 * that started it.
 */
export const fakesClosedAfterEach = () => {
  const fakes: Array<Fake> = []
  afterEach(async () => {
    for (const f of fakes.splice(0)) await f.close()
  })
  return (options: Parameters<typeof startFake>[0]) =>
    Effect.promise(async () => {
      const f = await startFake(options)
      fakes.push(f)
      return f
    })
}
