import { prismaConformance } from '../test/conformance.js'

await prismaConformance('sqlite')
