import { loadConfig, createLogger, startTelemetry, describeError, type StrandConfig, type Logger } from '@strand/runtime';
import { startRole } from './role-service.js';
import type { Role, SourceDefinition } from './source.js';

/**
 * Runs a service until SIGINT/SIGTERM, then stops it cleanly. Start-up errors exit 1 with the
 * error's message; a fatal error while running (authentication refused) stops the service and
 * exits 1, so a supervisor sees it.
 */
export async function runUntilSignalled(serviceName: string, start: (config: StrandConfig, logger: Logger, onFatal: (err: unknown) => void) => Promise<{ stop(): Promise<void> }>, early?: () => void): Promise<void> {
  let config: StrandConfig;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${serviceName}: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel, { service: serviceName });
  const telemetry = startTelemetry(`strand-${serviceName}`, config, logger);
  let service: { stop(): Promise<void> } | undefined;
  let stopping = false;
  const shutdown = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { why });
    await service?.stop().catch((err) => logger.error('stop failed', { error: (err as Error).message }));
    await telemetry.shutdown().catch(() => undefined);
    process.exit(code);
  };
  const onFatal = (err: unknown) => {
    const e = err as Error & { code?: string };
    logger.error('fatal error, exiting', { code: e.code, error: e.message });
    process.stderr.write(`${serviceName}: ${e.message}\n`);
    void shutdown('fatal error', 1);
  };
  // A safety net: an error nothing handled is a bug; say so at error level and exit non-zero so the
  // supervisor restarts the service, rather than limp on with a consumer in an unknown state.
  const unhandled = (kind: string) => (err: unknown) => {
    logger.error(`${kind}: exiting so the supervisor restarts the service`, { ...describeError(err), stack: (err as Error)?.stack });
    void shutdown(kind, 1);
  };
  process.on('unhandledRejection', unhandled('unhandled rejection'));
  process.on('uncaughtException', unhandled('uncaught exception'));
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  if (early) process.off('SIGINT', early).off('SIGTERM', early);
  try {
    service = await start(config, logger, onFatal);
  } catch (err) {
    const e = err as Error & { code?: string };
    logger.error('start-up failed', { code: e.code, error: e.message });
    process.stderr.write(`${serviceName}: ${e.message}\n`);
    await telemetry.shutdown().catch(() => undefined);
    process.exit(1);
  }
}

/**
 * A service's whole life: run `role` for every source `loadSources` gives, until a signal. `early`
 * is the handler main.ts installed before loading anything; it is replaced here.
 */
export async function runRoleService(role: Role, loadSources: (config: StrandConfig) => Promise<readonly SourceDefinition[]>, early?: () => void): Promise<void> {
  await runUntilSignalled(role, async (config, logger, onFatal) => startRole(role, { config, logger, onFatal, sources: await loadSources(config) }), early);
}
