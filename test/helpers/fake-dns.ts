/**
 * A tiny loopback DNS server for tests that must never reach a real name server: it answers every
 * query with NXDOMAIN (or, `silent`, with nothing), and counts the queries it got.
 */
import * as dgram from "node:dgram"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export interface FakeDns {
  readonly port: number
  readonly queries: () => number
  readonly close: () => Promise<void>
}

/** The end of the question section, or -1 when the query is malformed. */
const questionEnd = (q: Uint8Array): number => {
  let off = 12
  while (off < q.length) {
    const len = q[off]!
    if (len === 0) return off + 1 + 4 <= q.length ? off + 1 + 4 : -1
    if (len >= 0xc0) return -1
    off += 1 + len
  }
  return -1
}

export const startFakeDns = (mode: "nxdomain" | "silent" = "nxdomain"): Promise<FakeDns> =>
  new Promise((resolve, reject) => {
    const server = dgram.createSocket("udp4")
    let count = 0
    server.on("message", (msg, rinfo) => {
      count++
      if (mode === "silent" || msg.length < 12) return
      const end = questionEnd(msg)
      const reply = Buffer.from(msg.subarray(0, end > 0 ? end : 12))
      reply[2] = 0x80 | (msg[2]! & 0x79) // QR, opcode and RD copied
      reply[3] = 0x80 | 3 // RA, NXDOMAIN
      reply.writeUInt16BE(end > 0 ? 1 : 0, 4)
      reply.writeUInt16BE(0, 6)
      reply.writeUInt16BE(0, 8)
      reply.writeUInt16BE(0, 10)
      server.send(reply, rinfo.port, rinfo.address)
    })
    server.on("error", reject)
    server.bind(0, "127.0.0.1", () => {
      const port = server.address().port
      resolve({ port, queries: () => count, close: () => new Promise((r) => server.close(() => r())) })
    })
  })

/** An empty hosts file and a resolv.conf naming only `nameserver` (no search list), in a temp dir. */
export const isolatedResolverFiles = (nameserver: string) => {
  const dir = mkdtempSync(join(tmpdir(), "gf-fuzz-"))
  const hostsFile = join(dir, "hosts")
  const resolvConf = join(dir, "resolv.conf")
  writeFileSync(hostsFile, "")
  writeFileSync(resolvConf, `nameserver ${nameserver}\noptions timeout:1 attempts:1\n`)
  return { dir, hostsFile, resolvConf }
}
