/** RFC 4180 reading and writing, and the formula-injection guard. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsvError, formatCsv, guardCell, parseCsv, unguardCell } from './csv.ts';

describe('csv', () => {
  it('writes a BOM, CRLF, and quotes only what needs quoting', () => {
    const text = formatCsv([['a', 'b,c', 'say "hi"', 'two\nlines'], ['1', '', '乐昌', 'x']]);
    assert.equal(text, '\uFEFFa,"b,c","say ""hi""","two\nlines"\r\n1,,乐昌,x\r\n');
  });

  it('reads back what it writes, with row numbers of the spreadsheet', () => {
    const records = [['name', 'note'], ['城北社区"一号",终端', 'multi\r\nline'], ['x', '']];
    const parsed = parseCsv(formatCsv(records));
    assert.deepEqual(parsed.map((r) => r.cells), records);
    assert.deepEqual(parsed.map((r) => r.row), [1, 2, 3]);
  });

  it('accepts LF, CR, no final newline and blank lines (which still count as rows)', () => {
    assert.deepEqual(parseCsv('a,b\n\n1,2').map((r) => [r.row, r.cells]), [[1, ['a', 'b']], [3, ['1', '2']]]);
    assert.deepEqual(parseCsv('a\r1\r').map((r) => r.cells), [['a'], ['1']]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the row', () => {
    assert.throws(() => parseCsv('a\n"open'), (e: unknown) => e instanceof CsvError && e.record === 2);
    assert.throws(() => parseCsv('a\n"x"y'), /text after a closing quote/);
  });

  it('guards cells a spreadsheet would run as formulas, and takes the guard off again', () => {
    for (const bad of ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', "'=already"]) {
      assert.equal(guardCell(bad), `'${bad}`);
      assert.equal(unguardCell(guardCell(bad)), bad);
    }
    for (const fine of ['乐昌', '-113.5', '25.1', "it's", '']) {
      assert.equal(guardCell(fine), fine);
      assert.equal(unguardCell(fine), fine);
    }
    assert.ok(formatCsv([['=1+1']]).includes("'=1+1"));
  });
});
