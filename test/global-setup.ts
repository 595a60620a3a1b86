/**
 * Brings the real local stack (Kafka, Apicurio, PostgreSQL, Redis) up once before the suite,
 * resolving the Maven jars on first use. Set STRAND_SKIP_STACK=1 to run pure unit tests only.
 */
export default async function setup(): Promise<void> {
  if (process.env.STRAND_SKIP_STACK === '1') return;
  const { stackUp } = await import('@strand/stack');
  await stackUp({ log: (line: string) => process.stdout.write(`[stack] ${line}\n`) });
}
