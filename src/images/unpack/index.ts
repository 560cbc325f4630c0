// Layer unpacking (barrel).
export { unpackLayer, LayerUnpackError, type UnpackResult, type UnpackOptions } from "./unpack-layer.js";
export { detectCompression, type Compression } from "./compression.js";
export { unpackBinary } from "./binary.js";
