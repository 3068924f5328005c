// Zstandard, decoded in WebAssembly: the checker's precompiled Python arrives as one
// zstd-compressed zip (tools/pyodide_artefacts.mjs). Why: zstd packs the whole zip at once
// and finds what the modules share, where a zip's deflate packs each file on its own
// (about 600 instead of 810 kB). Browsers only decode gzip and deflate themselves.
//
// The decoder is the WebAssembly of the pinned npm package zstddec (zstd's own
// single-file decoder, built with Emscripten), written to the site by the build as its
// own file (the package would load it from a data: URL, which the site's CSP refuses).
// It exports malloc, free, ZSTD_findDecompressedSize, ZSTD_decompress and ZSTD_isError.
// Used by the worker (javascripts/checker-worker.js) and under Node by the build and
// the parity test, so what the build checks is what the browser runs.

// `source`: a Response (or a promise of one) for the .wasm, or its bytes.
// Returns decode(bytes) → Uint8Array; it throws on anything that is not one whole zstd frame.
export async function zstdDecoder(source) {
  let memory = null;
  const imports = { env: { emscripten_notify_memory_growth: () => {} } };
  const loaded = await source;
  const { instance } = loaded instanceof ArrayBuffer || ArrayBuffer.isView(loaded)
    ? await WebAssembly.instantiate(loaded, imports)
    : await WebAssembly.instantiateStreaming(loaded, imports);
  const zstd = instance.exports;
  // The memory may grow at every malloc: a view is made again after each.
  const heap = () => {
    if (!memory || memory.buffer !== zstd.memory.buffer) memory = new Uint8Array(zstd.memory.buffer);
    return memory;
  };
  return function decode(bytes) {
    const input = zstd.malloc(bytes.length) >>> 0;
    try {
      heap().set(bytes, input);
      // The frame header holds the size (the build writes it). The 64-bit result arrives
      // signed: "unknown" and "error" are -1 and -2.
      const size = zstd.ZSTD_findDecompressedSize(input, bytes.length);
      if (size < 0n || size > 0x7fffffffn) throw new Error("zstd: geen geldig frame");
      const output = zstd.malloc(Number(size)) >>> 0;
      try {
        const written = zstd.ZSTD_decompress(output, Number(size), input, bytes.length) >>> 0;
        if (zstd.ZSTD_isError(written) || written !== Number(size)) throw new Error("zstd: uitpakken mislukt");
        return heap().slice(output, output + written);
      } finally {
        zstd.free(output);
      }
    } finally {
      zstd.free(input);
    }
  };
}
