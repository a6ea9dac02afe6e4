/** Sentences the transport shows to people; kept together so tests and views agree on them. */
export const TOKEN_NEEDED_MESSAGE = 'This page needs the link with its access token that `npm run serve` printed.'

export const UNREACHABLE_MESSAGE = 'Cannot reach Sunspill. Check that `npm run serve` is still running, then try again.'

export function unexpectedReplyMessage(channel: string): string {
  return `Sunspill sent a reply to ${channel} that this page does not understand. Reload the page; if it persists, rebuild with \`npm run serve\`.`
}

export function statusMessage(channel: string, status: number, statusText: string): string {
  const what = statusText ? `${status} ${statusText}` : String(status)
  return `Sunspill answered ${what} to ${channel}. Try again; if it persists, check the server's log.`
}
