// A1-style cell addresses as Excel names cells. XLSX refs use them, and so do CSV refs: the
// address a reviewer sees when the CSV is opened in a spreadsheet.
const A = 'A'.charCodeAt(0);

/** `C7` for the 0-based row 6, column 2. */
export function cellAddress(row: number, col: number): string {
  let s = '';
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(A + ((c - 1) % 26)) + s;
  return `${s}${row + 1}`;
}
