// The list of sources for the fixture test: the built-in ones plus one line for the fixture.
import { builtInSources } from '@strand/sources';
import { greetingsSource } from './greetings-source.mjs';

export const sources = [...builtInSources, greetingsSource];
