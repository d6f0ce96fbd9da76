// API types from docs/openapi.yaml (openapi-typescript) into src/types/api/schema.d.ts.
//   node scripts/gen-api.mjs          write the file      (npm run gen:api)
//   node scripts/gen-api.mjs --check  fail when the checked-in file differs from a fresh
//                                     generation            (npm run check:api; scripts/test)
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'

const here = path.dirname(fileURLToPath(import.meta.url))
const spec = path.resolve(here, '../../docs/openapi.yaml')
const out = path.resolve(here, '../src/types/api/schema.d.ts')

const header = `// Generated from docs/openapi.yaml by scripts/gen-api.mjs (npm run gen:api). Do not edit:
// change docs/openapi.yaml and generate again; CI (npm run check:api) fails when they differ.
`
const ast = await openapiTS(new URL(`file://${spec}`))
const fresh = header + astToString(ast)

if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : ''
  if (current !== fresh) {
    console.error(`${path.relative(process.cwd(), out)} is not what docs/openapi.yaml generates: run npm run gen:api and commit it.`)
    process.exit(1)
  }
  console.log('API types match docs/openapi.yaml')
} else {
  fs.writeFileSync(out, fresh)
  console.log(`wrote ${path.relative(process.cwd(), out)}`)
}
