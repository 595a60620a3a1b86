import { describeConfig } from '@strand/runtime';

/** Prints every environment variable Strand reads, with its default. */
export async function configCommand(): Promise<number> {
  for (const field of describeConfig()) {
    process.stdout.write(`${field.name}=${String(field.default)}\n    ${field.description}\n`);
  }
  return 0;
}
