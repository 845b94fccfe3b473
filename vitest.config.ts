import { defineConfig } from "vitest/config"

// Tests run the packages' TypeScript sources, as every npm script here does (.npmrc): the
// "@greenfiber/source" export condition maps each package to its src/index.ts.
const conditions = ["@greenfiber/source"]
// The Node processes tests spawn (demo, examples, children) need it too, however vitest was started.
const flag = "--conditions=@greenfiber/source"
if (!(process.env.NODE_OPTIONS ?? "").includes(flag)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} ${flag}`.trim()
}

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks"
  }
})
