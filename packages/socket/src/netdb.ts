/**
 * The local databases CPython's socket module reads through libc: services (`getservbyname`,
 * `getservbyport`), protocols (`getprotobyname`) and network interfaces (`ifNameindex`,
 * `ifNametoindex`, `ifIndextoname`).
 *
 * Services and protocols are read here from `/etc/services` and `/etc/protocols` (the `files` source
 * of nsswitch, which is what glibc consults on a host without NIS), with glibc's rules: the first
 * line that matches wins, names and aliases match exactly (case counts), a protocol left out matches
 * any. Reading in TypeScript keeps the event loop free (CPython blocks on the file) and avoids glibc's
 * non-reentrant `getservbyname`.
 *
 * @since 0.1.0
 */
import { errnoValue, SocketError } from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import * as Effect from "effect/Effect"
import { readFile } from "node:fs/promises"
import { invalid } from "./address.ts"

const native = Native.native

/** A lookup that found nothing: CPython raises OSError without an errno; ENOENT says the same. */
const notFound = (message: string): SocketError =>
  new SocketError({ errno: errnoValue("ENOENT"), code: "ENOENT", message })

/** The lines of a database file, comments removed, split into fields; a file that cannot be read has none (libc finds nothing then). */
const entries = (path: string): Effect.Effect<Array<Array<string>>> =>
  Effect.map(
    Effect.orElseSucceed(Effect.tryPromise(() => readFile(path, "latin1")), () => ""),
    (text) => {
      const out: Array<Array<string>> = []
      for (const line of text.split("\n")) {
        const hash = line.indexOf("#")
        const fields = (hash >= 0 ? line.slice(0, hash) : line).split(/[ \t]+/).filter((f) => f !== "")
        if (fields.length >= 2) out.push(fields)
      }
      return out
    }
  )

/** A services line's port and protocol ("80/tcp"), or undefined for a malformed one (glibc skips it). */
const portProto = (field: string): readonly [number, string] | undefined => {
  const m = /^(\d+)\/(\S+)$/.exec(field)
  if (m === null) return undefined
  const port = Number(m[1])
  return port <= 65535 ? [port, m[2]!] : undefined
}

const checkText = (s: unknown, what: string): SocketError | undefined =>
  typeof s !== "string" ? invalid(`${what} must be str`) : s.includes("\0") ? invalid("embedded null character") : undefined

/**
 * The port of a service by name (or alias), for `protocolname` (`"tcp"`, `"udp"`) or any when left
 * out, from `/etc/services`. None: `SocketError` ENOENT "service/proto not found" (CPython's OSError).
 *
 * @example
 * ```ts
 * import { getservbyname } from "@greenfiber/socket"
 * const program = getservbyname("http", "tcp") // 80
 * ```
 * @since 0.1.0
 * @category names
 */
export const getservbyname = Effect.fn("getservbyname")(function*(servicename: string, protocolname?: string | null) {
  const bad = checkText(servicename, "getservbyname() argument 1") ??
    (protocolname == null ? undefined : checkText(protocolname, "getservbyname() argument 2"))
  if (bad !== undefined) return yield* Effect.fail(bad)
  for (const [name, where, ...aliases] of yield* entries("/etc/services")) {
    const pp = portProto(where!)
    if (pp === undefined || (protocolname != null && pp[1] !== protocolname)) continue
    if (name === servicename || aliases.includes(servicename)) return pp[0]
  }
  return yield* Effect.fail(notFound("service/proto not found"))
})

/**
 * The name of the service on `port`, for `protocolname` or any when left out, from `/etc/services`.
 * A port outside 0..65535: `SocketError` EINVAL "getservbyport: port must be 0-65535."; none:
 * ENOENT "port/proto not found".
 *
 * @example
 * ```ts
 * import { getservbyport } from "@greenfiber/socket"
 * const program = getservbyport(53, "udp") // "domain"
 * ```
 * @since 0.1.0
 * @category names
 */
