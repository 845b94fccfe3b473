/**
 * `resolv.conf` (resolver(5)): `nameserver`, `search`/`domain`, and `options ndots: timeout: attempts:
 * rotate`, with glibc's defaults and limits (3 name servers, ndots at most 15, timeout at most 30 s,
 * attempts at most 5). The `RES_OPTIONS` and `LOCALDOMAIN` environment overrides are not applied.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as fs from "node:fs"
import * as net from "node:net"

/**
 * A parsed `resolv.conf`. Timeouts are seconds.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvConf {
  readonly nameservers: ReadonlyArray<string>
  readonly search: ReadonlyArray<string>
  readonly ndots: number
  readonly timeout: number
  readonly attempts: number
  readonly rotate: boolean
}

/**
 * glibc's defaults: the local name server, no search list, ndots 1, 5 s, 2 attempts.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults: ResolvConf = { nameservers: ["127.0.0.1"], search: [], ndots: 1, timeout: 5, attempts: 2, rotate: false }

/**
 * The most `attempts` glibc takes (`RES_MAXRETRY`), from `resolv.conf` or a layer option alike.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_ATTEMPTS = 5

/**
 * The longest `timeout` glibc takes, in seconds (`RES_MAXRETRANS`), from `resolv.conf` or a layer option alike.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_TIMEOUT = 30

const clampInt = (text: string, max: number): number | undefined => {
  const n = Number.parseInt(text, 10)
  return Number.isNaN(n) || n < 0 ? undefined : Math.min(n, max)
}

/**
 * Parses the text of a `resolv.conf`. The last `search` or `domain` line wins, as in glibc.
 *
 * @example
 * ```ts
 * import { ResolvConf } from "@greenfiber/resolver"
 * const conf = ResolvConf.parse("nameserver 10.0.0.53\nsearch lan corp\noptions ndots:2 timeout:1 attempts:3 rotate\n")
 * // { nameservers: ["10.0.0.53"], search: ["lan", "corp"], ndots: 2, timeout: 1, attempts: 3, rotate: true }
 * ```
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: string): ResolvConf => {
  const nameservers: Array<string> = []
  let search: ReadonlyArray<string> = []
  let { ndots, timeout, attempts, rotate } = defaults
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*/, "").trim()
    if (line === "") continue
    const [keyword, ...args] = line.split(/\s+/)
    switch (keyword) {
      case "nameserver":
        // As glibc: a line whose address does not parse is skipped and does not count toward the three.
        if (args[0] !== undefined && nameservers.length < 3 && parseServer(args[0]) !== undefined) nameservers.push(args[0])
        break
      case "domain":
        if (args[0] !== undefined) search = [args[0]]
        break
      case "search":
        search = args.filter((d) => d !== ".")
        break
      case "options":
        for (const option of args) {
          const [name, value = ""] = option.split(":")
          if (name === "ndots") ndots = clampInt(value, 15) ?? ndots
          else if (name === "timeout") timeout = Math.max(1, clampInt(value, MAX_TIMEOUT) ?? timeout)
          else if (name === "attempts") attempts = Math.max(1, clampInt(value, MAX_ATTEMPTS) ?? attempts)
          else if (name === "rotate") rotate = true
        }
    }
  }
  return { nameservers: nameservers.length > 0 ? nameservers : defaults.nameservers, search, ndots, timeout, attempts, rotate }
}

/**
 * Reads and parses a `resolv.conf`; a missing file gives glibc's defaults only when `optional`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ResolvConf } from "@greenfiber/resolver"
 * const program = Effect.map(ResolvConf.load("/etc/resolv.conf", { optional: true }), (c) => c.nameservers)
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const load = (path: string, options?: { readonly optional?: boolean }): Effect.Effect<ResolvConf, Error> =>
  Effect.tryPromise({ try: () => fs.promises.readFile(path, "utf8"), catch: (e) => e as Error }).pipe(
    Effect.map(parse),
    Effect.catch((e) => ((e as NodeJS.ErrnoException).code === "ENOENT" && options?.optional ? Effect.succeed(defaults) : Effect.fail(e)))
  )

/**
 * Parses a name server as written in options: `"10.0.0.53"`, `"10.0.0.53:5353"`, `"::1"`,
 * `"[::1]:5353"`. Returns `[host, port]` or `undefined` when it is not an IP address.
 *
 * @example
 * ```ts
 * import { ResolvConf } from "@greenfiber/resolver"
 * ResolvConf.parseServer("[::1]:5353") // ["::1", 5353]
 * ```
 * @since 0.1.0
 * @category parsing
 */
export const parseServer = (text: string): readonly [string, number] | undefined => {
  let host = text
  let port = 53
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text)
  if (bracket) {
    host = bracket[1]!
    if (bracket[2] !== undefined) port = Number(bracket[2])
  } else if (/^[^:]+:\d+$/.test(text)) {
    const i = text.lastIndexOf(":")
    host = text.slice(0, i)
    port = Number(text.slice(i + 1))
  }
  const version = net.isIP(host.split("%")[0]!)
  if (version === 0 || !Number.isInteger(port) || port < 1 || port > 65535) return undefined
  return [host, port]
}
