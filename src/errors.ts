/**
 * The project's own error for bad input. Readers, parsers and the pipeline throw only this for input they
 * cannot use; anything else escaping them is a bug (the fuzz tests check exactly that).
 */
export class InputError extends Error {
  override name = 'InputError';
}
