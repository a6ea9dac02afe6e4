/**
 * Where the Andersen cloud lives. The Cognito constants are the Konnect+ app's own (every public
 * client uses the same ones). A base URL override points *everything* at one host, laid out like
 * the real GraphQL host (queries at the root, subscriptions at /graphql, the e-mail lookup at
 * /get-pending-user) plus /cognito/ and /mobile/ for the two services that live elsewhere, so a
 * proxy or the test fake needs one address only.
 */
export const ANDERSEN_REGION = 'eu-west-1'
export const ANDERSEN_USER_POOL_ID = 'eu-west-1_t5HV3bFjl'
export const ANDERSEN_CLIENT_ID = '23s0olnnniu5472ons0d9uoqt9'

const GRAPHQL_HOST = 'https://graphql.andersen-ev.com'
const MOBILE_HOST = 'https://mobile.andersen-ev.com'

export interface AndersenEndpoints {
  /** POST queries and mutations here (the host root, no /graphql). */
  graphqlHttp: string
  /** Subscriptions over WebSocket. */
  graphqlWs: string
  /** Maps the e-mail to the Cognito username; no auth. */
  pendingUser: string
  /** The Cognito IDP JSON API. */
  cognito: string
  /** The mobile REST device list. */
  mobileDevices: string
}

export function andersenEndpoints(baseUrl = ''): AndersenEndpoints {
  const base = baseUrl.trim().replace(/\/+$/, '')
  if (base === '') {
    return {
      graphqlHttp: GRAPHQL_HOST,
      graphqlWs: `${GRAPHQL_HOST.replace(/^https:/, 'wss:')}/graphql`,
      pendingUser: `${GRAPHQL_HOST}/get-pending-user`,
      cognito: `https://cognito-idp.${ANDERSEN_REGION}.amazonaws.com/`,
      mobileDevices: `${MOBILE_HOST}/api/getDevices`,
    }
  }
  return {
    graphqlHttp: `${base}/`,
    graphqlWs: `${base.replace(/^http(s?):/, 'ws$1:')}/graphql`,
    pendingUser: `${base}/get-pending-user`,
    cognito: `${base}/cognito/`,
    mobileDevices: `${base}/mobile/api/getDevices`,
  }
}

export { hostOf } from '../shared/http'
