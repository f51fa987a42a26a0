/**
 * `node dist/profile.js <file.cpuprofile> [n]`: the top functions by self time of a V8 CPU profile
 * (as written by `node --cpu-prof`), with their share of the samples and where they live.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}

const [file, top = '25'] = process.argv.slice(2)
if (!file) throw new Error('usage: profile.js <file.cpuprofile> [n]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] }
const hits = new Map<number, number>()
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1)
const byFunction = new Map<string, number>()
for (const node of profile.nodes) {
  const url = node.callFrame.url.replace(/^.*node_modules\/\.pnpm\/([^/]+)\/node_modules\//, '$1:').replace(/^file:\/\/\/work\/main\//, '')
  const key = `${node.callFrame.functionName || '(anonymous)'}  ${url}:${node.callFrame.lineNumber + 1}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + (hits.get(node.id) ?? 0))
}
const total = profile.samples.length
for (const [key, n] of [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${((n / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
}
