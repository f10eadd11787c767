// Typed errors for bad input: each names the file and says what is wrong, so a batch can
// record it against that document and go on.
export type InputErrorCode =
  | 'NOT_FOUND'
  | 'UNREADABLE'
  | 'EMPTY_FILE'
  | 'BINARY_JUNK'
  | 'UNSUPPORTED_TYPE'
  | 'NO_TABLE'
  | 'CORRUPT_PDF'
  | 'ENCRYPTED_PDF'
  | 'ENCRYPTED_OFFICE'
  | 'TOO_LARGE'
  | 'NO_PAGES'
  /** `ziping ingest`: extraction ran past INGEST_TIMEOUT_MS. */
  | 'TIMEOUT'
  /** A link the folder walk does not follow: broken, or back into a folder already read. */
  | 'SYMLINK';

export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly code: InputErrorCode,
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

export const isInputError = (e: unknown): e is InputError => e instanceof InputError;
