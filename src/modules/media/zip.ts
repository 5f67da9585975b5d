/**
 * Office Open XML documents (DOCX, XLSX, PPTX) are ZIP archives. This reads only the
 * ZIP's central directory (APPNOTE.TXT §4.3.12, §4.3.16) to list the entry names: an
 * Office document has `[Content_Types].xml` and its main part; nothing is inflated.
 */
import fs from 'node:fs/promises';
import type { FormatId } from './formats.ts';

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
/** End-of-central-directory record: 22 bytes plus a comment of up to 65535. */
const EOCD_SEARCH = 22 + 0xffff;
const MAX_ENTRIES = 20_000;

/** The names of a ZIP's entries, or null when the central directory cannot be read. */
export async function zipEntryNames(file: string): Promise<string[] | null> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, EOCD_SEARCH);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    // ZIP64 markers, or a directory pointing outside the file: not a document we read.
    if (count === 0xffff || dirOffset === 0xffffffff || count > MAX_ENTRIES || dirOffset + dirSize > size) return null;
    const dir = Buffer.alloc(dirSize);
    await fh.read(dir, 0, dirSize, dirOffset);
    const names: string[] = [];
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > dir.length || dir.readUInt32LE(at) !== CENTRAL_SIG) return null;
      const nameLen = dir.readUInt16LE(at + 28);
      const extraLen = dir.readUInt16LE(at + 30);
      const commentLen = dir.readUInt16LE(at + 32);
      if (at + 46 + nameLen > dir.length) return null;
      names.push(dir.subarray(at + 46, at + 46 + nameLen).toString('utf8'));
      at += 46 + nameLen + extraLen + commentLen;
    }
    return names;
  } finally {
    await fh.close();
  }
}

/** DOCX, XLSX or PPTX; otherwise why the ZIP is refused. Macro-enabled documents are refused. */
export async function officeFormatOf(file: string): Promise<FormatId | { refused: string }> {
  const names = await zipEntryNames(file);
  if (!names) return { refused: 'This ZIP archive cannot be read (damaged, or ZIP64): only DOCX, XLSX and PPTX documents are accepted.' };
  const has = new Set(names);
  if (!has.has('[Content_Types].xml')) return { refused: 'ZIP archives are not accepted: only DOCX, XLSX and PPTX documents.' };
  if (names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) {
    return { refused: 'Documents with macros (DOCM, XLSM, PPTM) are not accepted: save it as DOCX, XLSX or PPTX.' };
  }
  if (has.has('word/document.xml')) return 'docx';
  if (has.has('xl/workbook.xml')) return 'xlsx';
  if (has.has('ppt/presentation.xml')) return 'pptx';
  return { refused: 'This Office Open XML package is neither a DOCX, an XLSX nor a PPTX document.' };
}
