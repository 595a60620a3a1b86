#!/usr/bin/env node
// The enricher service adds derived data to records: it runs the enricher stage of every source in the list, in one process.
// Until it has started, a stop signal just ends the process: nothing is in flight yet.
const stopEarly = (): never => process.exit(0);
process.once('SIGTERM', stopEarly).once('SIGINT', stopEarly);
const { runRoleService } = await import('@strand/pipeline');
const { loadSources } = await import('@strand/sources');
await runRoleService('enricher', loadSources, stopEarly);