export const getservbyport = Effect.fn("getservbyport")(function*(port: number, protocolname?: string | null) {
  if (typeof port !== "number" || !Number.isInteger(port)) return yield* Effect.fail(invalid("getservbyport() port must be an integer"))
  if (port < 0 || port > 65535) return yield* Effect.fail(invalid("getservbyport: port must be 0-65535."))
  const bad = protocolname == null ? undefined : checkText(protocolname, "getservbyport() argument 2")
  if (bad !== undefined) return yield* Effect.fail(bad)
  for (const [name, where] of yield* entries("/etc/services")) {
    const pp = portProto(where!)
    if (pp !== undefined && pp[0] === port && (protocolname == null || pp[1] === protocolname)) return name!
  }
  return yield* Effect.fail(notFound("port/proto not found"))
})

/**
 * The number of a protocol by name or alias (`"tcp"` -> 6), from `/etc/protocols`. None:
 * `SocketError` ENOENT "protocol not found".
 *
 * @example
 * ```ts
 * import { getprotobyname } from "@greenfiber/socket"
 * const program = getprotobyname("udp") // 17
 * ```
 * @since 0.1.0
 * @category names
 */
export const getprotobyname = Effect.fn("getprotobyname")(function*(protocolname: string) {
  const bad = checkText(protocolname, "getprotobyname() argument")
  if (bad !== undefined) return yield* Effect.fail(bad)
  for (const [name, number, ...aliases] of yield* entries("/etc/protocols")) {
    if (!/^\d+$/.test(number!)) continue
    if (name === protocolname || aliases.includes(protocolname)) return Number(number)
  }
  return yield* Effect.fail(notFound("protocol not found"))
})

/**
 * Every network interface as `[index, name]`, in the order `if_nameindex(3)` gives.
 *
 * @example
 * ```ts
 * import { ifNameindex } from "@greenfiber/socket"
 * const program = ifNameindex() // [[1, "lo"], [2, "eth0"]]
 * ```
 * @since 0.1.0
 * @category interfaces
 */
export const ifNameindex = (): Effect.Effect<ReadonlyArray<readonly [number, string]>, SocketError> =>
  Effect.suspend(() => {
    const r = native.ifNameindex()
    return typeof r === "number" ? Effect.fail(SocketError.fromErrno(-r, "if_nameindex")) : Effect.succeed(r)
  })

/**
 * The index of the interface named `name`. None: `SocketError` ENODEV "no interface with this name"
 * (CPython's OSError, without errno).
 *
 * @example
 * ```ts
 * import { ifNametoindex } from "@greenfiber/socket"
 * const program = ifNametoindex("lo") // 1
 * ```
 * @since 0.1.0
 * @category interfaces
 */
export const ifNametoindex = (name: string): Effect.Effect<number, SocketError> =>
  Effect.suspend(() => {
    const bad = checkText(name, "if_nametoindex() argument")
    if (bad !== undefined) return Effect.fail(bad)
    const r = native.ifNametoindex(name)
    return r > 0
      ? Effect.succeed(r)
      : Effect.fail(new SocketError({ errno: errnoValue("ENODEV"), code: "ENODEV", message: "no interface with this name" }))
  })

/**
 * The name of the interface with index `index`. None: `SocketError` ENXIO, as CPython raises; a
 * negative index: EINVAL (CPython's OverflowError).
 *
 * @example
 * ```ts
 * import { ifIndextoname } from "@greenfiber/socket"
 * const program = ifIndextoname(1) // "lo"
 * ```
 * @since 0.1.0
 * @category interfaces
 */
export const ifIndextoname = (index: number): Effect.Effect<string, SocketError> =>
  Effect.suspend(() => {
    if (typeof index !== "number" || !Number.isInteger(index)) return Effect.fail(invalid("an integer is required"))
    if (index < 0) return Effect.fail(invalid("can't convert negative value to unsigned int"))
    // No interface has an index past unsigned int; CPython answers ENXIO for one too.
    if (index > 0xffffffff) return Effect.fail(SocketError.fromErrno(errnoValue("ENXIO"), "if_indextoname"))
    const r = native.ifIndextoname(index)
    return typeof r === "number" ? Effect.fail(SocketError.fromErrno(-r, "if_indextoname")) : Effect.succeed(r)
  })
