/**
 * Why a file could not be read. `kind` lets the HTTP layer pick a status
 * (unsupported → 415, too_large → 413, invalid → 400); the message is for a person.
 */
export type IoErrorKind = 'unsupported' | 'invalid' | 'too_large';

export class IoError extends Error {
  constructor(
    readonly kind: IoErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'IoError';
  }
}

export const invalid = (message: string) => new IoError('invalid', message);
export const tooLarge = (message: string) => new IoError('too_large', message);
