/**
 * Certificates made at test time with the `openssl` CLI: a CA, a server certificate for
 * localhost/127.0.0.1 signed by it, an expired one, a self-signed one and a client certificate.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"

export interface Certs {
  readonly dir: string
  readonly caCert: string
  readonly serverCert: string
  readonly serverKey: string
  readonly expiredCert: string
  readonly expiredKey: string
  readonly selfCert: string
  readonly selfKey: string
  readonly clientCert: string
  readonly clientKey: string
}

const openssl = (dir: string, args: ReadonlyArray<string>) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })

let made: Certs | undefined

/** Makes the certificates once per test file (RSA 2048, SHA-256). */
export const makeCerts = (): Certs => {
  if (made !== undefined) return made
  const dir = mkdtempSync(join(tmpdir(), "gf-ssl-"))
  const p = (name: string) => join(dir, name)
  openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
    "-subj", "/C=US/O=greenfiber test/CN=greenfiber test CA", "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
  writeFileSync(p("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
  writeFileSync(p("client.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
  const signed = (name: string, subject: string, ext: string, validity: ReadonlyArray<string>) => {
    openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject])
    openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", name === "server" ? "0x1234ABCD" : "77",
      "-out", `${name}.pem`, "-extfile", ext, ...validity])
  }
  signed("server", "/C=US/O=greenfiber test/CN=localhost", "server.ext", ["-days", "30"])
  signed("client", "/C=US/O=greenfiber test/CN=test client", "client.ext", ["-days", "30"])
  // Expired: openssl ca with explicit dates in the past (x509 -days cannot go backwards).
  writeFileSync(p("index.txt"), "")
  writeFileSync(p("serial"), "1000\n")
  writeFileSync(
    p("ca.cnf"),
    `[ca]\ndefault_ca=test\n[test]\ndir=${dir}\ndatabase=$dir/index.txt\nserial=$dir/serial\nnew_certs_dir=$dir\n` +
      `certificate=$dir/ca.pem\nprivate_key=$dir/ca.key\ndefault_md=sha256\npolicy=any\nunique_subject=no\ncopy_extensions=none\n` +
      `x509_extensions=ext\n[any]\ncommonName=supplied\n[ext]\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n`
  )
  openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "expired.key", "-out", "expired.csr", "-subj", "/CN=localhost"])
  openssl(dir, ["ca", "-batch", "-config", "ca.cnf", "-in", "expired.csr", "-out", "expired.pem", "-startdate", "20200101000000Z", "-enddate", "20200201000000Z"])
  openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key", "-out", "self.pem", "-days", "30",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
  made = {
    dir,
    caCert: p("ca.pem"),
    serverCert: p("server.pem"),
    serverKey: p("server.key"),
    expiredCert: p("expired.pem"),
    expiredKey: p("expired.key"),
    selfCert: p("self.pem"),
    selfKey: p("self.key"),
    clientCert: p("client.pem"),
    clientKey: p("client.key")
  }
  return made
}

/** A child process that is killed when the scope closes. */
export const child = (command: string, args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.sync(() => spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] })),
    (proc: ChildProcess) =>
      Effect.promise(() =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve()
          proc.once("exit", () => resolve())
          proc.kill("SIGKILL")
        })
      )
  )

/** Resolves with all the output once `text` appears in the child's stdout or stderr. */
export const waitForOutput = (proc: ChildProcess, text: string, timeoutMs = 10_000) =>
  Effect.promise(() =>
    new Promise<string>((resolve, reject) => {
      let out = ""
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${JSON.stringify(text)}; got ${JSON.stringify(out)}`)), timeoutMs)
      const onData = (d: Buffer) => {
        out += d.toString()
        if (out.includes(text)) {
          clearTimeout(timer)
          resolve(out)
        }
      }
      proc.stdout!.on("data", onData)
      proc.stderr!.on("data", onData)
    })
  )

/** The fds this process has open (for the leak check). */
export const openFds = (): number => readdirSync("/proc/self/fd").length
