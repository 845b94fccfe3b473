/**
 * The peer certificate in CPython's `getpeercert()` shape, from the DER bytes Node hands over.
 *
 * @since 0.1.0
 */
import { X509Certificate } from "node:crypto"

/**
 * A distinguished name as CPython gives it: one tuple per RDN, each a tuple of `[name, value]`
 * pairs, e.g. `[[["countryName", "US"]], [["commonName", "localhost"]]]`.
 *
 * @example
 * ```ts
 * import type { DistinguishedName } from "@greenfiber/socket/ssl"
 *
 * const cn = (dn: DistinguishedName) => dn.flat().find(([k]) => k === "commonName")?.[1]
 * ```
 * @since 0.1.0
 * @category models
 */
export type DistinguishedName = ReadonlyArray<ReadonlyArray<readonly [string, string]>>

/**
 * CPython's decoded peer certificate (`getpeercert()`): `notBefore`/`notAfter` in OpenSSL's text
 * (`"Jan  5 09:34:43 2030 GMT"`, for `ssl.cert_time_to_seconds`), `serialNumber` upper-case hex,
 * `subjectAltName` as `[["DNS", "localhost"], ["IP Address", "127.0.0.1"]]`.
 *
 * @example
 * ```ts
 * import type { PeerCertificate } from "@greenfiber/socket/ssl"
 *
 * const names = (cert: PeerCertificate) => (cert.subjectAltName ?? []).map(([, v]) => v)
 * ```
 * @since 0.1.0
 * @category models
 */
export interface PeerCertificate {
  readonly subject: DistinguishedName
  readonly issuer: DistinguishedName
  readonly version: number
  readonly serialNumber: string
  readonly notBefore: string
  readonly notAfter: string
  readonly subjectAltName?: ReadonlyArray<readonly [string, string]>
}

/** OpenSSL's long names for the short ones in Node's text form, as CPython prints them. */
const longNames: Record<string, string> = {
  C: "countryName",
  ST: "stateOrProvinceName",
  L: "localityName",
  O: "organizationName",
  OU: "organizationalUnitName",
  CN: "commonName",
  emailAddress: "emailAddress",
  DC: "domainComponent",
  street: "streetAddress",
  serialNumber: "serialNumber",
  UID: "userId",
  SN: "surname",
  GN: "givenName",
  title: "title",
  postalCode: "postalCode"
}

/** Node's name text is one `key=value` per line, in certificate order (multi-valued RDNs joined by `+`). */
const parseName = (text: string): DistinguishedName =>
  text.split("\n").filter((line) => line.length > 0).map((line) =>
    line.split("+").map((part) => {
      const eq = part.indexOf("=")
      const key = part.slice(0, eq)
      return [longNames[key] ?? key, part.slice(eq + 1)] as const
    })
  )

/** Node's `subjectAltName` text, `DNS:a, IP Address:1.2.3.4`, as CPython's pairs. */
const parseAltNames = (text: string): ReadonlyArray<readonly [string, string]> =>
  text.split(", ").map((entry) => {
    const colon = entry.indexOf(":")
    const value = entry.slice(colon + 1)
    // Node quotes values holding a comma or quote as JSON strings.
    return [entry.slice(0, colon), value.startsWith("\"") ? JSON.parse(value) as string : value] as const
  })

/** The length of a DER element starting at `at`, and where its content begins. */
const derHeader = (der: Uint8Array, at: number): { content: number; length: number } => {
  const first = der[at + 1]!
  if (first < 0x80) return { content: at + 2, length: first }
  const n = first & 0x7f
  let length = 0
  for (let i = 0; i < n; i++) length = length * 256 + der[at + 2 + i]!
  return { content: at + 2 + n, length }
}

/** X.509's version field (v1 when absent), the first, explicitly tagged [0], element of TBSCertificate. */
const certVersion = (der: Uint8Array): number => {
  const tbs = derHeader(der, 0).content
  const first = derHeader(der, tbs).content
  if (der[first] !== 0xa0) return 1
  const int = derHeader(der, first).content
  return der[derHeader(der, int).content]! + 1
}

/**
 * CPython's dict for a DER certificate. The dates are already in OpenSSL's `ASN1_TIME_print` layout
 * (`"Jan  5 09:34:43 2030 GMT"`), which Node uses too.
 *
 * @internal
 */
export const decodeCertificate = (der: Uint8Array): PeerCertificate => {
  const x = new X509Certificate(der)
  const base = {
    subject: parseName(x.subject),
    issuer: parseName(x.issuer),
    version: certVersion(der),
    serialNumber: x.serialNumber.toUpperCase(),
    notBefore: x.validFrom,
    notAfter: x.validTo
  }
  return x.subjectAltName === undefined ? base : { ...base, subjectAltName: parseAltNames(x.subjectAltName) }
}
