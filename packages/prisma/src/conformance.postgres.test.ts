import { prismaConformance } from '../test/conformance.js'

await prismaConformance('postgres')
