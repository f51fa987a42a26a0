// Moved to ../notify/local.ts (which does not load better-sqlite3); kept for the sqlite entry point.
export { LocalNotifier, localNotifier } from '../notify/local.js'
