import { typeormConformance } from '../test/conformance.js'

await typeormConformance('sqlite')
