/** Shows a sentence with `commands` in backticks as code, the way our messages quote them. */
export function Sentence({ text }: { text: string }) {
  const parts = text.split('`')
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>
}
