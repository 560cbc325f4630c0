// Image import from archives and layouts (barrel).
export { importArchive, type ImportOptions, type ImportResult } from "./import-archive.js";
export { detectArchiveFormat, type ArchiveFormat } from "./detect.js";
