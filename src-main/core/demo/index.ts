/**
 * The built-in demo home: a simulated site that lets a user with no accounts see Sunspill work.
 */
export { createDemoHome } from './home'
export type { DemoCharger, DemoHome, DemoHomeOptions } from './home'
