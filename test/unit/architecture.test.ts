import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!)
}

function offenders(dir: string, forbidden: (specifier: string) => boolean): string[] {
  return sources(join(root, dir)).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((spec) => `${relative(root, file)} imports ${spec}`),
  )
}

const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/')
const isNode = (s: string) => s.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'http', 'crypto', 'net'].includes(s)

describe('layer rules', () => {
  it('the core never imports electron, so it runs in plain Node', () => {
    expect(offenders('src-main/core', isElectron)).toEqual([])
    expect(offenders('src-main/headless', isElectron)).toEqual([])
    expect(offenders('src-main/remote', isElectron)).toEqual([])
  })

  it('the shared contract imports neither Node nor Electron', () => {
    expect(offenders('src-shared', (s) => isElectron(s) || isNode(s))).toEqual([])
  })

  it('the renderer talks only to window.api: no Node, no Electron, no main-process code', () => {
    expect(offenders('src-renderer', (s) => isElectron(s) || isNode(s) || s.includes('src-main'))).toEqual([])
  })
})
