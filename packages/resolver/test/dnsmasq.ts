/**
 * Test helper: a real `dnsmasq` on 127.0.0.1 on a free high port, serving a hosts file the test writes,
 * plus extra records (`--cname`, `--host-record`, `--address`). Fails with a clear message when dnsmasq
 * is not installed (CI installs it; nothing is skipped).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import * as dgram from "node:dgram"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"

export interface Dnsmasq {
  readonly port: number
  readonly server: string
  readonly dir: string
  readonly stop: () => Promise<void>
}

const findBinary = (): string => {
  for (const candidate of ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/usr/local/sbin/dnsmasq"]) {
    if (fs.existsSync(candidate)) return candidate
  }
  const which = spawnSync("sh", ["-c", "command -v dnsmasq"], { encoding: "utf8" })
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim()
  throw new Error("dnsmasq is not installed: the resolver tests need it (apt-get install -y dnsmasq)")
}

/** A port free for both UDP and TCP on 127.0.0.1. */
export const freePort = async (): Promise<number> => {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = dgram.createSocket("udp4")
      s.once("error", reject)
      s.bind(0, "127.0.0.1", () => {
        const p = s.address().port
        s.close(() => resolve(p))
      })
    })
    const tcpFree = await new Promise<boolean>((resolve) => {
      const srv = net.createServer()
      srv.once("error", () => resolve(false))
      srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)))
    })
    if (tcpFree && port > 1024) return port
  }
  throw new Error("no free port")
}

/** One A query with node:dgram, to see whether the server answers. */
const probe = (port: number, name: string): Promise<boolean> =>
  new Promise((resolve) => {
    const s = dgram.createSocket("udp4")
    const labels = name.split(".")
    const q = Buffer.concat([
      Buffer.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
      ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
      Buffer.from([0, 0, 1, 0, 1])
    ])
    const timer = setTimeout(() => {
      s.close()
      resolve(false)
    }, 200)
    s.on("message", () => {
      clearTimeout(timer)
      s.close()
      resolve(true)
    })
    s.on("error", () => {
      clearTimeout(timer)
      s.close()
      resolve(false)
    })
    s.send(q, port, "127.0.0.1")
  })

export const startDnsmasq = async (options: { readonly hosts: string; readonly args?: ReadonlyArray<string> }): Promise<Dnsmasq> => {
  const binary = findBinary()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "greenfiber-dnsmasq-"))
  const hostsPath = path.join(dir, "hosts")
  fs.writeFileSync(hostsPath, options.hosts)
  for (let tries = 0; tries < 5; tries++) {
    const port = await freePort()
    const child: ChildProcess = spawn(binary, [
      "--no-daemon",
      "--conf-file=/dev/null",
      "--no-resolv",
      "--no-hosts",
      `--addn-hosts=${hostsPath}`,
      "--bind-interfaces",
      "--listen-address=127.0.0.1",
      `--port=${port}`,
      "--user=root",
      "--pid-file=",
      "--log-facility=-",
      "--cache-size=0",
      "--local-ttl=60",
      "--neg-ttl=30",
      ...(options.args ?? [])
    ], { stdio: ["ignore", "ignore", "pipe"] })
    let stderr = ""
    child.stderr!.on("data", (d) => (stderr += d))
    let exited = false
    child.once("exit", () => (exited = true))
    const deadline = Date.now() + 5000
    while (!exited && Date.now() < deadline) {
      if (await probe(port, "probe.invalid")) {
        const stop = () =>
          new Promise<void>((resolve) => {
            if (exited) return resolve()
            child.once("exit", () => resolve())
            child.kill("SIGTERM")
          }).then(() => fs.rmSync(dir, { recursive: true, force: true }))
        return { port, server: `127.0.0.1:${port}`, dir, stop }
      }
    }
    if (!exited) child.kill("SIGKILL")
    if (!/Address already in use/.test(stderr)) throw new Error(`dnsmasq did not start: ${stderr}`)
  }
  throw new Error("dnsmasq could not find a free port")
}
