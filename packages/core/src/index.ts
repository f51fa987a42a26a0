export * from './job/job.js'
export * from './job/states.js'
export * from './errors.js'
export type * from './store/port.js'
