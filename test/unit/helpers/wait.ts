/** Polls until the condition holds (it may be async), or fails after timeoutMs. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'a condition'): Promise<void> {
  const start = Date.now()
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Checks that the condition keeps holding for holdMs (a count that must not grow, say). */
export async function staysTrue(condition: () => boolean, holdMs: number): Promise<boolean> {
  const start = Date.now()
  while (Date.now() - start < holdMs) {
    if (!condition()) return false
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return condition()
}
