/** Option values several commands take, each checked the same way: a bad one is a usage error (exit 2). */
import { EntityType } from '../model.ts';
import { CliError } from './output.ts';

/** A whole number from 1 to `max` given to `--option`. */
export function wholeNumber(option: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`--${option} must be a whole number from 1 to ${max}, not ${value}`, 2);
  return n;
}

/** An entity type given to `--type`, when one is. */
export function entityTypeOption(value: string | undefined): EntityType | undefined {
  if (value === undefined) return undefined;
  const parsed = EntityType.safeParse(value);
  if (!parsed.success) throw new CliError(`unknown entity type ${value} (expected ${EntityType.options.join(', ')})`, 2);
  return parsed.data;
}
