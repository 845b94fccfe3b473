/**
 * The pure DNS stub resolver behind `layerDns`: hosts file first, then A/AAAA/PTR queries over UDP to
 * the configured name servers, with random query ids and source ports, answers checked against the
 * question, TCP when a reply is truncated, rotation across servers, `attempts` rounds of `timeout`
 * seconds, the search list and `ndots`, and CNAME chains followed. One lookup, whatever it takes (search
 * list, CNAME chain, A and AAAA, TCP fallback), ends within `timeout × attempts × servers`. Record
 * queries (`resolve`: every type Effect's `Dns` defines) take the same path, without search list.
 *
 * @since 0.1.0
 */
import { constants } from "@greenfiber/core"
import * as Effect from "effect/Effect"
import * as Dns from "effect/net/Dns"
import * as Result from "effect/Result"
import { randomInt } from "node:crypto"
import { isIP } from "node:net"
import { type Backend, cnameOnly as cnameOnlyFor, EAI_NODATA, failure, halvesTtl, type HostAnswer, type LookupFailure, type ReverseAnswer } from "../Backend.ts"
import * as Codec from "./Codec.ts"
import * as Records from "./Records.ts"
import * as ResolvConf from "./ResolvConf.ts"
import * as Transport from "./Transport.ts"

const C = constants

/**
 * Settings of the stub resolver. Timeouts are seconds; `timeout` is capped at 30 and `attempts` at 5,
 * as glibc caps `resolv.conf`'s.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientConfig {
  readonly servers: ReadonlyArray<Transport.Server>
  readonly search: ReadonlyArray<string>
  readonly ndots: number
  readonly timeout: number
  readonly attempts: number
  readonly rotate: boolean
}

interface Answer {
  readonly canonical: string
  readonly aliases: ReadonlyArray<string>
  readonly addresses: ReadonlyArray<string>
  readonly ttl: number
}

/** The CNAME-only failure code for a query type: IPv4's for A, the other one for every other type. */
const cnameOnly = (type: number): number => cnameOnlyFor(type === Codec.TYPE_A ? C.AF_INET! : C.AF_INET6!)

/** Records of one name found by `chase`, with the CNAME chain that led to them. */
interface Found {
  readonly canonical: string
  readonly aliases: ReadonlyArray<string>
  readonly records: ReadonlyArray<Codec.ResourceRecord>
  readonly ttl: number
}

const MAX_CNAME_QUERIES = 8

/**
 * Temporary failures that come from a SERVFAIL answer rather than silence. The search list goes on
 * past those only, as glibc's `res_nsearch` does: after a time-out the next candidate could be a
 * different host that happens to answer.
 */
const fromServfail = new WeakSet<LookupFailure>()

/**
 * The last error rcode (SERVFAIL, REFUSED, ...) a server answered with, for a failure where one did:
 * without an entry, no server answered at all (a time-out).
 */
const heard = new WeakMap<LookupFailure, number>()

/** The records of class IN in `rrs` owned by `name`, of `type`. */
const owned = (rrs: ReadonlyArray<Codec.ResourceRecord>, name: string, type: number) =>
  rrs.filter((rr) => rr.type === type && rr.class === Codec.CLASS_IN && Codec.sameName(rr.name, name))

/** Follows the CNAME chain from `name` inside one reply: the name it ends at, the aliases passed, their least TTL. */
const followChain = (m: Codec.Message, name: string) => {
  let current = name
  const aliases: Array<string> = []
  let ttl = Infinity
  for (let hops = 0; hops < 16; hops++) {
    const cname = owned(m.answers, current, Codec.TYPE_CNAME)[0]
    if (cname === undefined || cname.data._tag !== "Name") break
    aliases.push(current)
    ttl = Math.min(ttl, cname.ttl)
    current = cname.data.name
  }
  return { current, aliases, ttl }
}

/**
 * RFC 2308: a negative answer may be cached for min(SOA TTL, SOA MINIMUM), and one without an SOA not
 * at all (section 5: nothing would stop it going round between caches for ever), so 0.
 */
const negativeTtl = (m: Codec.Message): number => {
  for (const rr of m.authorities) {
    if (rr.type === Codec.TYPE_SOA && rr.data._tag === "SOA") return Math.min(rr.ttl, rr.data.minimum)
  }
  return 0
}

