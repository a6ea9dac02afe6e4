import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    setupFiles: ['test/unit/setup.ts'],
    // electron-store imports electron itself; inlining lets the global electron mock reach it.
    server: { deps: { inline: ['electron-store'] } },
    mockReset: true,
    pool: 'threads',
    testTimeout: 20_000,
  },
})
