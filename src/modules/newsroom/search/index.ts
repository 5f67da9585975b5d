/**
 * Manuscript search, for the newsroom module: keep the index in step with saves
 * (indexManuscript / removeFromIndex in the same transaction), search, rebuild.
 */
export { indexManuscript, indexManuscripts, prepareIndex, writeIndex, removeFromIndex, searchManuscripts, reindexAll, MAX_INDEXED_CHARS } from './search.service.ts';
export type { IndexDoc, IndexInput, SearchInput, SearchItem, SearchResult } from './search.service.ts';
export { searchRoutes } from './routes.ts';
export type { ManuscriptSearchTable } from './tables.ts';
