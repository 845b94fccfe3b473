/** Prints a titled, aligned text table (first row is the header) and returns it as markdown too. */
export const printTable = (title: string, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  const line = (r: ReadonlyArray<string>) => "| " + r.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ") + " |"
  const md = [line(rows[0]!), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.slice(1).map(line)].join("\n")
  console.log(`\n${title}\n${md}`)
  return `### ${title}\n\n${md}\n`
}
