/** Output conventions shared by every command: JSON lines on stdout, messages and errors on stderr. */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** One clear error line naming the item and the reason. */
export function printError(item: string, reason: string): void {
  process.stderr.write(`error: ${item}: ${reason}\n`);
}

export function printNote(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Thrown by a command for a user-facing failure: main prints the message and exits with the code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
