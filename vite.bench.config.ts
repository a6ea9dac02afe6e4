import { resolve } from 'node:path'
import { defineConfig } from 'vite'

/**
 * `npm run bench` is built like the headless server: plain Node, CommonJS, its dependencies
 * (zod, highs and its WebAssembly file) loaded from node_modules at run time.
 */
export default defineConfig({
  build: {
    ssr: resolve(__dirname, 'src-main/bench/cli.ts'),
    outDir: 'out/bench',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: { output: { format: 'cjs', entryFileNames: 'index.js' } },
  },
})