/** A reply taken for a query: truncated (ask again over TCP), or the whole message, decoded. */
type Accepted = { readonly tc: true } | { readonly tc: false; readonly message: Codec.Message }

const TRUNCATED: Accepted = { tc: true }

/**
 * The UDP payload offered with EDNS0 (RFC 6891): 1232 bytes, the size DNS Flag Day 2020 settled on, so
 * that a reply fits an IPv6 packet on any path unfragmented (fragments are what off-path forgers use).
 */
const EDNS_PAYLOAD = 1232

/** The largest UDP reply a server that does not speak EDNS0 may send (RFC 1035 4.2.1). */
const PLAIN_PAYLOAD = 512

/** The rcode with EDNS0's upper eight bits (RFC 6891 6.1.3): BADVERS and its kin are not NOERROR. */
const rcodeOf = (m: Codec.Message): number => {
  const opt = m.additionals.find((rr) => rr.type === Codec.TYPE_OPT)
  return opt === undefined ? m.rcode : ((opt.ttl >>> 24) << 4) | m.rcode
}

/**
 * The reply to this query, if `reply` is one: same id, a response, opcode QUERY, exactly our one
 * question (class IN), and the whole message decodable. Anything else is dropped and the wait goes on,
 * as glibc's `send_dg` drops a packet that does not match: a FORMERR with no question or a reply that
 * cannot be decoded proves nothing about the server (anyone who guessed the id can send one), and
 * taking it as its answer would give up the real one still on its way. A truncated UDP reply only has
 * to match: its rest is asked for over TCP. So is that of a UDP reply larger than we allowed (over 512
 * bytes without EDNS0 on both sides, over 1232 with it): it is not used.
 */
const accepts = (id: number, name: string, type: number, udp: boolean, edns: boolean) => (reply: Uint8Array): Accepted | undefined => {
  // The header first, in constant time: a reply to another query, or with other than one question, is
  // dropped before any of its names is read.
  const header = Codec.decodeHeader(reply)
  if (Result.isFailure(header)) return undefined
  const h = header.success
  if (h.id !== id || !h.qr || h.opcode !== 0 || h.qdcount !== 1) return undefined
  const head = Codec.decodeHead(reply)
  if (Result.isFailure(head)) return undefined
  const q = head.success.questions[0]!
  if (q.type !== type || q.class !== Codec.CLASS_IN || !Codec.sameName(q.name, name)) return undefined
  if (udp && (h.tc || reply.length > (edns ? EDNS_PAYLOAD : PLAIN_PAYLOAD))) return TRUNCATED
  const message = Codec.decodeMessage(reply)
  if (Result.isFailure(message)) return undefined
  if (udp && reply.length > PLAIN_PAYLOAD && !message.success.additionals.some((rr) => rr.type === Codec.TYPE_OPT)) return TRUNCATED
  return { tc: false, message: message.success }
}

/**
 * Builds the DNS backend (without the hosts file: put `Backend.withHosts` in front).
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Resolver } from "@greenfiber/core"
 * import { DnsClient, Frontend } from "@greenfiber/resolver"
 *
 * const backend = DnsClient.make({
 *   servers: [["127.0.0.1", 5353]], search: [], ndots: 1, timeout: 1, attempts: 2, rotate: false
 * })
 * const layer = Layer.succeed(Resolver, Frontend.make(backend))
 * ```
 * @since 0.1.0
 * @category constructors
 */
