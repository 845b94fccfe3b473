/**
 * The hosts file (`/etc/hosts`), parsed the way glibc's `files` NSS module reads it: `address name
 * aliases...` lines, `#` comments, names compared case-insensitively (ASCII letters only, as glibc's
 * `strcasecmp` in the C locale: "\u212Aey" is not "key"), the first line for a name wins
 * for its canonical name and every line adds addresses.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { isIP } from "node:net"
import * as fs from "node:fs"
import { asciiLower } from "./dns/Codec.ts"

/**
 * What the hosts file says about one name.
 *
 * @since 0.1.0
 * @category models
 */
export interface HostsEntry {
  /** The first name of the first line naming this host. */
  readonly canonical: string
  /** The other names of that line. */
  readonly aliases: ReadonlyArray<string>
  readonly v4: ReadonlyArray<string>
  readonly v6: ReadonlyArray<string>
}

/**
 * A parsed hosts file.
 *
 * @since 0.1.0
 * @category models
 */
export interface HostsTable {
  /** Forward entries by lower-cased name. */
  readonly byName: ReadonlyMap<string, HostsEntry>
  /** `[canonical, aliases]` of the first line for each address (text as written, IPv6 normalised). */
  readonly byAddress: ReadonlyMap<string, readonly [string, ReadonlyArray<string>]>
}

/** IPv6 in its canonical text; a zone (`fe80::1%lo`) is kept as written, since URL cannot parse it. */
const normalise = (ip: string): string => {
  if (isIP(ip) !== 6) return ip
  const [address, zone] = ip.split("%") as [string, string | undefined]
  const canonical = new URL(`http://[${address}]`).hostname.slice(1, -1)
  return zone === undefined ? canonical : `${canonical}%${zone}`
}

/**
 * A name as the table is keyed: ASCII letters lowered, nothing else changed. A trailing dot counts, as
 * in glibc's `nss_files` (measured with glibc 2.36: a file listing `db.lan.` answers `db.lan.` and not
 * `db.lan`; one listing `db.lan` answers `db.lan` and not `db.lan.`), so every layer agrees with the OS.
 */
const hostKey = (name: string): string => asciiLower(name)

/**
 * Parses the text of a hosts file. Malformed lines are skipped, as glibc does.
 *
 * @example
 * ```ts
 * import { Hosts } from "@greenfiber/resolver"
 * const table = Hosts.parse("127.0.0.1 localhost loopback\n::1 localhost ip6-localhost\n")
 * table.byName.get("localhost") // { canonical: "localhost", aliases: ["loopback"], v4: ["127.0.0.1"], v6: ["::1"] }
 * ```
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: string): HostsTable => {
  const byName = new Map<string, { canonical: string; aliases: Array<string>; v4: Array<string>; v6: Array<string> }>()
  const byAddress = new Map<string, readonly [string, ReadonlyArray<string>]>()
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim()
    if (line === "") continue
    const [address, ...names] = line.split(/\s+/)
    if (names.length === 0) continue
    const version = isIP(address!.split("%")[0]!)
    if (version === 0) continue
    const ip = normalise(address!)
    if (!byAddress.has(ip)) byAddress.set(ip, [names[0]!, names.slice(1)])
    for (const name of names) {
      const key = hostKey(name)
      if (key === "") continue
      let entry = byName.get(key)
      if (entry === undefined) {
        entry = { canonical: names[0]!, aliases: names.filter((n) => hostKey(n) !== hostKey(names[0]!)), v4: [], v6: [] }
        byName.set(key, entry)
      }
      const list = version === 4 ? entry.v4 : entry.v6
      if (!list.includes(ip)) list.push(ip)
    }
  }
  return { byName, byAddress }
}

/** An empty table. @since 0.1.0 @category constructors */
export const empty: HostsTable = { byName: new Map(), byAddress: new Map() }

/**
 * Looks a name up (ASCII case-insensitively, otherwise as written: a trailing dot counts, as in glibc).
 *
 * @example
 * ```ts
 * import { Hosts } from "@greenfiber/resolver"
 * Hosts.lookup(Hosts.parse("10.0.0.1 db"), "DB") // { canonical: "db", aliases: [], v4: ["10.0.0.1"], v6: [] }
 * Hosts.lookup(Hosts.parse("10.0.0.1 db"), "db.") // undefined
 * ```
 * @since 0.1.0
 * @category lookups
 */
export const lookup = (table: HostsTable, name: string): HostsEntry | undefined =>
  table.byName.get(hostKey(name))

/**
 * Looks an address up.
 *
 * @example
 * ```ts
 * import { Hosts } from "@greenfiber/resolver"
 * Hosts.reverse(Hosts.parse("10.0.0.1 db db.lan"), "10.0.0.1") // ["db", ["db.lan"]]
 * ```
 * @since 0.1.0
 * @category lookups
 */
export const reverse = (table: HostsTable, ip: string): readonly [string, ReadonlyArray<string>] | undefined =>
  table.byAddress.get(normalise(ip))

/**
 * A hosts file read from disk and read again when its modification time changes (checked at most once a
 * second). A missing or unreadable file is an empty table, as for glibc.
 *
 * @example
 * ```ts
 * import { Hosts } from "@greenfiber/resolver"
 * const hosts = Hosts.file("/etc/hosts")
 * const table = hosts.current()
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const file = (path: string): { readonly path: string; readonly current: () => HostsTable } => {
  let table = empty
  let mtime = -1
  let checked = -Infinity
  const current = () => {
    const now = performance.now()
    if (now - checked < 1000) return table
    checked = now
    try {
      const stat = fs.statSync(path)
      if (stat.mtimeMs !== mtime) {
        table = parse(fs.readFileSync(path, "utf8"))
        mtime = stat.mtimeMs
      }
    } catch {
      table = empty
      mtime = -1
    }
    return table
  }
  return { path, current }
}

/**
 * Reads and parses a hosts file once, failing when it cannot be read.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Hosts } from "@greenfiber/resolver"
 * const program = Effect.map(Hosts.load("/etc/hosts"), (t) => t.byName.size)
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const load = (path: string): Effect.Effect<HostsTable, Error> =>
  Effect.tryPromise({ try: () => fs.promises.readFile(path, "utf8"), catch: (e) => e as Error }).pipe(Effect.map(parse))
