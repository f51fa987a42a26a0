export { dashboardResponse, createDashboardHandler, dashboardCsp, DEFAULT_POLL_MS } from './handler/response.js'
export type { DashboardOptions, DashboardHandlerOptions } from './handler/response.js'
