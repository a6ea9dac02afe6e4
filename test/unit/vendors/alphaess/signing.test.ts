import { afterEach, describe, expect, it } from 'vitest'
import { alphaessSign, alphaessTimeStamp, signedHeaders } from '../../../../src-main/core/vendors/alphaess/signing'
import { harness, type Harness } from './harness'

describe('AlphaESS signing', () => {
  it('matches the portal test vector', () => {
    expect(alphaessSign('alphaef7900ee81dbbce9', 'c2d2ef6c047c49678e2c332fb2d74c3c', '1676353875')).toBe(
      '0f023c2287b8f6b21b0994947465f8e9de0e1542567b1735bdc6c427336b9b6406285cd94f9215c3e9af958df37fb11c2c9fe792713d8afbdb8c463359a1add8',
    )
  })

  it('sends the timestamp in whole seconds and signs that same string', () => {
    const headers = signedHeaders('alphaef7900ee81dbbce9', 'c2d2ef6c047c49678e2c332fb2d74c3c', 1676353875_999)
    expect(headers.timeStamp).toBe('1676353875')
    expect(headers.sign).toBe(alphaessSign('alphaef7900ee81dbbce9', 'c2d2ef6c047c49678e2c332fb2d74c3c', '1676353875'))
    expect(headers['Content-Type']).toBe('application/json')
    expect(alphaessTimeStamp(999)).toBe('0')
  })

  describe('against the fake', () => {
    let h: Harness
    afterEach(async () => h?.close())

    it('the fake accepts our signature and reads the time from the injected clock', async () => {
      h = await harness()
      await expect(h.client().getEssList()).resolves.toHaveLength(1)
      // 299 s of skew is still inside AlphaESS's 300 s window.
      await h.close()
      h = await harness()
      const skewed = h.client({ clock: { now: () => h.clock.now() + 299_000, speed: 1 } })
      await expect(skewed.getEssList()).resolves.toHaveLength(1)
    })
  })
})
