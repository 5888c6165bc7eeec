/**
 * The project's own error for bad input. Readers, parsers and the pipeline throw only this for input they
 * cannot use; anything else escaping them is a bug (the fuzz tests check exactly that).
 */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * The archive a command names (--db or STORYLINE_DB) cannot be opened or brought up to date: a missing
 * folder, a file that is not a database, a server that does not answer. The message names the archive
 * (without a password) and the reason, for one error line.
 */
export class ArchiveOpenError extends Error {
  override name = 'ArchiveOpenError';
}
