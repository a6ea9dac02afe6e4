/**
 * Which names the server answers to. A page on another site can point its own name at this
 * machine (DNS rebinding); its requests then carry that name in the Host header, so a server that
 * only answers to names it was given cannot be driven from such a page.
 */
import { isIP } from 'node:net'

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1']

/**
 * A Host header's name: "Sunspill.local:4777" → "sunspill.local", "[::1]:4777" → "::1". Names
 * are case-insensitive, and "sunspill.local." (fully qualified) is the same machine.
 */
export function hostNameOf(hostHeader: string): string {
  const text = hostHeader.trim().toLowerCase()
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(text)
  return bracketed ? bracketed[1]! : text.replace(/:\d+$/, '').replace(/\.$/, '')
}

/** An address or name as given on the command line: no brackets, lower case. */
function bareName(text: string): string {
  return text.trim().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase()
}

/** A name for --allow-host, as the Host header would carry it without its port; null when it is not one. */
export function allowedHostName(text: string): string | null {
  const name = bareName(text)
  if (isIP(name) !== 0) return name
  return /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(name) ? name : null
}

/**
 * The address the server is bound to, loopback, and every --allow-host name. Empty means any
 * name: bound to all interfaces, the machine has more addresses than the server can know.
 */
export function acceptedHostNames(bindHost: string, allowHosts: readonly string[]): string[] {
  if (bindHost === '0.0.0.0' || bindHost === '::') return []
  return [...new Set([bareName(bindHost), ...LOOPBACK_NAMES, ...allowHosts.map(bareName)])]
}

/** The 421 sentence: which names work, and how to add the one that was used. */
export function wrongHostMessage(accepted: readonly string[], hostHeader: string): string {
  const asked = hostNameOf(hostHeader)
  // The header is the caller's text: it goes into the sentence only when it is a plain name.
  const shown = allowedHostName(asked)
  const named = shown ? `, not to ${shown}` : ''
  return (
    `This server only answers to its own address (${accepted.join(', ')})${named}: use that address, as in the link it printed, ` +
    `or start the server with --allow-host ${shown ?? 'NAME'} to accept ${shown ? 'this name' : 'the name you use'}.`
  )
}