export const make = (config: ClientConfig): Backend => {
  let next = 0
  const timeoutMs = Math.min(config.timeout, ResolvConf.MAX_TIMEOUT) * 1000
  const attempts = Math.max(1, Math.min(config.attempts, ResolvConf.MAX_ATTEMPTS))

  /** Where a lookup starts in the server list: with `rotate`, one step further for each lookup (not each query). */
  const firstServer = () => (config.rotate && config.servers.length > 0 ? next++ % config.servers.length : 0)

  /**
   * The time one lookup may take, in milliseconds: every try of every server once per attempt, as a
   * caller reading `timeout × attempts` (per server) expects. Without it the search list, a CNAME chain
   * (8 queries each with its own tries) and the TCP fallback (a second `timeout`) each multiplied it.
   */
  const budgetMs = timeoutMs * attempts * Math.max(1, config.servers.length)

  /** How long the next exchange may wait: one `timeout`, or what is left of the lookup's budget. */
  const slice = (deadline: number) => Math.min(timeoutMs, deadline - performance.now())

  /** Servers (by index) that refused EDNS0 with FORMERR or NOTIMP: asked without it from then on. */
  const plain = new Set<number>()

  /**
   * One question to one server: UDP, then TCP when truncated, before `deadline`. A server that refuses
   * EDNS0 is asked again at once without it (RFC 6891 section 7). `undefined` when no answer came.
   */
  const ask = (index: number, name: string, type: number, deadline: number): Effect.Effect<Codec.Message | undefined, LookupFailure> =>
    Effect.gen(function*() {
      const server = config.servers[index]!
      for (;;) {
        if (slice(deadline) <= 0) return undefined
        const edns = !plain.has(index)
        const id = randomInt(0, 0x10000)
        const query = Codec.encodeQuery(id, name, type, Codec.CLASS_IN, edns ? EDNS_PAYLOAD : undefined)
        if (Result.isFailure(query)) return yield* Effect.fail(failure(C.EAI_NONAME!))
        const udp = Transport.udp(server, query.success, accepts(id, name, type, true, edns), slice(deadline), EDNS_PAYLOAD + 1)
        let reply = yield* Effect.orElseSucceed(udp, () => undefined)
        if (reply === undefined || reply === Transport.TIMEOUT) return undefined
        if (reply.tc) {
          if (slice(deadline) <= 0) return undefined
          const tcp = Transport.tcp(server, query.success, accepts(id, name, type, false, edns), slice(deadline))
          reply = yield* Effect.orElseSucceed(tcp, () => undefined)
          if (reply === undefined || reply === Transport.TIMEOUT || reply.tc) return undefined
        }
        const rcode = rcodeOf(reply.message)
        if (edns && (rcode === Codec.RCODE_FORMERR || rcode === Codec.RCODE_NOTIMP)) {
          plain.add(index)
          continue
        }
        return reply.message
      }
    })

  /**
   * One question, across servers and attempts from server `start`, all before `deadline` (a
   * `performance.now()` time, as the transport's).
   */
  const exchange = (name: string, type: number, start: number, deadline: number): Effect.Effect<Codec.Message, LookupFailure> =>
    Effect.gen(function*() {
      const n = config.servers.length
      if (n === 0) return yield* Effect.fail(failure(C.EAI_AGAIN!))
      let servfail = false
      let rcodeHeard: number | undefined
      for (let attempt = 0; attempt < attempts; attempt++) {
        for (let i = 0; i < n; i++) {
          if (slice(deadline) <= 0) break
          const message = yield* ask((start + i) % n, name, type, deadline)
          if (message === undefined) continue
          const rcode = rcodeOf(message)
          if (rcode === Codec.RCODE_NOERROR || rcode === Codec.RCODE_NXDOMAIN) return message
          // SERVFAIL, REFUSED, NOTIMP, FORMERR, extended rcodes: ask the next server.
          if (rcode === Codec.RCODE_SERVFAIL) servfail = true
          rcodeHeard = rcode
        }
      }
      const f = failure(C.EAI_AGAIN!)
      if (servfail) fromServfail.add(f)
      if (rcodeHeard !== undefined) heard.set(f, rcodeHeard)
      return yield* Effect.fail(f)
    })

  /**
   * The records of `type` owned by one absolute name, following CNAMEs within and across replies (a
   * CNAME query follows none). glibc does not ask again for the name a CNAME-only reply ends at; we do,
   * and when that gives nothing (no such name, no data, a server refusing it) the lookup fails as glibc
   * fails on the CNAME-only reply (`cnameOnly`). A time-out stays EAI_AGAIN: the answer may yet come.
   */
  const chase = (name: string, type: number, start: number, deadline: number): Effect.Effect<Found, LookupFailure> =>
    Effect.gen(function*() {
      let current = name
      const aliases: Array<string> = []
      let ttl = Infinity
      for (let round = 0; round < MAX_CNAME_QUERIES; round++) {
        const r = yield* Effect.result(exchange(current, type, start, deadline))
        if (Result.isFailure(r)) {
          if (round === 0 || !heard.has(r.failure)) return yield* Effect.fail(r.failure)
          return yield* Effect.fail(failure(cnameOnly(type), 0))
        }
        const m = r.success
        if (m.rcode === Codec.RCODE_NXDOMAIN) {
          return yield* Effect.fail(round === 0 ? failure(C.EAI_NONAME!, negativeTtl(m)) : failure(cnameOnly(type), Math.min(ttl, negativeTtl(m))))
        }
        // Follow the chain inside this reply.
        const before = current
        if (type !== Codec.TYPE_CNAME) {
          const chain = followChain(m, current)
          aliases.push(...chain.aliases)
          ttl = Math.min(ttl, chain.ttl)
          current = chain.current
        }
        const records = owned(m.answers, current, type).filter((rr) => rr.data._tag !== "Raw")
        if (records.length > 0) {
          ttl = Math.min(ttl, ...records.map((rr) => rr.ttl))
          // Names that are no host names are not passed on: the name asked stands in as canonical.
          return { canonical: Codec.isHostName(current) ? current : name, aliases: aliases.filter(Codec.isHostName), records, ttl }
        }
        // No data for the name asked itself: "no data". For the end of a chain (this reply's or an
        // earlier one's), glibc's CNAME-only failure.
        if (current === before) {
          return yield* Effect.fail(failure(round === 0 ? EAI_NODATA : cnameOnly(type), Math.min(ttl, negativeTtl(m))))
        }
        // A loop: no SOA says how long that may be believed.
        if (aliases.some((alias) => Codec.sameName(alias, current))) return yield* Effect.fail(failure(cnameOnly(type), 0))
      }
      // A chain longer than we follow.
      return yield* Effect.fail(failure(cnameOnly(type), 0))
    })

  /** Addresses (type A or AAAA) of one absolute name. */
  const query = (name: string, type: number, start: number, deadline: number): Effect.Effect<Answer, LookupFailure> =>
    Effect.map(chase(name, type, start, deadline), (found) => ({
      canonical: found.canonical,
      aliases: found.aliases,
      addresses: found.records.map((rr) => (rr.data as { address: string }).address),
      ttl: found.ttl
    }))

  /** A and/or AAAA of one absolute name. */
  const resolveName = (name: string, family: number, start: number, deadline: number): Effect.Effect<HostAnswer, LookupFailure> => {
    if (family === C.AF_INET || family === C.AF_INET6) {
      const v6 = family === C.AF_INET6
      return Effect.map(query(name, v6 ? Codec.TYPE_AAAA : Codec.TYPE_A, start, deadline), (a) => ({
        canonical: a.canonical,
        aliases: a.aliases,
        v4: v6 ? [] : a.addresses,
        v6: v6 ? a.addresses : [],
        ttl: a.ttl
      }))
    }
    return Effect.gen(function*() {
      const [a, aaaa] = yield* Effect.all([
        Effect.result(query(name, Codec.TYPE_A, start, deadline)),
        Effect.result(query(name, Codec.TYPE_AAAA, start, deadline))
      ], {
        concurrency: 2
      })
      if (Result.isFailure(a) && Result.isFailure(aaaa)) {
        const fa = a.failure
        const f6 = aaaa.failure
        // NXDOMAIN wins, then a temporary failure, then "no data".
        const pick = fa.error.errno === C.EAI_NONAME ? fa : f6.error.errno === C.EAI_NONAME ? f6 : fa.error.errno === C.EAI_AGAIN ? fa : f6
        return yield* Effect.fail(pick)
      }
      const first = Result.isSuccess(a) ? a.success : (aaaa as Result.Success<Answer, LookupFailure>).success
      return {
        canonical: first.canonical,
        aliases: first.aliases,
        v4: Result.isSuccess(a) ? a.success.addresses : [],
        v6: Result.isSuccess(aaaa) ? aaaa.success.addresses : [],
        ttl: halvesTtl([a, aaaa], Math.min(Result.isSuccess(a) ? a.success.ttl : Infinity, Result.isSuccess(aaaa) ? aaaa.success.ttl : Infinity))
      }
    })
  }

  /** The names to try, in order, for a name as the user wrote it (resolv.conf search and ndots). */
  const candidates = (host: string): ReadonlyArray<string> => {
    if (host.endsWith(".")) return [host.slice(0, -1)]
    const dots = host.split(".").length - 1
    const searched = config.search.map((domain) => `${host}.${domain.endsWith(".") ? domain.slice(0, -1) : domain}`)
    return dots >= config.ndots ? [host, ...searched] : [...searched, host]
  }

  const lookup = (host: string, family: number): Effect.Effect<HostAnswer, LookupFailure> =>
    Effect.gen(function*() {
      if (Result.isFailure(Codec.labels(host)) || host === "" || host === ".") return yield* Effect.fail(failure(C.EAI_NONAME!))
      const start = firstServer()
      const deadline = performance.now() + budgetMs
      const names = candidates(host)
      let searching = true
      let worst: LookupFailure | undefined
      for (const name of names) {
        const asIs = name === host || `${name}.` === host
        if (!asIs && !searching) continue
        if (Result.isFailure(Codec.labels(name))) continue
        const r = yield* Effect.result(resolveName(name, family, start, deadline))
        if (Result.isSuccess(r)) return r.success
        const f = r.failure
        if (worst === undefined || f.error.errno === C.EAI_AGAIN || (f.error.errno === EAI_NODATA && worst.error.errno === C.EAI_NONAME)) {
          worst = f
        }
        // A time-out (not a SERVFAIL) ends the search list: the next domain could name another host
        // that does answer. The name as written is still tried once (glibc's res_nsearch).
        if (!asIs && f.error.errno === C.EAI_AGAIN && !fromServfail.has(f)) searching = false
      }
      return yield* Effect.fail(worst ?? failure(C.EAI_NONAME!))
    })

  const reverse = (ip: string): Effect.Effect<ReverseAnswer, LookupFailure> =>
    Effect.gen(function*() {
      if (isIP(ip) === 0) return yield* Effect.fail(failure(C.EAI_NONAME!))
      const name = Codec.reverseName(ip)
      const m = yield* exchange(name, Codec.TYPE_PTR, firstServer(), performance.now() + budgetMs)
      if (m.rcode === Codec.RCODE_NXDOMAIN) return yield* Effect.fail(failure(C.EAI_NONAME!, negativeTtl(m)))
      // Only PTRs of the name asked, or of the name its CNAMEs lead to (RFC 2317 delegation), count:
      // a PTR for another address in the same reply says nothing about this one.
      const chain = followChain(m, name)
      const ptrs = owned(m.answers, chain.current, Codec.TYPE_PTR).filter((rr) => rr.data._tag === "Name" && Codec.isHostName(rr.data.name))
      if (ptrs.length === 0) return yield* Effect.fail(failure(EAI_NODATA, negativeTtl(m)))
      const names = ptrs.map((rr) => (rr.data as { name: string }).name)
      return { names: [names[0]!, ...names.slice(1)] as const, ttl: Math.min(chain.ttl, ...ptrs.map((rr) => rr.ttl)) }
    })

  /** Why a record query failed, as Effect's `Dns` names it. */
  const reasonOf = (f: LookupFailure): Dns.DnsErrorReason => {
    if (f.error.errno === C.EAI_NONAME || f.error.errno === EAI_NODATA) return "NotFound"
    const rcode = heard.get(f)
    if (rcode === undefined) return f.error.errno === C.EAI_AGAIN ? "Timeout" : "Unknown"
    if (rcode === Codec.RCODE_REFUSED) return "Refused"
    if (rcode === Codec.RCODE_NOTIMP) return "Unsupported"
    return "ServerFailure"
  }

  /**
   * The records of one type at a name taken as absolute (no search list, as c-ares' `ares_query`),
   * CNAMEs followed as for addresses (a CNAME query follows none).
   */
  const resolve = (name: string, type: Dns.RecordType): Effect.Effect<ReadonlyArray<Dns.DnsRecord>, Dns.DnsError> =>
    Effect.gen(function*() {
      const absolute = name.endsWith(".") ? name.slice(0, -1) : name
      const code = Records.typeCode[type]
      if (code === undefined || absolute === "" || Result.isFailure(Codec.labels(absolute))) {
        return yield* Effect.fail(new Dns.DnsError({ reason: code === undefined ? "Unsupported" : "BadName", method: "resolve", hostname: name, recordType: type }))
      }
      const found = yield* Effect.mapError(
        chase(absolute, code, firstServer(), performance.now() + budgetMs),
        (f) => new Dns.DnsError({ reason: reasonOf(f), method: "resolve", hostname: name, recordType: type, cause: f.error })
      )
      const records = yield* Effect.fromResult(Records.fromWire(name, type, found.records))
      if (records.length === 0) return yield* Effect.fail(new Dns.DnsError({ reason: "NotFound", method: "resolve", hostname: name, recordType: type }))
      return records
    })

  return { name: "dns", lookup, reverse, resolve }
}
