#!/usr/bin/env node
import { runUntilSignalled, startRole } from '@strand/pipeline';
import { loadSources } from '@strand/sources';

// The fetcher service downloads each source's raw payloads within its upstream limits: it runs the fetcher stage of every source in the list, in one process.
await runUntilSignalled('fetcher', async (config, logger, onFatal) => startRole('fetcher', { config, logger, onFatal, sources: await loadSources(config) }));
