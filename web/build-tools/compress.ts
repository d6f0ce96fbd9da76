import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { Plugin } from 'vite'

/**
 * Writes `x.br` (brotli, quality 11) and `x.gz` (gzip, level 9) beside every compressible file of
 * the build, when the copy is smaller. The server sends the copy the browser's Accept-Encoding
 * takes (server/src/api/static_files.cpp), so it never compresses on the fly.
 */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/
const MIN_BYTES = 1024

export function compressAssets(): Plugin {
  let outDir = 'dist'
  return {
    name: 'eldercare-compress-assets',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue
        const body = fs.readFileSync(file)
        if (body.length < MIN_BYTES) continue
        const br = zlib.brotliCompressSync(body, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        })
        const gz = zlib.gzipSync(body, { level: 9 })
        if (br.length < body.length) fs.writeFileSync(`${file}.br`, br)
        if (gz.length < body.length) fs.writeFileSync(`${file}.gz`, gz)
      }
    },
  }
}
