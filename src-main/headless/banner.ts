/**
 * What `npm run serve` prints once it listens. The link carries the access token, so it is
 * printed only to a terminal: under systemd or any other redirect, stdout ends up in a log
 * (journald keeps it for anyone in the adm or systemd-journal group), so the lines say instead
 * where the token file is and how to make the link from it.
 */
export interface BannerFacts {
  /** Scheme, host and port, e.g. https://sunspill.local:4777 */
  origin: string
  token: string
  tokenFile: string
  dataDir: string
  /** Simulation speed; 1 is real time. */
  speed: number
  tls: { fingerprint: string; validTo: string } | null
}

export function bannerLines(facts: BannerFacts, toTerminal: boolean): string[] {
  const lines = [`Sunspill is running headless${facts.speed === 1 ? '' : ` (demo at ${facts.speed}× speed)`}.`]
  if (toTerminal) {
    lines.push(`Open ${facts.origin}/#token=${facts.token}`)
  } else {
    lines.push(
      `Serving ${facts.origin}/ (the link with the access token is not printed here, because this output is not a terminal and may be kept in a log).`,
      `To open it, add #token= and the contents of the access token file, e.g.: echo "${facts.origin}/#token=$(cat ${shellQuote(facts.tokenFile)})"`,
    )
  }
  if (facts.tls) {
    // The tray app shows the same line when it first connects; the user compares the two.
    lines.push(`Certificate SHA-256 fingerprint: ${facts.tls.fingerprint}`, `Certificate valid until: ${facts.tls.validTo}`)
  }
  lines.push(`Access token file: ${facts.tokenFile}`, `Data folder: ${facts.dataDir}`)
  return lines
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}
