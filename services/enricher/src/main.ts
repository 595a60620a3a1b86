#!/usr/bin/env node
import { runUntilSignalled, startRole } from '@strand/pipeline';
import { loadSources } from '@strand/sources';

// The enricher service adds derived data to records: it runs the enricher stage of every source in the list, in one process.
await runUntilSignalled('enricher', async (config, logger, onFatal) => startRole('enricher', { config, logger, onFatal, sources: await loadSources(config) }));
