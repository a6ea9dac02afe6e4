import { expect } from 'vitest'
import { VendorError } from '../../../src-main/core/errors'

/** The VendorError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function failure(promise: Promise<unknown>): Promise<VendorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(VendorError)
  return error as VendorError
}
