import { resolve } from 'node:path'
import { defineConfig } from 'vite'

/**
 * The headless server is built on its own: bundled with the Electron entry, the bundler would
 * share chunks (and its runtime helpers) with that entry, and plain Node would then load electron.
 */
export default defineConfig({
  build: {
    ssr: resolve(__dirname, 'src-main/headless/cli.ts'),
    outDir: 'out/headless',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: { output: { format: 'cjs', entryFileNames: 'index.js' } },
  },
})
