#!/usr/bin/env node
import { runUntilSignalled, startRole } from '@strand/pipeline';
import { loadSources } from '@strand/sources';

// The sink service writes records into PostgreSQL with COPY: it runs the sink stage of every source in the list, in one process.
await runUntilSignalled('sink', async (config, logger, onFatal) => startRole('sink', { config, logger, onFatal, sources: await loadSources(config) }));
