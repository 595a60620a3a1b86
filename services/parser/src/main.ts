#!/usr/bin/env node
import { runUntilSignalled, startRole } from '@strand/pipeline';
import { loadSources } from '@strand/sources';

// The parser service turns raw payloads into records: it runs the parser stage of every source in the list, in one process.
await runUntilSignalled('parser', async (config, logger, onFatal) => startRole('parser', { config, logger, onFatal, sources: await loadSources(config) }));
