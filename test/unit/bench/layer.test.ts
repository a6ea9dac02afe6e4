import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = resolve(__dirname, '../../../src-main/bench')

describe('the benchmark runs in plain Node', () => {
  it('never imports electron or the shell, only the core the app runs', () => {
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)]
          .map((m) => m[1]!)
          .filter((spec) => spec === 'electron' || spec.startsWith('electron/') || spec.includes('/shell/') || spec.includes('/preload/'))
          .map((spec) => `${f} imports ${spec}`),
      )
    expect(offenders).toEqual([])
  })
})
