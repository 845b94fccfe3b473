/**
 * The constants against CPython's socket module on this machine (issue 20.6), and the one list they are
 * generated from (packages/core/native/constants.list) against the two files generated from it.
 */
import { describe, expect, it } from "@effect/vitest"
import { constants, errnos } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const core = fileURLToPath(new URL("../../core/", import.meta.url))

/** Every integer constant CPython's socket module exports (`__all__`), as name -> value. */
const cpython = (): Record<string, number> => {
  const run = spawnSync("python3", [
    "-c",
    "import socket, json\n" +
    "print(json.dumps({n: int(getattr(socket, n)) for n in socket.__all__ if n.isupper()" +
    " and isinstance(getattr(socket, n), int) and not isinstance(getattr(socket, n), bool)}))"
  ], { encoding: "utf8" })
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`)
  return JSON.parse(run.stdout) as Record<string, number>
}

const exported = S as unknown as Record<string, unknown>
const listed = (table: "constants" | "errno"): Array<{ name: string; optional: boolean }> => {
  const text = readFileSync(`${core}native/constants.list`, "utf8")
  const section = text.split(/^\[(?:constants|errno)\]$/m)[table === "constants" ? 1 : 2]!
  return section.split("\n")
    .map((line) => /^([A-Za-z_]\w*)(\?)?/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, optional: m[2] === "?" }))
}

describe("socket constants", () => {
  it("every integer constant of CPython's socket module is exported with CPython's value", () => {
    const python = cpython()
    // Python 3.11 on Debian bookworm exports 339; a much smaller count means the probe itself broke.
    expect(Object.keys(python).length).toBeGreaterThan(300)
    const mismatched = Object.entries(python)
      .filter(([name, value]) => exported[name] !== value)
      .map(([name, value]) => `${name}: CPython ${value}, greenfiber ${String(exported[name])}`)
    expect(mismatched).toEqual([])
  })

  it("the names the issue found missing are there", () => {
    expect([S.AF_ALG, S.AF_CAN, S.AF_PACKET, S.AF_VSOCK, S.AF_TIPC, S.IPPROTO_GRE, S.SOL_UDP, S.SO_PEERSEC])
      .toEqual([38, 29, 17, 40, 30, 47, 17, 31])
    expect([S.IPV6_RECVPKTINFO, S.IPV6_PKTINFO, S.IPV6_HOPLIMIT, S.SCM_RIGHTS]).toEqual([49, 50, 52, 1])
    expect([S.IP_DEFAULT_MULTICAST_TTL, S.IP_DEFAULT_MULTICAST_LOOP, S.INADDR_ALLHOSTS_GROUP])
      .toEqual([1, 1, 0xe0000001])
    // glibc's own getaddrinfo errors, which the resolver layers map: in the C table and the TS exports alike.
    expect([S.EAI_CANCELED, S.EAI_IDN_ENCODE, S.EAI_INTR]).toEqual([-101, -105, -104])
  })

  it("the C table and the TypeScript exports hold the same names and values", () => {
    const fromC = Object.entries(constants)
    expect(fromC.length).toBeGreaterThan(300)
    expect(fromC.filter(([name, value]) => exported[name] !== value).map(([name]) => name)).toEqual([])
    const names = listed("constants")
    // A name the platform lacks is absent from the C table and `undefined` in TypeScript, never a guess.
    expect(names.filter(({ name }) => !(name in constants) && exported[name] !== undefined)).toEqual([])
    // A name without `?` is typed `number`: it must exist (scripts/cross-check.sh enforces it off Linux).
    expect(names.filter(({ name, optional }) => !optional && typeof exported[name] !== "number")).toEqual([])
    expect(listed("errno").filter(({ name, optional }) => !optional && typeof errnos[name] !== "number")).toEqual([])
    expect(errnos.ECONNREFUSED).toBe(111)
  })

  it("the generated files are up to date with constants.list", () => {
    const run = spawnSync(process.execPath, [`${core}scripts/gen-constants.ts`, "--check"], { encoding: "utf8" })
    expect(run.stderr).toBe("")
    expect(run.status).toBe(0)
  })
})
