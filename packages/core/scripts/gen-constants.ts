/**
 * Turns native/constants.list, the one list of greenfiber's platform constants, into the C table the
 * addon exports (native/constants.gen.h) and the named TypeScript exports of @greenfiber/socket
 * (packages/socket/src/constants.ts), so the two cannot drift. The list's header explains its grammar.
 *
 *   node scripts/gen-constants.ts           write both files
 *   node scripts/gen-constants.ts --check   exit 1, naming the file, when either is out of date
 */
import { readFileSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const listPath = join(root, "native", "constants.list")
const headerPath = join(root, "native", "constants.gen.h")
const tsPath = join(root, "..", "socket", "src", "constants.ts")

interface Entry {
  readonly kind: "entry"
  readonly table: "constants" | "errno"
  readonly name: string
  readonly optional: boolean
  readonly expr: string
  readonly cond: string | undefined
  readonly literal: string | undefined
}
interface Group {
  readonly kind: "group"
  readonly table: "constants" | "errno"
  readonly title: string
}
type Line = Entry | Group

const entryPattern = /^([A-Za-z_][A-Za-z0-9_]*)(\?)?(?:\s*=\s*(.+?))?(?:\s+if\s+(.+?))?(?:\s+or\s+(\S+))?$/

const parse = (text: string): ReadonlyArray<Line> => {
  const lines: Array<Line> = []
  const seen = new Set<string>()
  let table: "constants" | "errno" | undefined
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim()
    const where = `constants.list:${index + 1}`
    if (line === "" || (line.startsWith("#") && !line.startsWith("##"))) return
    if (line === "[constants]" || line === "[errno]") {
      table = line === "[errno]" ? "errno" : "constants"
      return
    }
    if (table === undefined) throw new Error(`${where}: an entry before [constants] or [errno]`)
    if (line.startsWith("##")) {
      lines.push({ kind: "group", table, title: line.slice(2).trim() })
      return
    }
    const match = entryPattern.exec(line)
    if (match === null) throw new Error(`${where}: cannot read "${line}"`)
    const [, name, optional, expr, cond, literal] = match as unknown as [string, string, string?, string?, string?, string?]
    if (seen.has(`${table}:${name}`)) throw new Error(`${where}: ${name} is listed twice`)
    seen.add(`${table}:${name}`)
    lines.push({ kind: "entry", table, name, optional: optional === "?", expr: expr ?? name, cond, literal })
  })
  return lines
}

/** The C for one entry: the value under its condition, CPython's literal where the headers lack it. */
const cEntry = (e: Entry): string => {
  // `long` first, as CPython's PyModule_AddIntConstant does: ~0 stays -1, 0xffffffffu stays 4294967295.
  const put = (value: string) => `  put(env, ${e.table === "errno" ? "e" : "c"}, "${e.name}", (double)(long)(${value}));`
  const own = `defined(${e.name})`
  if (e.literal !== undefined) {
    const inner = [`#if ${own}`, put(e.expr), "#else", put(e.literal), "#endif"]
    return e.cond === undefined ? inner.join("\n") : [`#if ${e.cond}`, ...inner, "#endif"].join("\n")
  }
  const cond = e.cond ?? own
  // Without `?` the TypeScript type promises a number: GF_CONSTANTS_STRICT (scripts/cross-check.sh)
  // turns a missing required name into a build error on every platform it compiles for.
  const strict = e.optional ? [] : ["#elif defined(GF_CONSTANTS_STRICT)", `#error "${e.name} is required (no ? in constants.list) but this platform lacks it"`]
  return [`#if ${cond}`, put(e.expr), ...strict, "#endif"].join("\n")
}

const header = (lines: ReadonlyArray<Line>): string =>
  [
    "/* Generated from native/constants.list by scripts/gen-constants.ts (npm run gen:constants): do not edit. */",
    ...lines.map((l) => (l.kind === "group" ? `/* ${l.table}: ${l.title} */` : cEntry(l))),
    ""
  ].join("\n")

const typescript = (lines: ReadonlyArray<Line>): string => {
  const body = lines
    .filter((l) => l.table === "constants")
    .map((l) => {
      if (l.kind === "group") return `// ${l.title}`
      const type = l.optional ? "number | undefined" : "number"
      const value = l.optional ? `C.${l.name}` : `C.${l.name}!`
      return `/** @since 0.1.0 @category constants */ export const ${l.name}: ${type} = ${value}`
    })
  return [
    "/**",
    " * The platform's socket constants as named exports (`AF_INET`, `SOCK_STREAM`, `SO_REUSEADDR`, ...), the",
    " * names CPython's socket module defines. Every value is read from the native addon at load time; none is",
    " * written here as a literal. A name typed `number | undefined` is platform-dependent and `undefined`",
    " * where the platform lacks it (`AF_PACKET` off Linux, `SCM_CREDS` off the BSDs).",
    " *",
    " * Generated from packages/core/native/constants.list by packages/core/scripts/gen-constants.ts",
    " * (`npm run gen:constants` in packages/core): edit the list, not this file.",
    " *",
    " * @example",
    " * ```ts",
    " * import { AF_INET, SOCK_STREAM } from \"@greenfiber/socket\"",
    " * // AF_INET === 2, SOCK_STREAM === 1 on Linux",
    " * ```",
    " * @since 0.1.0",
    " */",
    "import { constants } from \"@greenfiber/core\"",
    "",
    "const C = constants as Record<string, number | undefined>",
    "",
    ...body,
    ""
  ].join("\n")
}

const lines = parse(readFileSync(listPath, "utf8"))
const outputs: ReadonlyArray<readonly [string, string]> = [[headerPath, header(lines)], [tsPath, typescript(lines)]]

if (process.argv.includes("--check")) {
  const stale = outputs.filter(([path, text]) => {
    try {
      return readFileSync(path, "utf8") !== text
    } catch {
      return true
    }
  })
  for (const [path] of stale) console.error(`${relative(process.cwd(), path)} is out of date: run npm run gen:constants in packages/core`)
  process.exit(stale.length === 0 ? 0 : 1)
}
for (const [path, text] of outputs) writeFileSync(path, text)
