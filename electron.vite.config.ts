import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'src-main/index.ts') } },
      // electron-store is ESM-only; bundling it keeps the CJS main bundle loadable everywhere.
      externalizeDeps: { exclude: ['electron-store', 'conf'] },
    },
  },
  preload: {
    build: { rolldownOptions: { input: { index: resolve(__dirname, 'src-main/preload/index.ts') } } },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    build: {
      minify: true,
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
    plugins: [react()],
  },
})
