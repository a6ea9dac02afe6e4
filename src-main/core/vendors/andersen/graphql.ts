/**
 * Queries and mutations over HTTP POST with `Authorization: Bearer <IdToken>`. Andersen runs Apollo
 * Server, so an expired token usually arrives as a 200 with `errors[].extensions.code ==
 * "UNAUTHENTICATED"` ("Context creation failed"), sometimes as a 401: either one renews the token
 * once and repeats the call. Other GraphQL errors become VendorErrors by code; a body that is not
 * the GraphQL envelope, or data that does not match the operation's schema, is 'bad-response'.
 */
import { z } from 'zod'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import type { TokenSource } from './auth'
import { hostOf } from './endpoints'
import { parseJson, type Http } from './http'
import { badResponse, rateLimited, refused, requestNotAccepted, serverTrouble, tokenRejected } from './messages'

export interface Operation<Vars, Data> {
  /** The operation name, as in the document and the request's operationName. */
  readonly name: string
  readonly document: string
  /** What a person would call it in a sentence ("locking the charger"). */
  readonly what: string
  readonly data: z.ZodType<Data>
  /** Phantom: lets callers' variables be type-checked. */
  readonly _vars?: Vars
}

/** Curried so the variables are named and the data type is inferred from the schema. */
export function operation<Vars>() {
  return <S extends z.ZodType>(name: string, what: string, document: string, data: S): Operation<Vars, z.output<S>> => ({
    name,
    what,
    document,
    data: data as z.ZodType<z.output<S>>,
  })
}

const GraphqlError = z.object({
  message: z.string().catch('no message'),
  extensions: z.object({ code: z.string().optional() }).passthrough().nullish(),
})

const Envelope = z.object({
  data: z.unknown().optional(),
  errors: z.array(GraphqlError).nullish(),
})

type GraphqlError = z.infer<typeof GraphqlError>

export interface GraphqlClientOptions {
  endpoint: string
  tokens: TokenSource
  http: Http
  logger: Logger
}

type Attempt<Data> = { ok: true; data: Data } | { ok: false; unauthenticated: true }

export class GraphqlClient {
  constructor(private readonly options: GraphqlClientOptions) {}

  async request<Vars, Data>(op: Operation<Vars, Data>, variables: Vars): Promise<Data> {
    const token = await this.options.tokens.idToken()
    const first = await this.attempt(op, variables, token)
    if (first.ok) return first.data
    this.options.logger.info('Andersen token refused; renewing', { operation: op.name })
    const renewed = await this.options.tokens.renew(token)
    const second = await this.attempt(op, variables, renewed)
    if (second.ok) return second.data
    throw tokenRejected()
  }

  private async attempt<Vars, Data>(op: Operation<Vars, Data>, variables: Vars, token: string): Promise<Attempt<Data>> {
    const { endpoint, http } = this.options
    const answer = await http.send({
      method: 'POST',
      url: endpoint,
      headers: { authorization: `Bearer ${token}` },
      body: { operationName: op.name, variables: variables ?? {}, query: op.document },
    })
    if (answer.status === 401) return { ok: false, unauthenticated: true }
    if (answer.status === 429) throw rateLimited(answer.retryAfterMs)

    const json = parseJson(answer.text)
    const envelope = json.ok ? Envelope.safeParse(json.value) : null
    const errors = envelope?.success ? (envelope.data.errors ?? []) : []
    if (errors.some(isUnauthenticated)) return { ok: false, unauthenticated: true }
    if (answer.status >= 500) throw serverTrouble(hostOf(endpoint), answer.status)
    if (!envelope?.success || (envelope.data.data === undefined && errors.length === 0)) {
      throw badResponse(op.what, json.ok ? `HTTP ${answer.status}, not a GraphQL answer` : `HTTP ${answer.status}, not JSON`)
    }
    if (errors.length > 0) throw graphqlError(op.what, errors)

    const data = op.data.safeParse(envelope.data.data)
    if (!data.success) throw badResponse(op.what, describeIssue(data.error))
    return { ok: true, data: data.data }
  }
}

function isUnauthenticated(error: GraphqlError): boolean {
  return error.extensions?.code === 'UNAUTHENTICATED' || /invalid\/expired login token/i.test(error.message)
}

function graphqlError(what: string, errors: GraphqlError[]): VendorError {
  const first = errors[0]!
  const code = first.extensions?.code ?? ''
  if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code === 'BAD_USER_INPUT') {
    return requestNotAccepted(what, first.message)
  }
  if (code === 'FORBIDDEN') return new VendorError('auth', `Andersen says this account may not do that (${what}): ${first.message}.`)
  return refused(what, first.message)
}

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'unexpected shape'
  const path = issue.path.length > 0 ? issue.path.join('.') : 'the answer'
  return `${path}: ${issue.message}`
}
